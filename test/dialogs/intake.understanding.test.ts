// The examples as conversations, through the real runtime and database with One Vision Housing's pack:
// what a frightened person types in their own words, and what comes back. Each row is one message and the
// replies it gets; `quick` rows are sent straight after the one before, before its reply could be read.
import { dialogs } from '../../dialogs';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import { openTranscript, runTable, type Transcript } from '../support/transcript';

type Row = [said: string, expectedKeys: string[]];
const k = (state: string) => `intake:${state}.prompt`;
const policy = toDialogPolicy(loadPolicyPack('one-vision-housing'));

let t: Transcript;
afterEach(async () => {
  await t.close();
});

/** SMS: not in danger, safe to talk, nobody else reads the messages, it happened to me. */
const TO_CATEGORY: Row[] = [
  ['hi', [k('askingDanger')]],
  ['no', [k('askingSafeToTalk')]],
  ['yes', [k('askingOthersRead')]],
  ['no', [k('askingRole')]],
  ['it me', [k('askingCategory')]],
];
/** Noise (not because of who they are), a social tenant: to "When did it happen?". */
const TO_WHEN: Row[] = [...TO_CATEGORY, ['1', [k('askingSubcategory')]], ['1', ['policy:response.noise', k('askingPerceivedHate')]], ['no', [k('askingTenure')]], ['1', [k('askingWhen')]]];

test('"ok" or "maybe" to "are you in danger?" is asked about once more, never taken as yes or no; danger in words is a yes', async () => {
  t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await runTable(t, [
    ['hi', [k('askingDanger')]],
    ['maybe', ['intake:askingDanger.clarify.unsure', k('askingDanger')]],
    ['ok', ['intake:askingDanger.clarify.unsure', k('askingDanger')]],
    ['hes in the next room', ['intake:danger.guidance', k('dangerAdvised')]],
    ['ok hes gone out', [k('askingSafeToTalk')]],
  ]);
  expect(t.last()?.prompts.at(-1)?.text).toMatch(/safe for you to message/);
});

test('danger typed at a later question: 999 and the Silent Solution first, back to the same question, the words kept in the report', async () => {
  t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await runTable(t, [
    ...TO_WHEN,
    ["I'm scared he'll kill me", ['intake:danger.guidance', 'intake:urgent.seen', k('inDanger')]],
    ['1', [k('askingWhen')]],
    ['call the police', ['intake:danger.guidance', k('inDanger')]],
    ['im back', [k('askingWhen')]],
  ]);
  const guidance = (await t.say('he is going to hurt me'))[0]?.text ?? '';
  expect(guidance).toMatch(/call 999/);
  expect(guidance).toMatch(/press 55/);
  await t.say('carry on');
  await t.say('exit'); // quick exit still erases everything
  expect(t.last()).toMatchObject({ erased: true });
});

test('the words typed with danger and with self-harm are part of the report, and staff see both', async () => {
  t = await openTranscript({ dialogs, policy, channel: 'webchat' });
  await runTable(t, [
    ['hi', [k('askingDanger')]],
    ['no', [k('askingSafeToTalk')]],
    ['yes', [k('askingRole')]],
    ['1', [k('askingCategory')]],
    ['3', [k('askingPerceivedHate')]],
    ['no', [k('askingTenure')]],
    ['hes outside my door now', ['intake:danger.guidance', 'intake:urgent.seen', k('inDanger')]],
    ['carry on', [k('askingTenure')]],
    ['i just want to die', ['intake:selfHarm.support', k('offeringSupport')]],
    ['1', ['intake:waitingForPerson.inHours', k('waitingForPerson')]],
  ]);
  expect(t.handoffs[0]?.summary).toMatchObject({
    safety: { immediateDangerAtStart: true, selfHarmDisclosed: true },
    incident: { categoryId: 'harassment', description: 'hes outside my door now\ni just want to die' },
  });
});

test('self-harm typed anywhere gets a kind word and free lines, the offer of a person, then carries on where it was', async () => {
  t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await runTable(t, [...TO_WHEN, ["i can't go on like this", ['intake:selfHarm.support', k('offeringSupport')]], ['carry on', [k('askingWhen')]]]);
  const [support] = await t.say('sometimes i think about killing myself');
  expect(support?.text).toMatch(/116 123/);
  expect(support?.text).toMatch(/85258/);
});

