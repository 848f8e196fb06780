// The intake dialog's context: plain, serialisable data only (it is persisted in the session each
// turn). Answers are kept in a flat `fields` record while the conversation runs and turned into a
// ReportDraft by `buildReport` when the person sends it (or asks for a person).
import type { ChannelKind, ChoiceMeta, DialogInput, DialogPolicy } from '../shared/contract';
import type { Answer, ReportDraft, ContactChannel } from '../shared/report';
import { contactChannel } from '../shared/report';
import { DASH_QUESTION_IDS } from '../shared/risk-instruments';

export type DashAnswer = 'yes' | 'no' | 'dont_know' | 'skipped';

export interface Fields {
  'safety.immediateDangerAtStart': boolean;
  'safety.safeToTalk': boolean;
  'safety.othersMayReadMessages': Answer;
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
  correcting: Correcting;
  /** A category (and subcategory) suggested from the person's own words, waiting for confirmation. */
  suggestion: { categoryId: string; subcategoryId?: string; categoryKey: string } | null;
  /** Choices that depend on the pack or on earlier answers (read by the runtime through `choicesFrom`). */
  categoryChoices: ChoiceMeta[];
  subcategoryChoices: ChoiceMeta[];
  motivationChoices: ChoiceMeta[];
  abuseFormChoices: ChoiceMeta[];
  tenureChoices: ChoiceMeta[];
  channelChoices: ChoiceMeta[];
  /** Parameters for prompts (`paramsFrom`). */
  params: { categoryKey: string };
}

export const DONE_CHOICE: ChoiceMeta = { id: 'done', key: 'intake:choice.done', synonyms: ['done', 'finished', 'thats all', "that's all", 'no more', 'nothing else'] };
export const YES: ChoiceMeta = { id: 'yes', key: 'intake:choice.yes', synonyms: ['y', 'yes', 'yeah', 'yep', 'ok'] };
export const NO: ChoiceMeta = { id: 'no', key: 'intake:choice.no', synonyms: ['n', 'no', 'nope', 'not really'] };
export const DONT_KNOW: ChoiceMeta = { id: 'dont_know', key: 'intake:choice.dontKnow', synonyms: ['not sure', 'dont know', "don't know", 'dunno', 'unsure', 'maybe'] };
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
    correcting: null,
    suggestion: null,
    categoryChoices: policy.categories.map((c) => ({ id: c.id, key: c.key, synonyms: c.synonyms.map((s) => s.toLowerCase()) })),
    subcategoryChoices: [],
    motivationChoices: policy.hateMotivations.map((m) => ({ id: m.id, key: m.key })),
    abuseFormChoices: policy.domesticAbuseForms.map((f) => ({ id: f.id, key: f.key })),
    tenureChoices: [...policy.tenures.map((t) => ({ id: t.id, key: t.key })), { ...DONT_KNOW, key: 'intake:askingTenure.dontKnow' }],
    channelChoices: channelChoicesFor(input.channel),
    params: { categoryKey: '' },
  };
}

export function categoryOf(context: IntakeContext) {
  return context.policy.categories.find((c) => c.id === context.fields['incident.categoryId']);
}

/** Hate crime and domestic abuse are recognised by id, so any pack that names them plainly works. */
export const isHateCrimeId = (id: string | undefined) => id !== undefined && /hate/i.test(id);
export const isDomesticAbuseId = (id: string | undefined) => id !== undefined && /domestic|^da$/i.test(id);
export const isNoiseId = (id: string | undefined) => id !== undefined && /noise/i.test(id);

function words(text: string): string {
  return ` ${text.toLowerCase().replace(/[^a-z0-9']+/g, ' ').trim()} `;
}

/**
 * Matches free text against the pack's synonyms. Only one category may match: when the words fit
 * several ("racist abuse" is both hate crime and, by its synonyms, domestic abuse) we do not guess but
 * ask the person to pick. A subcategory is suggested when exactly one of its synonyms' subcategories fits.
 */
export function matchCategory(policy: DialogPolicy, text: string): { categoryId: string; subcategoryId?: string; categoryKey: string } | null {
  const haystack = words(text);
  const has = (synonym: string) => {
    const needle = words(synonym);
    return needle.trim() !== '' && haystack.includes(needle);
  };
  const hits = policy.categories
    .map((category) => ({ category, subcategories: category.subcategories.filter((s) => s.synonyms.some(has)) }))
    .filter((hit) => hit.subcategories.length > 0 || hit.category.synonyms.some(has));
  const [only] = hits;
  if (hits.length !== 1 || only === undefined) return null;
  const [sub] = only.subcategories;
  return {
    categoryId: only.category.id,
    categoryKey: only.category.key,
    ...(only.subcategories.length === 1 && sub !== undefined ? { subcategoryId: sub.id } : {}),
  };
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
      hateMotivations: isHateCrimeId(f['incident.categoryId']) ? (f['incident.hateMotivations'] ?? []) : [],
      domesticAbuseForms: isDomesticAbuseId(f['incident.categoryId']) ? (f['incident.domesticAbuseForms'] ?? []) : [],
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
