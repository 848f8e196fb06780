// The report intake dialog: safety first, then who, what, (Dash, or a professional's referral), scope, details, (harm), anonymity, safe
// contact and review, as compound states of one machine. The interrupts live at the root so they work from
// every state: danger (999 guidance first, then back to where they were), self-harm (support and the offer of
// a person, then carry on), quick exit, talk to a person, help, back and skip; and the two events about
// timing: the first message (kept, and what it says used later) and quick follow-ups to an answer.
import { and } from 'xstate';
import { intake } from './intake.setup';
import { CARRY_ON, initialContext } from './intake.context';
import { safety } from './safety.states';
import { who } from './who.states';
import { what } from './what.states';
import { age } from './age.states';
import { dash } from './dash.states';
import { referral } from './referral.states';
import { scope } from './scope.states';
import { details } from './details.states';
import { harm } from './harm.states';
import { anonymity } from './anonymity.states';
import { safeContact } from './safe-contact.states';
import { review } from './review.states';

/** Bump when a persisted snapshot of the previous version would no longer fit (and add a migration). */
export const INTAKE_DIALOG_VERSION = 4;

interface NodeConfig {
  on?: Record<string, unknown>;
  states?: Record<string, NodeConfig>;
}
type Transition = { actions?: unknown } & Record<string, unknown>;

/**
 * Every answer keeps any photos or voice notes sent with it (`keepMedia`), and media sent on their own
 * where words were expected are kept too, with a thank-you, and the question is asked again.
 */
function keepingMedia<T>(section: T): T {
  const visit = (node: NodeConfig): NodeConfig => {
    const states = node.states ? Object.fromEntries(Object.entries(node.states).map(([k, v]) => [k, visit(v)])) : undefined;
    const handler = node.on?.['user.message'] as Transition | Transition[] | undefined;
    if (handler === undefined) return { ...node, ...(states ? { states } : {}) };
    const transitions = (Array.isArray(handler) ? handler : [handler]).map((t) => {
      const actions = t.actions === undefined ? [] : Array.isArray(t.actions) ? t.actions : [t.actions];
      return actions.includes('recordMedia') ? t : { ...t, actions: [...actions, 'keepMedia'] };
    });
    const mediaOnly = { guard: 'hasMedia', actions: ['keepMedia', { type: 'say', params: { key: 'intake:media.kept' } }] };
    return { ...node, ...(states ? { states } : {}), on: { ...node.on, 'user.message': [...transitions, mediaOnly] } };
  };
  return visit(section as NodeConfig) as T;
}

const sections = Object.fromEntries(
  Object.entries({ safety, who, what, age, dash, referral, scope, details, harm, anonymity, safeContact, review }).map(([k, v]) => [k, keepingMedia(v)]),
) as { safety: typeof safety; who: typeof who; what: typeof what; age: typeof age; dash: typeof dash; referral: typeof referral; scope: typeof scope; details: typeof details; harm: typeof harm; anonymity: typeof anonymity; safeContact: typeof safeContact; review: typeof review };

/** Ids of every state that waits for an answer (the targets of "back"). */
export function questionIds(): string[] {
  const ids: string[] = [];
  const walk = (node: { id?: string; meta?: unknown; states?: Record<string, unknown> }) => {
    if (node.id !== undefined && node.meta !== undefined) ids.push(node.id);
    for (const child of Object.values(node.states ?? {})) walk(child as typeof node);
  };
  for (const section of Object.values(sections)) walk(section as Parameters<typeof walk>[0]);
  return ids;
}

const goBack = [
  ...questionIds().map((id) => ({
    guard: { type: 'previousQuestionIs' as const, params: { id } },
    target: `#${id}`,
    actions: 'forgetLastQuestion' as const,
  })),
  // The matrix's questions are asked by one state: back to the one the trail names.
  { guard: 'previousQuestionIsHarm' as const, target: '#askingHarm', actions: 'backToHarm' as const },
];


/** Self-harm: the words are kept, staff see it, and the person gets a kind word and free lines first. */
const SELF_HARM = ['keepWords', { type: 'setFlag', params: { field: 'safety.selfHarmDisclosed', value: true } }, 'saySelfHarmSupport'] as const;

/** After a correction from the review, a section returns to the review instead of moving on. */
const then = (next: string) => [{ guard: 'isCorrecting' as const, target: '#reviewing' }, { target: next }];
/** A correction (of who or what) that makes this a domestic-abuse report by the person harmed offers Dash first. */
const offerDashOnCorrection = { guard: and(['isCorrecting', 'offersDash', 'dashNotOffered']), target: 'dash' };
/** The same for a professional's referral of domestic abuse: their own assessment is asked then (OVH 2.6). */
const askReferralOnCorrection = { guard: and(['isCorrecting', 'asksReferral', 'referralNotAsked']), target: 'referral' };
/** Once we know who and what, their age where it matters (a correction that makes it matter asks it then). */
const askAge = { guard: 'asksAge' as const, target: 'age' };
const afterAge = [
  offerDashOnCorrection,
  askReferralOnCorrection,
  { guard: 'isCorrecting' as const, target: '#reviewing' },
  { guard: 'offersDash' as const, target: 'dash' },
  { guard: 'asksReferral' as const, target: 'referral' },
  { target: 'scope' },
];