test('three quick messages at "When did it happen?" are one answer and never spill onto the next questions', async () => {
  t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await runTable(t, TO_WHEN);
  expect(await t.keys('last night')).toEqual([k('askingWhere')]);
  expect(await t.keys('about 11pm', { quick: true })).toEqual(['intake:continued.added', k('askingWhere')]);
  expect(await t.keys('and again at 2am', { quick: true })).toEqual(['intake:continued.added', k('askingWhere')]);
  // Read, then answered: this one is where it happened.
  await runTable(t, [
    ['outside the shops on Mill Road', [k('askingDescription')]],
    ['they were shouting at me', [k('addingDescription')]],
  ]);
  // A button pressed straight after is an answer to what it was pressed for, not more words.
  expect(await t.keys('1', { quick: true })).toEqual([k('askingOngoing')]);
  for (const said of ['yes', 'no', 'no', 'no', 'no', 'skip', 'dont know', 'no', 'no', 'no', 'none', 'skip', 'no thanks', '3', '1']) await t.say(said);
  expect(t.submitted[0]?.incident).toMatchObject({
    when: { text: 'last night about 11pm and again at 2am' },
    where: { text: 'outside the shops on Mill Road' },
    description: 'they were shouting at me',
  });
});

test('a long first message is acknowledged, starts the report, and what it says is confirmed rather than asked again', async () => {
  t = await openTranscript({ dialogs, policy, channel: 'sms' });
  const first = 'Hi my name is Sarah Jones I live at 14 Oak Road flat 2, my neighbour threatened to stab me yesterday, please call me on 07700 900123 after 3pm';
  await runTable(t, [
    [first, ['intake:opening.kept', k('askingDanger')]],
    ['no', [k('askingSafeToTalk')]],
    ['yes', [k('askingOthersRead')]],
    ['no', [k('askingRole')]],
    ['1', [k('confirmingCategory')]],
    ['yes', [k('askingSubcategory')]],
    ['5', [k('askingPerceivedHate')]],
    ['no', [k('askingTenure')]],
    ['1', [k('confirmingWhen')]],
    ['yes', [k('askingWhere')]],
    ['1', [k('addingToEarlier')]],
    ['1', [k('askingOngoing')]],
  ]);
  expect(t.last()?.prompts).toBeDefined();
  await t.say('person');
  expect(t.handoffs[0]?.summary).toMatchObject({
    incident: { categoryId: 'asb', subcategoryId: 'threatsOrViolence', description: first, when: { text: 'yesterday' }, where: { atReporterHome: true } },
  });
});

test('plain answers as people write them: yeh, it me, i dont no, my husband, several picks at once with a read-back', async () => {
  t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await runTable(t, [
    ['hi', [k('askingDanger')]],
    ['nah', [k('askingSafeToTalk')]],
    ['yeh', [k('askingOthersRead')]],
    ['nope', [k('askingRole')]],
    ['it me', [k('askingCategory')]],
    ['my partner hits me', [k('confirmingCategory')]],
    ['yep', ['intake:askingAbuseForm.helpline', k('askingAbuseForm')]],
    ['1 and 6', ['intake:picked.readBack', k('askingMoreAbuseForms')]],
    ['4', ['intake:picked.readBack', k('askingMoreAbuseForms')]],
    ['thats it', [k('askingAge')]],
    ['im an adult', [k('offeringDash')]],
    ['no thanks', [k('askingTenure')]],
    ['1', [k('askingWhen')]],
    ['last night', [k('askingWhere')]],
    ['at home', [k('addingToEarlier')]],
    ['done', [k('askingOngoing')]],
    ['yeh', [k('askingViolence')]],
    ['i dont no', [k('askingDangerRemaining')]],
    ['dunno', [k('askingPerpetratorKnown')]],
    ['my husband', [k('askingPerpetratorTenant')]],
  ]);
  const readBack = (await t.sessionDoc()) as { snapshot: string };
  const fields = (JSON.parse(readBack.snapshot) as { context: { fields: Record<string, unknown> } }).context.fields;
  expect(fields).toMatchObject({
    'incident.domesticAbuseForms': ['physical', 'controllingOrCoercive', 'financial'],
    'incident.violenceOrThreats': 'dont_know',
    'perpetrator.known': 'yes',
    'perpetrator.description': 'my husband',
  });
});

test('"yes" to the checklist\'s low-mood question gets support and the offer of a person before the next question', async () => {
  t = await openTranscript({ dialogs, policy, channel: 'sms' });
  await runTable(t, [
    ...TO_CATEGORY,
    ['4', ['intake:askingAbuseForm.helpline', k('askingAbuseForm')]],
    ['skip', [k('askingAge')]],
    ['over 18', [k('offeringDash')]],
    ['yes now', ['risk:dash.injury']],
    ['no', ['risk:dash.frightened']],
    ['yes', ['risk:dash.afraidOf']],
    ['yes', ['risk:dash.isolated']],
    ['no', ['risk:dash.depressedOrSuicidal']],
    ['yes', ['intake:selfHarm.support', k('offeringSupport')]],
    ['2', ['risk:dash.separation']],
  ]);
  const options = t.last()?.prompts.at(-1)?.choiceLabels?.map((c) => c.label) ?? [];
  expect(options).toContain('Skip the rest'); // never "Stop": STOP unsubscribes a phone from every text
});
