// Choosing a language (issue 20): the first message in a language, or a language's name in English or in
// itself, switches the conversation to it; LANGUAGE lists the languages by their own names; the web page's
// language and the conversation's are one choice; a person who switches mid-report keeps everything typed.
import { dialogs } from '../../dialogs/index';
import { promptText } from '../../src/channels/twilio/render';
import type { OutboundPrompt } from '../../src/conversation/types';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import { WELSH_NOISE_REPORT } from '../support/reports-in-languages';
import { NOISE_REPORT, type AnswerRow } from '../support/sms-reporter';
import { openTranscript, type Transcript } from '../support/transcript';

const policy = toDialogPolicy(loadPolicyPack('one-vision-housing'));
const texts = (prompts: OutboundPrompt[]) => prompts.map(promptText).join('\n\n');

/** Answers from a table (as sms-reporter.ts does over HTTP) until a reply matches `until`; returns every reply. */
async function answer(t: Transcript, table: AnswerRow[], until: RegExp, first: string): Promise<string[]> {
  const received: string[] = [];
  let reply = texts(await t.say(first));
  for (let turn = 0; turn < 80; turn += 1) {
    received.push(reply);
    if (until.test(reply)) return received;
    const question = reply.split('\n\n').at(-1) ?? '';
    const row = table.find(([pattern]) => pattern.test(question));
    if (!row) throw new Error(`no answer in the table for: ${question}`);
    const chosen = typeof row[1] === 'function' ? row[1]('sms') : row[1];
    if (chosen === 'PHOTO') throw new Error('no photos here');
    if (typeof chosen === 'string') reply = texts(await t.say(chosen));
    else {
      const offered = [...question.matchAll(/^(\d+)\. (.+)$/gm)].find((o) => chosen.pick.test(o[2] ?? ''));
      if (!offered) throw new Error(`no option ${chosen.pick} in: ${question}`);
      reply = texts(await t.say(offered[1]!));
    }
  }
  throw new Error(`nothing matched ${until}`);
}

test('the first message in Welsh starts the conversation in Welsh, safety question first', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'sms' });
  const reply = texts(await t.say('Helo, mae fy nghymydog yn swnllyd bob nos'));
  expect(t.last()?.locale).toBe('cy');
  expect(reply).toMatch(/Cyn i ni ddechrau: ydych chi mewn perygl ar hyn o bryd\?\n1\. Ie\n2\. Na/);
  await t.close();
});

test('an English first message in a conversation the page opened in Welsh switches it to English', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'webchat', locale: 'cy' });
  await t.say('my neighbour is playing loud music every night');
  expect(t.last()?.locale).toBe('en');
  await t.close();
});

test('a language named in itself or in English switches to it, and the question is asked again in it', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await t.say('hi');
  expect(await t.keys('Cymraeg')).toEqual(['common:language.changed', 'intake:askingDanger.prompt']);
  expect(texts(t.last()!.prompts)).toMatch(/^Iawn, byddwn yn defnyddio'r Gymraeg o hyn ymlaen\.\n\nCyn i ni ddechrau/);
  await t.say('English');
  expect(t.last()?.locale).toBe('en');
  await t.say('welsh');
  expect(t.last()?.locale).toBe('cy');
  // Answers in Welsh, and in English too.
  expect(await t.keys('na')).toEqual(['intake:askingSafeToTalk.prompt']);
  expect(await t.keys('yes')).toEqual(['intake:askingOthersRead.prompt']);
  await t.close();
});

test('LANGUAGE lists every language by its own name, and a name in any of them picks it', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await t.say('hi');
  const [asked] = await t.say('LANGUAGE');
  expect(asked?.key).toBe('common:language.prompt');
  expect(asked?.choiceLabels?.map((c) => c.label)).toEqual(expect.arrayContaining(['English', 'Cymraeg']));
  expect(await t.keys('Welsh')).toEqual(['common:language.changed', 'intake:askingDanger.prompt']);
  expect(t.last()?.locale).toBe('cy');
  // IAITH is LANGUAGE in Welsh.
  expect((await t.keys('iaith'))[0]).toBe('common:language.prompt');
  await t.close();
});

