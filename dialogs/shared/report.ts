// What an intake conversation produces: the input to triage and the case record. Validated with zod
// on the case side before anything is stored. Add fields as optional so older drafts still parse.
import { z } from 'zod';

export const answer = z.enum(['yes', 'no', 'dont_know']);
export type Answer = z.infer<typeof answer>;

export const channelSchema = z.enum(['sms', 'whatsapp', 'webchat', 'botframework', 'cli']);

export const reporterRole = z.enum(['victim', 'witness', 'third_party', 'professional']);

/** The age of the person reporting, asked where it matters (docs/children-and-young-people.md). */
export const ageBand = z.enum(['under16', '16to17', 'adult', 'not_said']);
export type AgeBand = z.infer<typeof ageBand>;
export type ReporterRole = z.infer<typeof reporterRole>;

export const anonymityTier = z.enum(['named', 'confidential', 'anonymous']);
export type AnonymityTier = z.infer<typeof anonymityTier>;

export const contactChannel = z.enum(['sms', 'whatsapp', 'phone', 'email', 'webchat', 'letter']);
export type ContactChannel = z.infer<typeof contactChannel>;

export const safeContactSchema = z.object({
  channels: z.array(contactChannel).default([]),
  phone: z.string().max(40).optional(),
  email: z.string().max(200).optional(),
  /** Free text in the person's words: "weekdays 10 to 2". */
  safeTimes: z.string().max(300).optional(),
  voicemailOk: z.boolean().default(false),
  othersReadMessages: z.boolean().default(false),
  codeWord: z.string().max(60).optional(),
});
export type SafeContact = z.infer<typeof safeContactSchema>;

export const personSchema = z.object({
  name: z.string().max(200).optional(),
  address: z.string().max(500).optional(),
});

export const dashAnswersSchema = z.record(z.string(), z.enum(['yes', 'no', 'dont_know', 'skipped']));

export const reportDraftSchema = z.object({
  landlordId: z.string().min(1),
  channel: channelSchema,
  locale: z.string().default('en'),
  /** The conversation's session id: one conversation never makes two cases. */
  sessionId: z.string().min(1),

  safety: z.object({
    immediateDangerAtStart: z.boolean().default(false),
    safeToTalk: z.boolean().default(true),
    othersMayReadMessages: answer.optional(),
    /** They spoke of ending their life or harming themselves (in words, or yes to the checklist's low-mood question). */
    selfHarmDisclosed: z.boolean().optional(),
    /** Someone else may read their messages, or it was not safe to talk: every message to them stays neutral (docs/discreet-mode.md). */
    discreet: z.boolean().optional(),
  }),

  reporter: z.object({
    role: reporterRole,
    /** For third parties: family, friend, neighbour, other. */
    relationship: z.string().max(100).optional(),
    organisation: z.string().max(200).optional(),
    professionalRole: z.string().max(200).optional(),
    maracReferral: z.boolean().optional(),
    ageBand: ageBand.optional(),
    person: personSchema.optional(),
    /** The reporter's own contact (for a third party or professional, kept apart from the victim's). */
    contact: safeContactSchema.optional(),
  }),

  /** For third-party and professional reports: the person harmed, kept apart from the referrer. */
  victim: z
    .object({
      knowsAboutReport: answer.optional(),
      consentGiven: answer.optional(),
      person: personSchema.optional(),
      contact: safeContactSchema.optional(),
    })
    .optional(),

  incident: z.object({
    categoryId: z.string().min(1),
    subcategoryId: z.string().optional(),
    hateMotivations: z.array(z.string()).default([]),
    /**
     * In a category that is not hate crime or domestic abuse: whether they think it happened because of who they
     * (or the person affected) are (OVH 1.5.4.1 and 1.8; SLH Context harassment grounds). Yes is a hate incident,
     * the reporter's perception deciding, even when no ground was picked.
     */
    perceivedHate: answer.optional(),
    domesticAbuseForms: z.array(z.string()).default([]),
    /** In the person's words. */
    description: z.string().max(20000).default(''),
    when: z.object({ text: z.string().max(500), date: z.string().optional(), recurring: z.boolean().optional() }).optional(),
    where: z.object({ text: z.string().max(500), atReporterHome: z.boolean().optional() }).optional(),
    ongoing: answer.optional(),
    violenceOrThreats: answer.optional(),
    dangerRemaining: answer.optional(),
    targetedPropertyDamage: answer.optional(),
  }),

  perpetrator: z
    .object({
      known: answer.optional(),
      description: z.string().max(2000).optional(),
      isOurTenant: answer.optional(),
    })
    .default({}),

  vulnerability: z
    .object({
      childrenInvolved: answer.optional(),
      vulnerableAdultInvolved: answer.optional(),
      /** How it is affecting them, in their words. */
      impact: z.string().max(2000).optional(),
      /** ASB harm assessment answers (question id → answer). */
      harm: z.record(z.string(), z.enum(['yes', 'no', 'dont_know', 'skipped'])).optional(),
    })
    .default({}),

  police: z.object({ involved: answer.optional(), crimeReference: z.string().max(60).optional() }).default({}),
  evidence: z.object({ description: z.string().max(2000).optional(), mediaIds: z.array(z.string()).default([]) }).default({ mediaIds: [] }),

  tenure: z.string().optional(),
  anonymity: anonymityTier,
  safeContact: safeContactSchema.optional(),

  risk: z
    .object({
      dash: z.object({ answers: dashAnswersSchema, completed: z.boolean(), professionalJudgement: z.boolean().optional() }).optional(),
      dashDeferred: z.boolean().optional(),
      /** A professional's own assessment (OVH 2.6): the Dash score they have, their level, high risk on judgement. */
      professionalAssessment: z
        .object({
          dashYesCount: z.number().int().min(0).max(24).optional(),
          level: z.enum(['standard', 'medium', 'high']).optional(),
          highRiskByJudgement: z.boolean().optional(),
        })
        .optional(),
      /** Police call-outs to the victim for domestic abuse in the last 12 months (MARAC: potential escalation). */
      policeCallOuts: z.number().int().min(0).max(999).optional(),
      /** Referred to a MARAC in the last 12 months (MARAC: repeat MARAC). */
      previousMarac: answer.optional(),
      /** Where the safety questions and helplines move to when this channel is not private (discreet mode). */
      saferPlace: z.enum(['call', 'webchat', 'declined']).optional(),
    })
    .default({}),

  /**
   * The person chose to finish after being pointed elsewhere (out of scope, or a matter for another service).
   * Only a low-risk report is then signposted without a case; any other still goes to a person.
   */
  finishedEarly: z.enum(['outOfScope', 'elsewhere']).optional(),
});

export type ReportDraft = z.infer<typeof reportDraftSchema>;
export type ReportDraftInput = z.input<typeof reportDraftSchema>;
