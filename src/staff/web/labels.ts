// Words for the values a case holds (category, team, status, priority, dates…), in the landlord's time zone.
import type { CaseRecord, CaseStatus } from '../../cases/case.repository';
import type { PolicyPack } from '../../policy/pack.schema';

export function createLabels(pack: PolicyPack, t: (key: string, params?: Record<string, unknown>) => string) {
  const timeZone = pack.calendar.timeZone;
  const dateTime = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
  const policyWord = (key: string | undefined, fallback: string) => (key ? t(key) : fallback);
  return {
    timeZone,
    when: (at: Date | string | undefined) => (at ? dateTime.format(new Date(at)) : ''),
    category: (category: CaseRecord['category']) => {
      const c = pack.categories.find((x) => x.id === category.id);
      const sub = c?.subcategories.find((s) => s.id === category.subcategoryId);
      const main = policyWord(c?.key, category.id);
      return sub ? `${main}: ${policyWord(sub.key, category.subcategoryId ?? '')}` : main;
    },
    kind: (kind: string) => t(`kind.${kind}`),
    team: (teamId: string) => policyWord(pack.teams.find((x) => x.id === teamId)?.key, teamId),
    status: (status: CaseStatus) => t(`status.${status}`),
    priority: (priority: string) => t(`priority.${priority}`),
    risk: (level: string) => t(`risk.${level}`),
    channel: (channel: string) => t(`channel.${channel}`),
    /** The reporter's language, named in English with its own name ("Welsh (Cymraeg)"). */
    language: (code: string | undefined) => t(`language.${code ?? 'en'}`, { defaultValue: code ?? 'en' }),
    outcome: (id: string | undefined) => (id ? policyWord(pack.outcomes.find((o) => o.id === id)?.key, id) : ''),
    answer: (value: string | boolean | undefined) => (value === undefined ? t('common.notGiven') : value === true ? t('common.yes') : value === false ? t('common.no') : t(`answer.${value}`)),
    size: (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`),
  };
}

export type Labels = ReturnType<typeof createLabels>;
