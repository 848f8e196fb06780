// The policy pack: one landlord's policy expressed as data. Every rule cites the policy section it comes
// from (`source`); where the policy is silent, `source` says so and gives the default chosen and why.
import { z } from 'zod';

import { calendarSchema, officeHoursSchema, serviceStandardsSchema } from './standards.schema';
import { checkMatrix, communityTriggerSchema, repeatVictimSchema, riskSchema } from './risk.schema';
import { reportingSchema, checkReporting } from './reporting.schema';
import { categoryKind, i18nKey, id, source } from './schema-parts';

export { calendarSchema, type CalendarConfig } from './standards.schema';

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour #rrggbb');

export { categoryKind };
export type CategoryKind = z.infer<typeof categoryKind>;

export const priority = z.enum(['urgent', 'high', 'normal']);
export type Priority = z.infer<typeof priority>;
/** For sorting a queue by priority: urgent first (1), then high (2), then normal (3). */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { urgent: 1, high: 2, normal: 3 };

export const riskLevel = z.enum(['standard', 'medium', 'high']);
export type RiskLevel = z.infer<typeof riskLevel>;

/**
 * A condition on a report; every field present must hold (AND). Used by routing and priority rules.
 * `violenceWithDangerRemaining`: violence or threats were made and a danger remains (OVH 3.2.2).
 */
