// Review and submit: a short summary (the whole of it on request), corrections section by section (each replaces what it asks again, and
// the answers of a role or category left behind are cleared), then the case. A failed save keeps everything so
// the person can try again (the submit key makes a retry safe). A report finished early after being pointed
// elsewhere is submitted from here too: it ends signposted only when the case side finds it low-risk.
import { intake } from './intake.setup';
import { question } from './intake.questions';

const SECTIONS = [
  { id: 'send', key: 'intake:reviewing.send' },
  { id: 'who', key: 'intake:reviewing.who' },
  { id: 'what', key: 'intake:reviewing.what' },
  { id: 'details', key: 'intake:reviewing.details' },
  { id: 'contact', key: 'intake:reviewing.contact' },
  // SMS shows a shortened summary and offers "send ALL" (src/channels/twilio/review-summary.ts); the web's card is whole.
  { id: 'seeAll', key: 'intake:reviewing.seeAll', hidden: true },
];

export const review = intake.createStateConfig({
  initial: 'reviewing',
  states: {
    reviewing: {
      ...question('reviewing', { choices: SECTIONS }),
      entry: [{ type: 'rememberQuestion', params: { id: 'reviewing' } }, 'stopCorrecting', 'forgetAbandonedPath', 'syncUrgent', 'saySummary'],
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'send' } }, target: 'submitting', actions: 'requestSubmit' },
          // The whole summary, then the same question again (no re-entry: the short summary is not said twice).
          { guard: { type: 'choiceIs', params: { id: 'seeAll' } }, actions: 'sayWholeSummary' },
          { guard: { type: 'choiceIs', params: { id: 'who' } }, target: '#intake.flow.who', actions: { type: 'startCorrecting', params: { section: 'who' } } },
          { guard: { type: 'choiceIs', params: { id: 'what' } }, target: '#intake.flow.what', actions: { type: 'startCorrecting', params: { section: 'what' } } },
          { guard: { type: 'choiceIs', params: { id: 'details' } }, target: '#intake.flow.details', actions: { type: 'startCorrecting', params: { section: 'details' } } },
          { guard: { type: 'choiceIs', params: { id: 'contact' } }, target: '#intake.flow.anonymity', actions: { type: 'startCorrecting', params: { section: 'contact' } } },
        ],
      },
    },
    submitting: {
      id: 'submitting',
      on: {
        'effect.submitReport.done': [
          {
            guard: { type: 'wasSignposted', params: { after: 'elsewhere' } },
            target: '#closedWithAdvice',
            actions: { type: 'say', params: { key: 'intake:signposted.thanks' } },
          },
          { guard: { type: 'wasSignposted', params: {} }, target: '#signposted', actions: { type: 'say', params: { key: 'intake:signposted.thanks' } } },
          { target: '#submitted', actions: 'saySubmitted' },
        ],
        'effect.submitReport.failed': { target: 'submitFailed', actions: { type: 'say', params: { key: 'intake:submitFailed.sorry' } } },
      },
    },
    submitFailed: {
      ...question('submitFailed', { choices: [{ id: 'tryAgain', key: 'intake:submitFailed.tryAgain' }] }),
      on: { 'user.message': { guard: { type: 'choiceIs', params: { id: 'tryAgain' } }, target: 'submitting', actions: 'requestSubmit' } },
    },
  },
});
