// A long option list by SMS in a script with no plain letters (issue 20): a page at a time with "0. More", every
// number keeping its meaning whichever page is showing, several picks across pages at once, and web chat's
// buttons untouched.
import { dialogs } from '../../dialogs/index';
import { promptText, segmentCount, smsPromptText } from '../../src/conversation/sms-text';
import type { OutboundPrompt } from '../../src/conversation/types';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import { openTranscript, type Transcript } from '../support/transcript';

const policy = toDialogPolicy(loadPolicyPack('one-vision-housing'));
const question = (prompts: OutboundPrompt[]) => prompts.at(-1)!;
const numbers = (prompt: OutboundPrompt) => [...promptText(prompt).matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));
const fields = async (t: Transcript) => (JSON.parse(((await t.sessionDoc()) as { snapshot: string }).snapshot) as { context: { fields: Record<string, unknown> } }).context.fields;

const opened: Transcript[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});
async function open(channel: 'sms' | 'webchat', locale?: string): Promise<Transcript> {
  const t = await openTranscript({ dialogs, policy, channel, ...(locale ? { locale } : {}) });
  opened.push(t);
  return t;
}

/** Not in danger, safe to talk, nobody else reads the messages, it happened to me, then the kind of report, each by its number. */
async function toCategory(t: Transcript, first: string, category: string): Promise<OutboundPrompt[]> {
  const answers: Record<string, string> = { askingDanger: 'no', askingSafeToTalk: 'yes', askingOthersRead: 'no', askingRole: 'victim', askingCategory: category };
  let prompts = await t.say(first);
  for (let turn = 0; turn < 8; turn += 1) {
    const asked = question(prompts);
    const id = answers[asked.key.replace(/^intake:|\.prompt$/g, '')];
    if (id === undefined) return prompts;
    prompts = await t.say(String((asked.choices ?? []).findIndex((c) => c.id === id) + 1));
  }
  return prompts;
}

test('Urdu by SMS: the 9 kinds of anti-social behaviour come in two pages, "0" turns them, and a number on the other page still picks its option', async () => {
  const t = await open('sms');
  const first = question(await toCategory(t, 'السلام علیکم', 'asb'));
  expect(t.last()?.locale).toBe('ur');
  expect(first.key).toBe('intake:askingSubcategory.prompt');
  expect(numbers(first)).toEqual([1, 2, 3, 4, 5, 0]);
  expect(promptText(first)).toMatch(/\n0\. مزید$/);
  expect(segmentCount(smsPromptText(first))).toBeLessThanOrEqual(3);

  const second = question(await t.say('0'));
  expect(second.key).toBe('intake:askingSubcategory.prompt');
  expect(numbers(second)).toEqual([6, 7, 8, 9, 0]);
  expect(promptText(second)).toMatch(/\n0\. پہلے آپشن دوبارہ$/);
  expect(segmentCount(smsPromptText(second))).toBeLessThanOrEqual(3);
  // The dialog heard nothing: the answer is still to come, and "0" was not kept as something typed.
  expect((await fields(t))['incident.subcategoryId']).toBeUndefined();

  // Past the last page, the first again (typed in Urdu digits).
  expect(numbers(question(await t.say('۰')))).toEqual([1, 2, 3, 4, 5, 0]);
  // "8" (nuisance) is on the other page, and means the eighth option here too.
  const next = question(await t.say('۸'));
  expect(next.key).not.toBe('intake:askingSubcategory.prompt');
  expect((await fields(t))['incident.subcategoryId']).toBe('nuisance');
});

test('Arabic by SMS: several motivations from different pages at once ("2 و 13"), and That\'s all on every page of "anything else?"', async () => {
  const t = await open('sms');
  const first = question(await toCategory(t, 'مرحبا', 'hateCrime'));
  expect(t.last()?.locale).toBe('ar');
  expect(first.key).toBe('intake:askingMotivation.prompt');
  expect(numbers(first)).toEqual([1, 2, 3, 4, 5, 0]);
  const more = question(await t.say('2 و 13'));
  expect(more.key).toBe('intake:askingMoreMotivations.prompt');
  expect((await fields(t))['incident.hateMotivations']).toEqual(['disability', 'other']);
  expect(numbers(more)).toContain(14);
  expect(numbers(question(await t.say('0')))).toContain(14);
  expect(numbers(question(await t.say('0')))).toContain(14);
  expect(question(await t.say('14')).key).not.toMatch(/Motivation/);
  expect((await fields(t))['incident.hateMotivations']).toEqual(['disability', 'other']);
});

test('web chat in Urdu shows every option as a button, with no page and no numbers', async () => {
  const t = await open('webchat', 'ur');
  const shown = question(await toCategory(t, 'السلام علیکم', 'asb'));
  expect(shown.key).toBe('intake:askingSubcategory.prompt');
  expect(shown.choiceLabels?.map((c) => c.id)).toEqual([...shown.choices!.map((c) => c.id), 'skip']);
  expect(shown.choiceLabels?.some((c) => c.number !== undefined)).toBe(false);
});

test('English by SMS: the 13 motivations fit as one message, so "0" is not understood there', async () => {
  const t = await open('sms');
  const first = question(await toCategory(t, 'hi', 'hateCrime'));
  expect(first.key).toBe('intake:askingMotivation.prompt');
  expect(numbers(first)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  expect(await t.keys('0')).toEqual(['common:notUnderstood.prompt', 'intake:askingMotivation.prompt']);
});