export const conditionSchema = z
  .object({
    categoryKinds: z.array(categoryKind).min(1).optional(),
    categoryIds: z.array(z.string()).min(1).optional(),
    subcategoryIds: z.array(z.string()).min(1).optional(),
    violenceWithDangerRemaining: z.literal(true).optional(),
    targetedPropertyDamage: z.literal(true).optional(),
    hateMotivated: z.literal(true).optional(),
    immediateDanger: z.literal(true).optional(),
    riskAtLeast: riskLevel.optional(),
    marac: z.literal(true).optional(),
    childOrAdultAtRisk: z.literal(true).optional(),
    repeatVictim: z.literal(true).optional(),
    /** Reports about the same victim, problem or place reach the pack's Community Trigger count. */
    communityTrigger: z.literal(true).optional(),
    /** Any of these Dash answers is yes (strangulation, threatsToKill, stalking, separation). */
    riskIndicatorsAny: z.array(z.enum(['strangulation', 'threatsToKill', 'stalking', 'separation'])).min(1).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'a rule needs at least one condition');
export type Condition = z.infer<typeof conditionSchema>;

export const ruleSchema = z.object({
  id,
  when: conditionSchema,
  teamId: z.string().optional(),
  priority: priority.optional(),
  /** One sentence a member of staff reads, naming the rule. */
  reason: z.string().min(10),
  source,
});
export type Rule = z.infer<typeof ruleSchema>;

export const policyPackSchema = z
  .object({
    id,
    version: z.number().int().min(1),
    organisation: z.object({
      name: z.string().min(1),
      serviceArea: z.string().min(1),
      policy: z.object({ title: z.string().min(1), approved: z.string().min(1), source }),
      /** The staff console's colours: a header in `primary` with `primaryText` on it, underlined in `accent`. */
      brand: z
        .object({ primary: hexColour, primaryText: hexColour, accent: hexColour, source })
        .default({ primary: '#1d3a5f', primaryText: '#ffffff', accent: '#ffdd00', source: 'Default: dark blue with white text, for contrast.' }),
    }),
    /**
     * The languages reporters may use besides English (docs/translation.md). In production a language whose
     * tier 1 strings (danger, 999, self-harm, consent, privacy, safe contact, quick exit) are not all signed
     * off by a qualified translator is not offered, whatever this says. Absent: every shipped language.
     */
    languages: z.object({ offered: z.array(z.string().regex(/^[a-z]{2,3}$/, 'a language code such as "cy"')).min(1), source }).optional(),
    /** A neutral page the quick exit goes to. */
    quickExitUrl: z.url({ protocol: /^https$/ }),
    calendar: calendarSchema,
    officeHours: officeHoursSchema,
    contactRoutes: z
      .array(z.object({ id, kind: z.enum(['phone', 'email', 'web', 'office', 'in_person']), value: z.string().min(1), source }))
      .min(1),
    tenures: z.array(z.object({ id, key: i18nKey, inScope: z.boolean(), source })).min(1),
    outOfScope: z.object({ key: i18nKey, acceptWhenPerpetratorIsTenant: z.boolean(), helplineIds: z.array(z.string()).default([]), source }),
    categories: z
      .array(
        z.object({
          id,
          kind: categoryKind,
          key: i18nKey,
          synonyms: z.array(z.string()).default([]),
          source,
          subcategories: z.array(z.object({ id, key: i18nKey, synonyms: z.array(z.string()).default([]), source })).default([]),
        }),
      )
      .min(1),
    hateMotivations: z.array(z.object({ id, key: i18nKey, source })).min(1),
    domesticAbuseForms: z.array(
      z.object({
        id,
        key: i18nKey,
        /** Specialist help offered after a report of this form (forced marriage, honour-based abuse). */
        helplineIds: z.array(z.string()).default([]),
        /** A child-safeguarding concern whoever reports it (FGM). */
        childSafeguarding: z.boolean().optional(),
        /** Staff are alerted to act the same day, not only told in a reason (forced marriage, FGM). */
        staffAlert: z.boolean().optional(),
        source,
      }),
    ),
    categoryResponses: z.array(
      z.object({
        categoryId: z.string(),
        subcategoryId: z.string().optional(),
        key: i18nKey,
        /**
         * `signpost_elsewhere`: we do not usually deal with it (the person may still report); `request_evidence`:
         * we ask for evidence (noise recordings); `pass_to_police_as_intelligence`: passed on whether or not
         * they report (a staff task); `supplement_police`: we act alongside the police, not instead;
         * `signpost_police`: tell the police or Crimestoppers too; `refer_to_repairs`: a repair (a staff task).
         */
        action: z.enum(['signpost_elsewhere', 'request_evidence', 'pass_to_police_as_intelligence', 'supplement_police', 'signpost_police', 'refer_to_repairs']),
        helplineIds: z.array(z.string()).default([]),
        source,
      }),
    ),
    /** Support said in the first replies, before any questions about what happened (SLH Objectives). */
    supportOnFirstReport: z.object({ key: i18nKey, source }).optional(),
    /** Said to the reporter after they send a report, when the condition holds (OVH 2.7, 3.9.4). */
    notices: z.array(z.object({ id, key: i18nKey, when: conditionSchema.optional(), source })).default([]),
    evidenceApp: z.object({ name: z.string().min(1), url: z.url(), source }).optional(),
    teams: z.array(z.object({ id, key: i18nKey, source })).min(1),
    routing: z.object({
      /** First matching rule that names a team decides the team; every matching rule adds its reason and priority. */
      rules: z.array(ruleSchema),
      defaultTeamId: z.string(),
      defaultPriority: priority,
      defaultReason: z.string().min(10),
      source,
    }),
    serviceStandards: serviceStandardsSchema,
    /** Live hand-off: an urgent request for a person that nobody takes within this many minutes goes to the team leader. */
    handoff: z
      .object({ urgentUnclaimedMinutes: z.number().int().min(1).max(240), source })
      .default({ urgentUnclaimedMinutes: 10, source: 'Default: 10 minutes, so a frightened person asking for someone is never left waiting unseen.' }),
    risk: riskSchema,
    repeatVictim: repeatVictimSchema,
    communityTrigger: communityTriggerSchema,
    helplines: z
      .array(
        z.object({
          id,
          key: i18nKey,
          number: z.string().min(2),
          url: z.url().optional(),
          /** Kinds of report after which this helpline is offered; omitted = not offered after a report (e.g. 999, used for danger). */
          forKinds: z.array(categoryKind).optional(),
          source,
        }),
      )
      .min(1),
    /**
     * How a case can end. A case is closed with one of these; `resolved` says whether it counts as resolved in
     * the performance report. `signposted_out_of_scope` is what triage closes out-of-scope reports with.
     */
    outcomes: z
      .array(z.object({ id, key: i18nKey, resolved: z.boolean(), source }))
      .min(1)
      .refine((list) => list.some((o) => o.id === 'signposted_out_of_scope'), 'must include "signposted_out_of_scope" (triage closes out-of-scope reports with it)'),
    retention: z
      .array(z.object({ kind: categoryKind, monthsAfterClosure: z.number().int().min(1), source }))
      .min(1),
    /** The quarterly performance report (src/policy/reporting.schema.ts, docs/reporting.md); absent: no report page. */
    reporting: reportingSchema.optional(),
  })
  .superRefine((pack, ctx) => {
    const teamIds = new Set(pack.teams.map((t) => t.id));
    const helplineIds = new Set(pack.helplines.map((h) => h.id));
    const categoryIds = new Set(pack.categories.map((c) => c.id));
    const check = (ok: boolean, path: (string | number)[], message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path, message });
    };
    check(teamIds.has(pack.routing.defaultTeamId), ['routing', 'defaultTeamId'], `unknown team "${pack.routing.defaultTeamId}"`);
    pack.routing.rules.forEach((r, i) => {
      if (r.teamId !== undefined) check(teamIds.has(r.teamId), ['routing', 'rules', i, 'teamId'], `unknown team "${r.teamId}"`);
      check(r.teamId !== undefined || r.priority !== undefined, ['routing', 'rules', i], 'a rule must set a team or a priority');
    });
    (pack.serviceStandards.appointmentOffer?.teamIds ?? []).forEach((t, j) =>
      check(teamIds.has(t), ['serviceStandards', 'appointmentOffer', 'teamIds', j], `unknown team "${t}"`),
    );
    pack.categoryResponses.forEach((r, i) => {
      check(categoryIds.has(r.categoryId), ['categoryResponses', i, 'categoryId'], `unknown category "${r.categoryId}"`);
      r.helplineIds.forEach((h, j) => check(helplineIds.has(h), ['categoryResponses', i, 'helplineIds', j], `unknown helpline "${h}"`));
    });
    pack.domesticAbuseForms.forEach((f, i) =>
      f.helplineIds.forEach((h, j) => check(helplineIds.has(h), ['domesticAbuseForms', i, 'helplineIds', j], `unknown helpline "${h}"`)),
    );
    pack.outOfScope.helplineIds.forEach((h, j) => check(helplineIds.has(h), ['outOfScope', 'helplineIds', j], `unknown helpline "${h}"`));
    if (pack.reporting) checkReporting(pack.reporting, pack, check);
    for (const kind of categoryKind.options) {
      check(pack.retention.some((r) => r.kind === kind), ['retention'], `no retention period for "${kind}"`);
    }
    const seen = new Set<string>();
    pack.categories.forEach((c, i) => {
      check(!seen.has(c.id), ['categories', i, 'id'], `duplicate category "${c.id}"`);
      seen.add(c.id);
    });
    check(pack.risk.dashMediumYesCount < pack.risk.marac.visibleHighRiskYesCount, ['risk', 'dashMediumYesCount'], 'must be below risk.marac.visibleHighRiskYesCount');
    // Every question of the matrix can be asked: the intake's in its words, the landlord's own in the pack's.
    checkMatrix(pack.risk.matrix, pack.languages?.offered, check);
  });

export type PolicyPack = z.infer<typeof policyPackSchema>;
export type PolicyPackInput = z.input<typeof policyPackSchema>;