test('danger in Welsh is heard in an English conversation, and 999 comes first', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await t.say('hi');
  await t.say('no');
  expect((await t.keys("mae e'n mynd i fy lladd i"))[0]).toBe('intake:danger.guidance');
  await t.close();
});

test('the page switched to Welsh switches the conversation; a name typed in the chat is not undone by the page', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'webchat', locale: 'en' });
  await t.say('hi');
  expect(t.last()?.locale).toBe('en');
  await t.say('no', { locale: 'cy-GB' });
  expect(t.last()?.locale).toBe('cy');
  expect(t.last()?.prompts.at(-1)?.text).toMatch(/Ydy hi'n ddiogel i chi anfon neges atom nawr/);
  await t.say('English', { locale: 'cy-GB' });
  expect(t.last()?.locale).toBe('en');
  await t.say('yes', { locale: 'cy-GB' });
  expect(t.last()?.locale).toBe('en');
  await t.close();
});

test('a language name answering a question that asks for words is kept as the answer', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await answer(t, NOISE_REPORT, /who they are or what they look like/, 'hi');
  await t.say('Polish');
  expect(t.last()?.locale).toBe('en');
  await t.close();
});

test('switching to Welsh mid-report keeps everything typed, and the report is sent in Welsh', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'sms' });
  // In English as far as what happened, then "Cymraeg" at "send more", then on in Welsh.
  await answer(t, NOISE_REPORT, /Send more if you want to add anything/, 'hi');
  const switched = texts(await t.say('Cymraeg'));
  expect(switched).toMatch(/^Iawn, byddwn yn defnyddio'r Gymraeg/);
  expect(switched).toMatch(/Anfonwch ragor os ydych am ychwanegu/);
  await answer(t, WELSH_NOISE_REPORT, /cyfeirnod yw/, '1');
  expect(t.submitted).toHaveLength(1);
  const report = t.submitted[0]!;
  expect(report.locale).toBe('cy');
  expect(report.incident.description).toContain('The music next door is very loud');
  expect(report.incident.when?.text).toMatch(/Every night after midnight/);
  await t.close();
});

test('Punjabi written in Shahmukhi opens in Urdu, the script it is written in, and offers Punjabi in Gurmukhi; Urdu is not offered it', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'sms' });
  const opening = await t.keys('السلام علیکم، میرا گوانڈی ہر رات بوہت رولا پاندا اے، مینوں سون نئیں دیندا');
  expect([opening[0], opening.at(-1)]).toEqual(['common:language.offer.pa', 'intake:askingDanger.prompt']);
  expect(t.last()?.locale).toBe('ur');
  expect(texts(t.last()!.prompts)).toMatch(/^یہ پیغامات گرمکھی .* PUNJABI بھیجیں۔/);
  // Answered in Shahmukhi, it is understood; PUNJABI switches to Gurmukhi.
  expect(await t.keys('نئیں')).toEqual(['intake:askingSafeToTalk.prompt']);
  expect(await t.keys('PUNJABI')).toEqual(['common:language.changed', 'intake:askingSafeToTalk.prompt']);
  expect(t.last()?.locale).toBe('pa');
  await t.close();

  const urdu = await openTranscript({ dialogs, policy, channel: 'sms' });
  expect(await urdu.keys('السلام علیکم، میرا پڑوسی ہر رات بہت شور کرتا ہے، مجھے سونے نہیں دیتا')).not.toContain('common:language.offer.pa');
  expect(urdu.last()?.locale).toBe('ur');
  await urdu.close();
});

test('Shahmukhi with danger in it: 999 first, and no offer of another language in the way', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'sms' });
  const keys = await t.keys('مینوں بچاؤ، اوہ مینوں مار دے گا، تسی پولیس بلاؤ');
  expect(keys).not.toContain('common:language.offer.pa');
  expect(keys.join(' ')).toMatch(/danger|999/i);
  expect(t.last()?.locale).toBe('ur');
  await t.close();
});
