// The case page's sections, in order, as data. Later work adds its own section the same way (a template under
// views/case/ and, if it needs one, the permission that shows it): the conversation for a live hand-off
// ('conversations.takeOver'), updates to the reporter ('reporters.sendUpdate').
import type { CaseRecord } from '../../cases/case.repository';
import type { Permission } from '../access/permissions';

export interface CaseSection {
  id: string;
  /** A template under src/staff/views/, rendered with `c` (the case view model), `csrfToken` and `t`. */
  template: string;
  /** Shown only to those who hold it. */
  permission?: Permission;
  /** 'main' column, or 'side' (actions). */
  area: 'main' | 'side';
  /** What the section reads for itself (in the template as `data.<section id>`), for a person who may see the case. */
  load?: (record: CaseRecord, context: { actor: string; from: string }) => Promise<unknown>;
}

export const CASE_SECTIONS: CaseSection[] = [
  { id: 'safety', template: 'case/safety.njk', area: 'main' },
  { id: 'alerts', template: 'case/alerts.njk', area: 'main' },
  { id: 'summary', template: 'case/summary.njk', area: 'main' },
  { id: 'risk', template: 'case/risk.njk', area: 'main' },
  { id: 'people', template: 'case/people.njk', area: 'main' },
  { id: 'report', template: 'case/report.njk', area: 'main' },
  { id: 'evidence', template: 'case/evidence.njk', area: 'main', permission: 'cases.viewTranscript' },
  { id: 'history', template: 'case/history.njk', area: 'main' },
  { id: 'actions', template: 'case/actions.njk', area: 'side' },
];
