// The intake dialog's context: plain, serialisable data only (it is persisted in the session each
// turn). Answers are kept in a flat `fields` record while the conversation runs and turned into a
// ReportDraft by `buildReport` when the person sends it (or asks for a person).
import type { ChannelKind, ChoiceMeta, DialogInput, DialogPolicy, OpeningHints } from '../shared/contract';
import type { Answer, ReportDraft, ContactChannel } from '../shared/report';
import { contactChannel } from '../shared/report';
import { DASH_QUESTION_IDS } from '../shared/risk-instruments';

export type DashAnswer = 'yes' | 'no' | 'dont_know' | 'skipped';

export interface Fields {
  'safety.immediateDangerAtStart': boolean;
  'safety.safeToTalk': boolean;
  'safety.othersMayReadMessages': Answer;
  'safety.selfHarmDisclosed': boolean;
  'reporter.role': 'victim' | 'witness' | 'third_party' | 'professional';
  'reporter.relationship': string;
  'reporter.organisation': string;
  'reporter.professionalRole': string;
  'reporter.maracReferral': boolean;
  'reporter.name': string;
  'victim.knowsAboutReport': Answer;
  'victim.consentGiven': Answer;
  'victim.name': string;
  'victim.safeContact': string;
  'incident.categoryId': string;
  'incident.subcategoryId': string;
  'incident.hateMotivations': string[];
  'incident.domesticAbuseForms': string[];
  'incident.description': string;
  'incident.when': string;
  'incident.where': string;
  'incident.whereAtHome': boolean;
  'incident.ongoing': Answer;
  'incident.violenceOrThreats': Answer;
  'incident.dangerRemaining': Answer;
  'incident.targetedPropertyDamage': Answer;
  'perpetrator.known': Answer;
  'perpetrator.description': string;
  'perpetrator.isOurTenant': Answer;
  'vulnerability.childrenInvolved': Answer;
  'vulnerability.vulnerableAdultInvolved': Answer;
  'vulnerability.impact': string;
  'police.involved': Answer;
  'police.crimeReference': string;
  'evidence.description': string;
  'evidence.mediaIds': string[];
  tenure: string;
  anonymity: 'named' | 'confidential' | 'anonymous';
  'contact.channels': ContactChannel[];
  'contact.address': string;
  'contact.safeTimes': string;
  'contact.voicemailOk': boolean;
  'contact.othersReadMessages': Answer;
  'contact.codeWord': string;
  'risk.dashDeferred': boolean;
}
export type FieldName = keyof Fields;
type FieldsOfType<T> = { [K in FieldName]: Fields[K] extends T ? K : never }[FieldName];
export type AnswerField = FieldsOfType<Answer>;
export type BooleanField = FieldsOfType<boolean>;
export type TextField = FieldsOfType<string> & Exclude<FieldName, AnswerField | 'reporter.role' | 'anonymity'>;
export type ListField = 'incident.hateMotivations' | 'incident.domesticAbuseForms' | 'contact.channels';
/** Answers in the person's own words that a quick follow-up may add to. */
export type ContinuableField = TextField | 'incident.where';

/** Which section the person is correcting from the review (then the section returns to the review). */
export type Correcting = 'who' | 'what' | 'details' | 'contact' | null;

export interface IntakeContext {
  policy: DialogPolicy;
  channel: ChannelKind;
  sessionId: string;
  fields: Partial<Fields>;
  dash: Partial<Record<string, DashAnswer>>;
  dashCompleted: boolean;
  /** ASB harm assessment answers (victims of ASB, hate crime or harassment). */
  harm: Partial<Record<string, DashAnswer>>;
  /** Ids of the questions asked so far, newest last: "back" goes to the one before. */
  trail: string[];
  /** How many times a question has been asked (never capped, unlike the trail). */
  asked: number;
  /**
   * The last answer in the person's own words: quick follow-ups sent before the next question could be read
   * are added to it (`user.continued`) while `asked` is still `until`.
   */
  lastText: { field: ContinuableField; at: string; until: number } | null;
  /** What the first message clearly said, not yet confirmed (each is removed once used). */
  hints: OpeningHints;
  correcting: Correcting;
  /** A category (and subcategory) suggested from the person's own words, waiting for confirmation. */
  suggestion: { categoryId: string; subcategoryId?: string; categoryKey: string } | null;
  /** The two likeliest categories when the words fit both, and "something else". */
  suggestionChoices: ChoiceMeta[];
  /** Choices that depend on the pack or on earlier answers (read by the runtime through `choicesFrom`). */
  categoryChoices: ChoiceMeta[];
  subcategoryChoices: ChoiceMeta[];
  motivationChoices: ChoiceMeta[];
  abuseFormChoices: ChoiceMeta[];
  tenureChoices: ChoiceMeta[];
  channelChoices: ChoiceMeta[];
  /** Parameters for prompts (`paramsFrom`). */
  params: { categoryKey: string; when: string; where: string };
}

