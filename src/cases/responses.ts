// What the landlord does for a report beyond routing, from its pack: the helplines that fit it, tasks for
// staff (pass drugs information to the police, a repair, check police engagement), notices said to the
// reporter after they send it, and safeguarding for forms of domestic abuse. Pure.
import type { ReportDraft } from '../../dialogs/shared/report';
import type { CategoryKind, PolicyPack } from '../policy/pack.schema';

export type TaskId = 'passToPolice' | 'reviewEvidence' | 'checkPoliceEngagement' | 'repairs';

export interface Task {
  id: TaskId;
  /** The policy section it comes from. */
  source: string;
}

const TASK_OF: Partial<Record<PolicyPack['categoryResponses'][number]['action'], TaskId>> = {
  pass_to_police_as_intelligence: 'passToPolice',
  request_evidence: 'reviewEvidence',
  supplement_police: 'checkPoliceEngagement',
  refer_to_repairs: 'repairs',
};

export interface Responses {
  helplineIds: string[];
  tasks: Task[];
  /** Domestic-abuse forms the pack marks as child safeguarding (FGM), with their sources. */
  childSafeguarding: { formId: string; source: string }[];
  /** Domestic-abuse forms staff are alerted to act on the same day (forced marriage, FGM), with their label keys. */
  alertForms: { formId: string; key: string; source: string }[];
}

export function responsesFor(
  report: ReportDraft,
  pack: PolicyPack,
  on: { kind: CategoryKind; categoryId: string; subcategoryId: string | undefined; signposted: boolean },
): Responses {
  const helplineIds: string[] = [];
  const add = (ids: readonly string[]) => ids.forEach((id) => !helplineIds.includes(id) && helplineIds.push(id));
  add(pack.helplines.filter((h) => h.forKinds?.includes(on.kind)).map((h) => h.id));
  const tasks: Task[] = [];
  // The category response the person was shown (OVH 1.5.2.3; SLH Operational Principles).
  for (const response of pack.categoryResponses) {
    if (response.categoryId !== on.categoryId || (response.subcategoryId !== undefined && response.subcategoryId !== on.subcategoryId)) continue;
    add(response.helplineIds);
    const task = TASK_OF[response.action];
    if (task && !on.signposted) tasks.push({ id: task, source: response.source });
  }
  // Forms of domestic abuse with their own specialist help (OVH 1.5.3.1): forced marriage, honour-based abuse, FGM.
  const childSafeguarding: Responses['childSafeguarding'] = [];
  const alertForms: Responses['alertForms'] = [];
  if (on.kind === 'domestic_abuse') {
    for (const form of pack.domesticAbuseForms) {
      if (!report.incident.domesticAbuseForms.includes(form.id)) continue;
      add(form.helplineIds);
      if (form.childSafeguarding) childSafeguarding.push({ formId: form.id, source: form.source });
      if (form.staffAlert) alertForms.push({ formId: form.id, key: form.key, source: form.source });
    }
  }
  if (on.signposted) add(pack.outOfScope.helplineIds);
  return { helplineIds, tasks, childSafeguarding, alertForms };
}
