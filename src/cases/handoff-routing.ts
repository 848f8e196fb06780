// Which team's list a request for a person goes in, from what the person has said so far.
import type { ReportDraft } from '../../dialogs/shared/report';
import type { PolicyPack } from '../policy/pack.schema';

/** Which team's list a request goes in: the first routing rule about what it is that names a team, else the default. */
export function handoffRouting(pack: PolicyPack, summary: Partial<ReportDraft>): { teamId: string; kind?: string } {
  const categoryId = summary.incident?.categoryId;
  const category = pack.categories.find((c) => c.id === categoryId);
  if (!category) return { teamId: pack.routing.defaultTeamId };
  const about = (rule: PolicyPack['routing']['rules'][number]) => {
    const { categoryKinds, categoryIds, subcategoryIds, ...other } = rule.when;
    if (Object.keys(other).length > 0 || rule.teamId === undefined) return false;
    if (categoryKinds && !categoryKinds.includes(category.kind)) return false;
    if (categoryIds && !categoryIds.includes(category.id)) return false;
    if (subcategoryIds && !subcategoryIds.includes(summary.incident?.subcategoryId ?? '')) return false;
    return true;
  };
  return { teamId: pack.routing.rules.find(about)?.teamId ?? pack.routing.defaultTeamId, kind: category.kind };
}
