// Repeat reports, pure: what earlier reports about the same victim, problem or place mean for this one, each
// counted in its own window from the pack (repeat victim, Community Trigger, repeat MARAC). The earlier
// reports are found by keyed lookup (src/cases/report-keys.ts); nothing here reads a store.
import type { PolicyPack } from '../policy/pack.schema';

export type MatchedOn = 'victim' | 'problem' | 'place';

export interface EarlierReport {
  /** The earlier report's case (absent in hand-made test reports). */
  caseId?: string;
  at: Date;
  /** What it shares with this report: the same victim, the same problem (who is causing it), the same place. */
  matchedOn: MatchedOn[];
  /** It was referred to MARAC. */
  marac: boolean;
}

export interface Repeats {
  /** Earlier reports about the same victim inside the repeat-victim window. */
  aboutVictim: number;
  /** Reports about the same victim, problem or place inside the Community Trigger window, this one included. */
  forCommunityTrigger: number;
  /** An earlier report about the same victim was referred to MARAC inside the repeat-MARAC window. */
  maracWithinRepeatWindow: boolean;
}

function monthsBefore(at: Date, months: number): number {
  const since = new Date(at);
  since.setUTCMonth(since.getUTCMonth() - months);
  return since.getTime();
}

export function countRepeats(earlier: readonly EarlierReport[], at: Date, pack: Pick<PolicyPack, 'repeatVictim' | 'communityTrigger' | 'risk'>): Repeats {
  const inside = (r: EarlierReport, months: number) => r.at.getTime() >= monthsBefore(at, months) && r.at.getTime() <= at.getTime();
  const victim = (r: EarlierReport) => r.matchedOn.includes('victim');
  return {
    aboutVictim: earlier.filter((r) => victim(r) && inside(r, pack.repeatVictim.windowMonths)).length,
    forCommunityTrigger: earlier.filter((r) => r.matchedOn.length > 0 && inside(r, pack.communityTrigger.windowMonths)).length + 1,
    maracWithinRepeatWindow: earlier.some((r) => victim(r) && r.marac && inside(r, pack.risk.marac.repeatMarac.windowMonths)),
  };
}
