// The review over SMS, through the signed Twilio webhooks of the app as composed for production: a long report's
// summary stays within a question's segment budget, cut only at word ends, and offers "send ALL"; ALL sends
// every answer in parts that never break a word, then the review question again, and the report still goes.
import { SMS_PROMPT_SEGMENTS, segmentCount, smsPromptText } from '../../../src/channels/twilio/render';
import { type TwilioServices, useTwilioServices } from '../../support/twilio-services';
import { converseBySms, sendSms, type AnswerRow } from '../../support/sms-reporter';

const STATEMENT = [
  'He said he would come back tonight and break the door down if I told anyone.',
  'Last Tuesday he followed me from the bus stop on Grange Road to the entrance of Rose Court, shouting names about my religion.',
  'On Friday somebody pushed dog mess through the letterbox and wrote a slur on the door in red paint.',
  'My daughter is frightened to walk to school alone and we have stopped using the lift because he waits there in the evenings.',
  'His friend from the second floor laughs and films us on his phone whenever we pass.',
].join(' ');

const LONG_REPORT: AnswerRow[] = [
  [/What is it about/, { pick: /Hate/ }],
  [/Why do you think they did it/, { pick: /Religion/ }],
  [/Anything else\? Pick more/, { pick: /That's all/ }],
  [/tell us what happened/, STATEMENT],
  [/who they are or what they look like/, 'The man in flat 5, tall with a grey beard'],
  [/What is your name/, 'Amira Khan'],
  [/code word/, 'bluebell'],
];

describe('the SMS review of a long report', () => {
  let app: TwilioServices;
  useTwilioServices((started) => (app = started));

  it('fits the budget with "send ALL"; ALL sends every answer whole, in parts that never break a word, then asks again', async () => {
    const from = '+447700900833';
    const received = await converseBySms(app.services.app, 'sms', from, { overrides: LONG_REPORT, until: /send your report/ });

    // The summary, from its title to the line that offers the rest, as the person reads it across their messages.
    const review = received.slice(received.findIndex((m) => m.startsWith('Your report:'))).join('\n');
    const summary = review.slice(0, review.indexOf('Send ALL to read all of it.') + 'Send ALL to read all of it.'.length);
    expect(summary).toMatch(/^Your report:\n/);
    expect(segmentCount(smsPromptText({ key: '', text: summary }))).toBeLessThanOrEqual(SMS_PROMPT_SEGMENTS);
    // Cut where a word ends: what is shown of the statement is its first words, whole.
    // (A long summary reaches the phone as two messages, split between sentences.)
    const shown = (/What happened: ([\s\S]+?)\.\.\./.exec(summary)?.[1] ?? '').replace(/\s+/g, ' ');
    expect(shown.length).toBeGreaterThan(20);
    expect(STATEMENT.startsWith(shown)).toBe(true);
    expect(STATEMENT[shown.length]).toMatch(/[ ,.]/);
    expect(summary).not.toContain('Amira Khan');

    const whole = await sendSms(app.services.app, 'sms', from, 'ALL');
    for (const part of whole) expect(segmentCount(part)).toBeLessThanOrEqual(2);
    expect(whole.length).toBeGreaterThan(2);
    // Joined again at the places they were split, the parts give back every word as written.
    const rejoined = whole.join(' ').replace(/\s+/g, ' ');
    expect(rejoined).toContain(`What happened: ${STATEMENT}`);
    expect(rejoined).toContain('Who is doing it: The man in flat 5, tall with a grey beard');
    expect(rejoined).toContain('Your name: Amira Khan');
    expect(rejoined).toContain('Code word: bluebell');
    // Then the review question again, without the short summary said twice.
    expect(whole.at(-1)).toMatch(/Reply 1 to send your report, or choose a part to change\.\n1\. Send my report/);
    expect(whole.join('\n')).not.toContain('Send ALL');
    // "all" has no number: 6 is not an option here.
    expect((await sendSms(app.services.app, 'sms', from, '6')).join('\n')).not.toContain('Your report in full');

    const sent = await sendSms(app.services.app, 'sms', from, '1');
    expect(sent.join('\n')).toMatch(/reference is [A-Z0-9-]+/);
  });

  it('on a short anonymous report with nothing left out, the summary is whole and offers nothing more', async () => {
    const from = '+447700900834';
    const received = await converseBySms(app.services.app, 'sms', from, {
      overrides: [
        [/tell us what happened/, 'Loud music every night.'],
        [/know who is doing this/, { pick: /^No$/ }],
        [/who they are or what they look like/, 'SKIP'],
        [/How would you like to report this/, { pick: /^Anonymous/ }],
      ],
      until: /send your report/,
    });
    const review = received.slice(received.findIndex((m) => m.startsWith('Your report:'))).join('\n');
    expect(review).toContain('What happened: Loud music every night.');
    expect(review).not.toContain('Send ALL');
  });
});