export const intakeMachine = intake.createMachine({
  id: 'intake',
  context: ({ input }) => initialContext(input),
  initial: 'flow',
  on: {
    // Danger at any point counts for triage as danger now (the draft's `immediateDangerAtStart`); the words
    // typed with it are part of the report.
    'user.danger': {
      target: '.inDanger',
      actions: ['sayDangerGuidance', 'keepWords', { type: 'setFlag', params: { field: 'safety.immediateDangerAtStart', value: true } }, 'syncUrgent'],
    },
    'user.selfHarm': { target: '.offeringSupport', actions: SELF_HARM },
    'user.opened': { actions: ['keepOpening', { type: 'sayIfWords', params: { key: 'intake:opening.kept' } }] },
    'user.continued': { actions: ['continueText', { type: 'say', params: { key: 'intake:continued.added' } }] },
    'user.quickExit': { target: '.exited', actions: 'requestErase' },
    'user.handoff': { target: '.handingOff', actions: 'requestHandoff' },
    'user.help': { actions: 'sayHelp' },
    'user.skip': { actions: { type: 'say', params: { key: 'intake:skip.notAllowed' } } },
    'user.back': [...goBack, { actions: { type: 'say', params: { key: 'intake:back.nothing' } } }],
    'user.resume': { target: '.flow.resumed' },
    'user.restart': { target: '.flow', actions: 'restart' },
    'effect.openUrgentCase.done': { actions: 'recordUrgentCase' },
    'effect.openUrgentCase.failed': { actions: 'retryUrgentCase' },
    // From the officer who took the conversation: back to the question it was on, or its closing words.
    'staff.handBack': [
      { guard: 'handsBackToFinish', target: '.closedByStaff', actions: 'sayHandedBack' },
      { target: '.flow.resumed', actions: 'sayHandedBack' },
    ],
    'staff.closed': { target: '.closedByStaff' },
  },
  states: {
    flow: {
      initial: 'safety',
      states: {
        resumed: { type: 'history', history: 'deep' },
        // SLH Objectives: support is promoted at the point of first report, before any question about what happened.
        safety: { ...sections.safety, onDone: { target: 'who', actions: 'saySupportOnFirstReport' } },
        who: { ...sections.who, onDone: [{ ...askAge, guard: and(['isCorrecting', 'asksAge']) }, offerDashOnCorrection, askReferralOnCorrection, ...then('what')] },
        what: { ...sections.what, onDone: [askAge, ...afterAge] },
        age: { ...sections.age, onDone: afterAge },
        dash: { ...sections.dash, onDone: then('scope') },
        referral: { ...sections.referral, onDone: then('scope') },
        scope: { ...sections.scope, onDone: 'details' },
        details: {
          ...sections.details,
          onDone: [{ guard: 'isCorrecting', target: '#reviewing' }, { guard: 'offersHarmQuestions', target: 'harm' }, { target: 'anonymity' }],
        },
        harm: { ...sections.harm, onDone: 'anonymity' },
        anonymity: {
          ...sections.anonymity,
          // Correcting "contact" goes on through safe contact unless the report is now anonymous.
          onDone: [{ guard: 'isAnonymous', target: 'review' }, { target: 'safeContact' }],
        },
        safeContact: { ...sections.safeContact, onDone: 'review' },
        review: sections.review,
      },
    },
    inDanger: {
      id: 'inDanger',
      meta: { prompt: { key: 'intake:inDanger.prompt', choices: [CARRY_ON] } },
      on: {
        'user.message': { guard: { type: 'choiceIs', params: { id: 'carryOn' } }, target: 'flow.resumed' },
        'user.help': { actions: { type: 'say', params: { key: 'intake:inDanger.help' } } },
        'user.danger': { actions: ['keepWords', 'sayDangerGuidance'] },
        // Getting safe comes first: support is said here, and the person carries on when safe.
        'user.selfHarm': { actions: SELF_HARM },
      },
    },
    offeringSupport: {
      id: 'offeringSupport',
      meta: { prompt: { key: 'intake:offeringSupport.prompt', choices: [{ id: 'person', key: 'intake:offeringSupport.person' }, CARRY_ON] } },
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'person' } }, target: 'handingOff', actions: 'requestHandoff' },
          { guard: { type: 'choiceIs', params: { id: 'carryOn' } }, target: 'flow.resumed' },
        ],
        'user.help': { actions: { type: 'say', params: { key: 'intake:offeringSupport.help' } } },
        'user.selfHarm': { actions: SELF_HARM },
      },
    },
    handingOff: {
      on: {
        'effect.handoff.done': { target: 'waitingForPerson', actions: 'sayHandoffReply' },
        'effect.handoff.failed': { target: 'flow.resumed', actions: 'sayHandoffReply' },
      },
    },
    waitingForPerson: {
      id: 'waitingForPerson',
      meta: { prompt: { key: 'intake:waitingForPerson.prompt', choices: [CARRY_ON], freeText: true } },
      on: {
        // Words or photos sent while waiting go with the report: nothing typed here is dropped.
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'carryOn' } }, target: 'flow.resumed' },
          { guard: 'hasText', actions: ['appendDescription', 'keepMedia', { type: 'say', params: { key: 'intake:media.kept' } }] },
          { guard: 'hasMedia', actions: ['keepMedia', { type: 'say', params: { key: 'intake:media.kept' } }] },
        ],
        'user.help': { actions: { type: 'say', params: { key: 'intake:waitingForPerson.help' } } },
      },
    },
    exited: { id: 'exited', type: 'final' },
    submitted: { id: 'submitted', type: 'final' },
    signposted: { id: 'signposted', type: 'final' },
    closedWithAdvice: { id: 'closedWithAdvice', type: 'final' },
    closedByStaff: { id: 'closedByStaff', type: 'final' },
  },
});
