// A case opened early, as urgent, brought up to date by its conversation: everything the report says is
// replaced by what it says now (a correction leaves nothing stale behind: flags, risk and reasons are the fresh
// triage's), while what staff have done stays theirs. Its priority and team follow the report only while nobody
// has picked it up (new, unassigned); once someone has, the priority is only ever raised here (a case staff took
// on as urgent stays urgent until they decide). The fresh record is triaged as received when the case opened, so
// its deadlines still count from then. Pure.
import { PRIORITY_RANK } from '../policy/pack.schema';
import type { CaseRecord, ReportUpdate } from './case.repository';

/** What a report decides on a case; everything else (status, assignment, history, alerts, SLA) is staff's. */
const REPORT_FIELDS = [
  'channel',
  'locale',
  'conversationKey',
  'category',
  'incident',
  'perpetrator',
  'reporter',
  'victim',
  'consent',
  'anonymity',
  'identityAccess',
  'identityFields',
  'safeContact',
  'contactHashes',
  'tenure',
  'safety',
  'police',
  'evidence',
  'vulnerability',
  'risk',
  'triage',
] as const satisfies readonly (keyof CaseRecord)[];

export function reportUpdateOf(fresh: CaseRecord, existing: CaseRecord, options: { complete: boolean; at: Date }): ReportUpdate {
  const set: ReportUpdate['set'] = { updatedAt: options.at };
  const unset: string[] = [];
  for (const field of REPORT_FIELDS) {
    if (fresh[field] === undefined) unset.push(field);
    else Object.assign(set, { [field]: fresh[field] });
  }
  const untouched = existing.status === 'new' && existing.assignedTo === undefined;
  if (untouched || PRIORITY_RANK[fresh.priority] <= existing.priorityRank) {
    Object.assign(set, { priority: fresh.priority, priorityRank: fresh.priorityRank });
    for (const field of ['firstResponseDue', 'appointmentOfferDue', 'deadlines'] as const) {
      if (fresh[field] === undefined) unset.push(field);
      else Object.assign(set, { [field]: fresh[field] });
    }
  }
  if (fresh.teamId !== existing.teamId && untouched) set.teamId = fresh.teamId;
  if (options.complete) unset.push('partial');
  return { set, unset };
}