// The words people use for each choice live in locales/<lng>/understanding.json (by choice id, or by the
// choice's label key), never here: a new language is a new file, not new code.
export const DONE_CHOICE: ChoiceMeta = { id: 'done', key: 'intake:choice.done' };
export const YES: ChoiceMeta = { id: 'yes', key: 'intake:choice.yes' };
export const NO: ChoiceMeta = { id: 'no', key: 'intake:choice.no' };
export const DONT_KNOW: ChoiceMeta = { id: 'dont_know', key: 'intake:choice.dontKnow' };
export const CARRY_ON: ChoiceMeta = { id: 'carryOn', key: 'intake:choice.carryOn' };
export const YES_NO = [YES, NO];
export const YES_NO_DONT_KNOW = [YES, NO, DONT_KNOW];

const CHANNEL_CHOICES: ChoiceMeta[] = contactChannel.options
  .filter((c) => c !== 'webchat')
  .map((c) => ({ id: c, key: `intake:contactChannel.${c}` }));

export function channelChoicesFor(channel: ChannelKind): ChoiceMeta[] {
  // Offer the channel they are using first: it is the one they can most likely read safely.
  const own = CHANNEL_CHOICES.find((c) => c.id === channel);
  return own ? [own, ...CHANNEL_CHOICES.filter((c) => c !== own)] : CHANNEL_CHOICES;
}

export function initialContext(input: DialogInput): IntakeContext {
  const { policy } = input;
  return {
    policy,
    channel: input.channel,
    sessionId: input.sessionId,
    fields: {},
    dash: {},
    dashCompleted: false,
    harm: {},
    trail: [],
    asked: 0,
    lastText: null,
    hints: {},
    correcting: null,
    suggestion: null,
    suggestionChoices: [],
    categoryChoices: policy.categories.map((c) => ({ id: c.id, key: c.key, synonyms: c.synonyms.map((s) => s.toLowerCase()) })),
    subcategoryChoices: [],
    motivationChoices: policy.hateMotivations.map((m) => ({ id: m.id, key: m.key })),
    abuseFormChoices: policy.domesticAbuseForms.map((f) => ({ id: f.id, key: f.key })),
    tenureChoices: [...policy.tenures.map((t) => ({ id: t.id, key: t.key })), { ...DONT_KNOW, key: 'intake:askingTenure.dontKnow' }],
    channelChoices: channelChoicesFor(input.channel),
    params: { categoryKey: '', when: '', where: '' },
  };
}

export function categoryOf(context: IntakeContext) {
  return context.policy.categories.find((c) => c.id === context.fields['incident.categoryId']);
}

/** What kind of report a category is, from the pack's `kind` (never from how the pack names its ids). */
export function kindOf(policy: DialogPolicy, categoryId: string | undefined): DialogPolicy['categories'][number]['kind'] | undefined {
  return policy.categories.find((c) => c.id === categoryId)?.kind;
}
export const isNoiseId = (id: string | undefined) => id !== undefined && /noise/i.test(id);

