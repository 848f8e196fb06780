// The intake dialog's context: plain, serialisable data only (it is persisted in the session each
// turn). Answers are kept in a flat `fields` record while the conversation runs and turned into a
// ReportDraft by `buildReport` (intake.report.ts) when the person sends it (or asks for a person).
import type { ChannelKind, ChoiceMeta, DialogInput, DialogPolicy, OpeningHints } from '../shared/contract';
import type { AgeBand, Answer, ContactChannel } from '../shared/report';
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
  /** Asked only where it matters (docs/children-and-young-people.md). */
  'reporter.ageBand': AgeBand;
  'reporter.name': string;
  'victim.knowsAboutReport': Answer;
  'victim.consentGiven': Answer;
  'victim.name': string;
  'victim.safeContact': string;
  'incident.categoryId': string;
  'incident.subcategoryId': string;
  'incident.hateMotivations': string[];
  /** Asked in every category but hate crime and domestic abuse: because of who they are? */
  'incident.perceivedHate': Answer;
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
  /** Discreet mode: where the checklist and helplines go instead of this chat (docs/discreet-mode.md). */
  'risk.saferPlace': 'call' | 'webchat' | 'declined';
  /** A professional's referral of domestic abuse (OVH 2.6): what they already know (`referralAsked`: the questions began). */
  'risk.referralAsked': boolean;
  'risk.referralDashYesCount': number;
  'risk.referralLevel': 'standard' | 'medium' | 'high';
  'risk.referralJudgement': boolean;
  'risk.policeCallOuts': number;
  'risk.previousMarac': Answer;
  finishedEarly: 'outOfScope' | 'elsewhere';
}
export type FieldName = keyof Fields;
type FieldsOfType<T> = { [K in FieldName]: Fields[K] extends T ? K : never }[FieldName];
export type AnswerField = FieldsOfType<Answer>;
export type BooleanField = FieldsOfType<boolean>;
export type TextField = FieldsOfType<string> & Exclude<FieldName, AnswerField | 'reporter.role' | 'anonymity' | 'risk.referralLevel'>;
export type CountField = FieldsOfType<number>;
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
  /** The matrix question being asked (its id and wording key; `askingHarm` asks the pack's list one by one). */
  harmAsking: { id: string; key: string } | null;
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
  /**
   * The urgent case, once high risk is known: what made it urgent, a fingerprint of the report it last held
   * (it is updated when that changes) and its reference once opened.
   */
  urgent: { indicators: string[]; hash: string; reference?: string } | null;
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
  /** The same, in the words for someone reporting for another ("They rent ..."). */
  tenureChoicesOther: ChoiceMeta[];
  channelChoices: ChoiceMeta[];
  /** Discreet mode: the safer places offered for the checklist and helplines (a web chat link, a call, not now). */
  saferPlaceChoices?: ChoiceMeta[];
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

const mayBeRead = (answer: string | undefined) => answer === 'yes' || answer === 'dont_know';

/**
 * Discreet mode (docs/discreet-mode.md): someone else may read their messages (yes or don't know, at the safety
 * gate or at safe contact), or it was not safe to talk. From then on nothing said in this conversation names
 * abuse, violence, risk, helplines by subject or the safety team; it is read from the answers themselves.
 */
export function isDiscreet(context: Pick<IntakeContext, 'fields'>): boolean {
  const f = context.fields;
  return f['safety.safeToTalk'] === false || mayBeRead(f['safety.othersMayReadMessages']) || mayBeRead(f['contact.othersReadMessages']);
}

/** The messages on this phone may be read: neither texts nor WhatsApp to it are safe. */
export function phoneMayBeRead(context: Pick<IntakeContext, 'fields'>): boolean {
  return mayBeRead(context.fields['safety.othersMayReadMessages']);
}

/**
 * Safe ways to contact them: never a channel they said may be read (texts and WhatsApp to a phone whose messages
 * someone else may read), and a call first when they chose a call as the safer place.
 */
export function safeChannelChoices(context: IntakeContext): ChoiceMeta[] {
  const offered = channelChoicesFor(context.channel).filter((c) => !(phoneMayBeRead(context) && (c.id === 'sms' || c.id === 'whatsapp')));
  const call = offered.find((c) => c.id === 'phone');
  return context.fields['risk.saferPlace'] === 'call' && call ? [call, ...offered.filter((c) => c !== call)] : offered;
}

/** Where the checklist and helplines can go instead of this chat: a web chat link (from SMS or WhatsApp), here on the web, a call, not now. */
export function saferPlaceChoicesFor(context: IntakeContext): ChoiceMeta[] {
  const web = context.channel === 'webchat' || context.channel === 'botframework';
  return [
    ...(web ? [{ id: 'here', key: 'intake:offeringSaferPlace.here' }] : []),
    ...(!web && context.policy.webChatUrl ? [{ id: 'webchat', key: 'intake:offeringSaferPlace.webchat' }] : []),
    { id: 'call', key: 'intake:offeringSaferPlace.call' },
    { id: 'declined', key: 'intake:offeringSaferPlace.declined' },
  ];
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
    harmAsking: null,
    trail: [],
    asked: 0,
    lastText: null,
    hints: {},
    correcting: null,
    urgent: null,
    suggestion: null,
    suggestionChoices: [],
    categoryChoices: policy.categories.map((c) => ({ id: c.id, key: c.key, synonyms: c.synonyms.map((s) => s.toLowerCase()) })),
    subcategoryChoices: [],
    motivationChoices: policy.hateMotivations.map((m) => ({ id: m.id, key: m.key })),
    abuseFormChoices: policy.domesticAbuseForms.map((f) => ({ id: f.id, key: f.key })),
    tenureChoices: [...policy.tenures.map((t) => ({ id: t.id, key: t.key })), { ...DONT_KNOW, key: 'intake:askingTenure.dontKnow' }],
    tenureChoicesOther: [...policy.tenures.map((t) => ({ id: t.id, key: t.keyOther ?? t.key })), { ...DONT_KNOW, key: 'intake:askingTenure.dontKnow' }],
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

/** The text cut to at most `max` characters at the end of a word ("He said" not "He sai"), unless one word is longer. */
export function clipAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1).lastIndexOf(' ');
  return (cut > 0 ? text.slice(0, cut) : text.slice(0, max)).replace(/[\s,;:.-]+$/, '');
}

/** A person's words as a prompt parameter: never i18next nesting or interpolation, never beyond a short clip. */
export function asParam(raw: string | undefined, max: number): string {
  const text = (raw ?? '').replace(/\$t\(/g, '$ t(').replace(/\{\{/g, '{ {').replace(/\s+/g, ' ').trim();
  return text === '' ? '-' : text.length > max ? `${clipAtWord(text, max - 3)}...` : text;
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
