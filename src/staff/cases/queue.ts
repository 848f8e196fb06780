// The queue: a team's open cases, most urgent first, then by first-response deadline; each row marked
// overdue or due today in the landlord's time zone. A bounded read (`limit`), never the whole collection.
import type { QueueFilter, QueueRow, CaseRepository } from '../../cases/case.repository';
import { localDate } from '../../policy/working-days';

export const QUEUE_LIMIT = 200;

export type Due = 'overdue' | 'today' | 'later' | 'met' | 'none';

export interface QueueItem extends QueueRow {
  due: Due;
}

export function dueState(row: Pick<QueueRow, 'firstResponseDue' | 'firstRespondedAt'>, now: Date, timeZone: string): Due {
  if (row.firstRespondedAt) return 'met';
  if (!row.firstResponseDue) return 'none';
  if (row.firstResponseDue.getTime() < now.getTime()) return 'overdue';
  return localDate(row.firstResponseDue, timeZone) === localDate(now, timeZone) ? 'today' : 'later';
}

export function createQueue(deps: { repository: Pick<CaseRepository, 'listQueue' | 'queueVersion'>; timeZone: string; now: () => Date }) {
  return {
    async list(teamId: string, filter: QueueFilter, limit = QUEUE_LIMIT): Promise<QueueItem[]> {
      const now = deps.now();
      return (await deps.repository.listQueue(teamId, filter, limit)).map((row) => ({ ...row, due: dueState(row, now, deps.timeZone) }));
    },
    version: (teamId: string) => deps.repository.queueVersion(teamId),
  };
}

export type Queue = ReturnType<typeof createQueue>;
