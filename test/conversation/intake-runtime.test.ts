// The real intake dialog through the real runtime and database: the safety gate comes first, danger and
// quick exit work mid-report, and a conversation survives a new runtime instance.
import { dialogs } from '../../dialogs/index';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import { openTranscript, runTable } from '../support/transcript';

const policy = toDialogPolicy(loadPolicyPack('one-vision-housing'));

test('on SMS the safety questions come first, and 999 mid-report gives the guidance before anything else', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await runTable(t, [
    ['hi', ['intake:askingDanger.prompt']],
    ['no', ['intake:askingSafeToTalk.prompt']],
  ]);
  const danger = await t.keys('999');
  expect(danger[0]).toBe('intake:danger.guidance');
  expect(await t.sessionDoc()).not.toBeNull();
  await t.close();
});

test('EXIT mid-report erases the conversation: no session document, no dedupe records, nothing submitted', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'whatsapp' });
  await t.say('hello');
  await t.say('2');
  await t.say('1');
  expect(await t.keys('EXIT')).toHaveLength(1);
  expect(t.last()).toMatchObject({ erased: true, ended: true });
  expect(t.erased).toHaveLength(1);
  expect(t.submitted).toHaveLength(0);
  expect(await t.sessionDoc()).toBeNull();
  expect(await t.inboundCount()).toBe(0);
  await t.close();
});

test('a photo sent with no words where a choice is asked is kept and thanked by the dialog, not called a mistake', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'whatsapp' });
  await t.say('hi');
  for (let i = 0; i < 3; i += 1) {
    // Three photos in a row never tip over into "still not sure what you meant".
    expect(await t.keys('', { mediaIds: [`photo-${i}`] })).toEqual(['intake:media.kept', 'intake:askingDanger.prompt']);
  }
  expect(await t.keys('no')).toEqual(['intake:askingSafeToTalk.prompt']);
  await t.close();
});

test('an answer that is not one of the choices is asked again, never guessed', async () => {
  const t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await t.say('hi');
  const keys = await t.keys('banana');
  expect(keys[0]).toMatch(/^common:notUnderstood\./);
  expect(keys[keys.length - 1]).toBe('intake:askingDanger.prompt');
  await t.close();
});
