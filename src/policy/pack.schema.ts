// The policy pack: one landlord's policy expressed as data. Every rule cites the policy section it comes
// from (`source`); where the policy is silent, `source` says so and gives the default chosen and why.
import { z } from 'zod';

const source = z.string().min(3);
const id = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, 'must start with a letter and use letters, digits, - or _');
const i18nKey = z.string().regex(/^policy:[A-Za-z0-9_.-]+$/, 'must be an i18n key in the policy namespace, e.g. policy:team.communitySafety');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const categoryKind = z.enum(['asb', 'hate_crime', 'harassment', 'domestic_abuse']);
export type CategoryKind = z.infer<typeof categoryKind>;

export const priority = z.enum(['urgent', 'high', 'normal']);
export type Priority = z.infer<typeof priority>;

export const riskLevel = z.enum(['standard', 'medium', 'high']);
export type RiskLevel = z.infer<typeof riskLevel>;

/** Day numbers: 1 = Monday … 7 = Sunday. */
const weekday = z.number().int().min(1).max(7);

export const calendarSchema = z.object({
  timeZone: z.string().default('Europe/London'),
  workingDays: z.array(weekday).min(1).default([1, 2, 3, 4, 5]),
  /** Reports received at or after this local time count from the next working day. */
  cutOff: hhmm.default('17:00'),
  /** England and Wales bank holidays, computed for any year with the proclaimed one-off changes; or none. */
  bankHolidays: z.enum(['englandAndWales', 'none']).default('englandAndWales'),
  /** Days the office is also closed: a proclamation newer than the code, a landlord's own closure day. */
  extraHolidays: z.array(isoDate).default([]),
  /** Bank holidays that this landlord works on (or a Scottish or Northern Irish landlord's differences). */
  removedHolidays: z.array(isoDate).default([]),
  source,
});
export type CalendarConfig = z.infer<typeof calendarSchema>;

export const officeHoursSchema = z.object({
  open: hhmm,
  close: hhmm,
  source,
});

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
    }),
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
    domesticAbuseForms: z.array(z.object({ id, key: i18nKey, source })),
    categoryResponses: z.array(
      z.object({
        categoryId: z.string(),
        subcategoryId: z.string().optional(),
        key: i18nKey,
        action: z.enum(['signpost_elsewhere', 'request_evidence', 'pass_to_police_as_intelligence', 'supplement_police']),
        helplineIds: z.array(z.string()).default([]),
        source,
      }),
    ),
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
    serviceStandards: z.array(
      z.object({
        id: z.enum(['firstResponse', 'appointmentOffer']),
        workingDays: z.number().int().min(0).max(60),
        /** Team ids the standard applies to; omitted = every team. */
        teamIds: z.array(z.string()).optional(),
        /** Only when the reporter can be contacted (anonymous reports get no appointment). */
        requiresContact: z.boolean().default(true),
        source,
      }),
    ),
    risk: z.object({
      /** Dash "yes" answers for medium risk (14+ is always high: SafeLives). */
      dashMediumYesCount: z.number().int().min(1).max(13),
      source,
    }),
    repeatVictim: z.object({ priorReportsAtLeast: z.number().int().min(1), windowMonths: z.number().int().min(1), source }),
    communityTrigger: z.object({ reportsAtLeast: z.number().int().min(2), windowMonths: z.number().int().min(1), source }),
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
    retention: z
      .array(z.object({ kind: categoryKind, monthsAfterClosure: z.number().int().min(1), source }))
      .min(1),
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
    pack.serviceStandards.forEach((s, i) =>
      (s.teamIds ?? []).forEach((t, j) => check(teamIds.has(t), ['serviceStandards', i, 'teamIds', j], `unknown team "${t}"`)),
    );
    pack.categoryResponses.forEach((r, i) => {
      check(categoryIds.has(r.categoryId), ['categoryResponses', i, 'categoryId'], `unknown category "${r.categoryId}"`);
      r.helplineIds.forEach((h, j) => check(helplineIds.has(h), ['categoryResponses', i, 'helplineIds', j], `unknown helpline "${h}"`));
    });
    pack.outOfScope.helplineIds.forEach((h, j) => check(helplineIds.has(h), ['outOfScope', 'helplineIds', j], `unknown helpline "${h}"`));
    for (const kind of categoryKind.options) {
      check(pack.retention.some((r) => r.kind === kind), ['retention'], `no retention period for "${kind}"`);
    }
    const seen = new Set<string>();
    pack.categories.forEach((c, i) => {
      check(!seen.has(c.id), ['categories', i, 'id'], `duplicate category "${c.id}"`);
      seen.add(c.id);
    });
  });

export type PolicyPack = z.infer<typeof policyPackSchema>;
export type PolicyPackInput = z.input<typeof policyPackSchema>;