/** A person's words as a prompt parameter: never i18next nesting or interpolation, never beyond a short clip. */
export function asParam(raw: string | undefined, max: number): string {
  const text = (raw ?? '').replace(/\$t\(/g, '$ t(').replace(/\{\{/g, '{ {').replace(/\s+/g, ' ').trim();
  return text === '' ? '-' : text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

export function categoryResponseFor(context: IntakeContext) {
  const categoryId = context.fields['incident.categoryId'];
  const subcategoryId = context.fields['incident.subcategoryId'];
  return context.policy.categoryResponses.find(
    (r) => r.categoryId === categoryId && (r.subcategoryId === undefined || r.subcategoryId === subcategoryId),
  );
}

export function dashYesCount(context: IntakeContext): number {
  return DASH_QUESTION_IDS.filter((id) => context.dash[id] === 'yes').length;
}

function contactFrom(fields: Partial<Fields>): NonNullable<ReportDraft['safeContact']> {
  const address = fields['contact.address'];
  const isEmail = address !== undefined && address.includes('@');
  return {
    channels: fields['contact.channels'] ?? [],
    ...(address !== undefined && isEmail ? { email: address } : {}),
    ...(address !== undefined && !isEmail ? { phone: address } : {}),
    ...(fields['contact.safeTimes'] !== undefined ? { safeTimes: fields['contact.safeTimes'] } : {}),
    voicemailOk: fields['contact.voicemailOk'] ?? false,
    othersReadMessages: (fields['contact.othersReadMessages'] ?? fields['safety.othersMayReadMessages']) === 'yes',
    ...(fields['contact.codeWord'] !== undefined ? { codeWord: fields['contact.codeWord'] } : {}),
  };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Everything gathered so far as a report draft (also the summary sent with a handoff). */
export function buildReport(context: IntakeContext): ReportDraft {
  const f = context.fields;
  const role = f['reporter.role'] ?? 'victim';
  const forSomeoneElse = role === 'third_party' || role === 'professional';
  const anonymity = f.anonymity ?? 'confidential';
  const contact = anonymity === 'anonymous' ? undefined : contactFrom(f);
  const reporterName = anonymity === 'anonymous' ? undefined : f['reporter.name'];
  const dashAnswered = Object.keys(context.dash).length > 0;
  const answersOf = (record: Partial<Record<string, DashAnswer>>) =>
    Object.fromEntries(Object.entries(record).filter((e): e is [string, DashAnswer] => e[1] !== undefined));
  return {
    landlordId: context.policy.landlordId,
    channel: context.channel,
    locale: 'en',
    sessionId: context.sessionId,
    safety: defined({
      immediateDangerAtStart: f['safety.immediateDangerAtStart'] ?? false,
      selfHarmDisclosed: f['safety.selfHarmDisclosed'],
      safeToTalk: f['safety.safeToTalk'] ?? true,
      othersMayReadMessages: f['safety.othersMayReadMessages'],
    }),
    reporter: defined({
      role,
      // Answers from a role the person has since corrected are left out.
      relationship: role === 'third_party' ? f['reporter.relationship'] : undefined,
      organisation: role === 'professional' ? f['reporter.organisation'] : undefined,
      professionalRole: role === 'professional' ? f['reporter.professionalRole'] : undefined,
      maracReferral: role === 'professional' ? f['reporter.maracReferral'] : undefined,
      person: reporterName !== undefined ? { name: reporterName } : undefined,
      contact: forSomeoneElse ? contact : undefined,
    }),
    victim: forSomeoneElse
      ? defined({
          knowsAboutReport: f['victim.knowsAboutReport'],
          consentGiven: f['victim.consentGiven'],
          person: f['victim.name'] !== undefined ? { name: f['victim.name'] } : undefined,
          contact:
            f['victim.safeContact'] !== undefined
              ? { channels: [], safeTimes: f['victim.safeContact'], voicemailOk: false, othersReadMessages: false }
              : undefined,
        })
      : undefined,
    incident: defined({
      categoryId: f['incident.categoryId'] ?? 'unknown',
      subcategoryId: f['incident.subcategoryId'],
      // Only for the category they belong to (a corrected category leaves no stale answers).
      hateMotivations: kindOf(context.policy, f['incident.categoryId']) === 'hate_crime' ? (f['incident.hateMotivations'] ?? []) : [],
      domesticAbuseForms: kindOf(context.policy, f['incident.categoryId']) === 'domestic_abuse' ? (f['incident.domesticAbuseForms'] ?? []) : [],
      description: f['incident.description'] ?? '',
      when:
        f['incident.when'] !== undefined
          ? { text: f['incident.when'], recurring: /\b(every|each|always|daily|nightly|weekly|again|keeps?|since)\b/i.test(f['incident.when']) }
          : undefined,
      where: f['incident.where'] !== undefined ? defined({ text: f['incident.where'], atReporterHome: f['incident.whereAtHome'] }) : undefined,
      ongoing: f['incident.ongoing'],
      violenceOrThreats: f['incident.violenceOrThreats'],
      dangerRemaining: f['incident.dangerRemaining'],
      targetedPropertyDamage: f['incident.targetedPropertyDamage'],
    }),
    perpetrator: defined({ known: f['perpetrator.known'], description: f['perpetrator.description'], isOurTenant: f['perpetrator.isOurTenant'] }),
    vulnerability: defined({
      childrenInvolved: f['vulnerability.childrenInvolved'],
      vulnerableAdultInvolved: f['vulnerability.vulnerableAdultInvolved'],
      impact: f['vulnerability.impact'],
      harm: Object.keys(context.harm).length > 0 ? answersOf(context.harm) : undefined,
    }),
    police: defined({ involved: f['police.involved'], crimeReference: f['police.crimeReference'] }),
    evidence: defined({ description: f['evidence.description'], mediaIds: f['evidence.mediaIds'] ?? [] }),
    tenure: f.tenure,
    anonymity,
    safeContact: forSomeoneElse ? undefined : contact,
    risk: defined({
      dash: dashAnswered
        ? { answers: answersOf(context.dash), completed: context.dashCompleted }
        : undefined,
      dashDeferred: f['risk.dashDeferred'],
    }),
  };
}
