// A landlord's own risk-matrix question (OVH 3.7.3: the landlord's shared Risk Assessment Matrix, not only the
// intake's nine): its words come with the pack in every language it offers, or the pack does not load; the intake
// asks it in the pack's order, in those words; the answer goes in the report and is scored with its weight. The
// fictional third pack (test/policy/fixtures/riverside-homes.json) has one: "caresForSomeone", weight 2.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createActor } from 'xstate';
import type { DialogEvent, DialogPolicy } from '../../dialogs/shared/contract';
import { dialogs } from '../../dialogs';
import { buildReport } from '../../dialogs/intake/intake.report';
import { intakeMachine } from '../../dialogs/intake/intake.machine';
import { triage } from '../../src/cases/triage';
import { migrate } from '../../src/conversation/dialog-actor';
import { createTranslations } from '../../src/conversation/i18n';
import { promptVariants, render } from '../../src/conversation/prompts';
import { SMS_PROMPT_SEGMENTS, segmentCount, smsPromptText } from '../../src/channels/twilio/render';
import { packWords, toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack, parsePolicyPack, PolicyPackError } from '../../src/policy/load';
import { drive, pathOf, pick, promptOf, start, step, type, type Step } from './support/intake-harness';

const RIVERSIDE = path.resolve(__dirname, '../policy/fixtures/riverside-homes.json');
const riverside = loadPolicyPack(RIVERSIDE);
const policy = toDialogPolicy(riverside);
const raw = () => JSON.parse(readFileSync(RIVERSIDE, 'utf8')) as { languages?: unknown; risk: { matrix: { questions: Record<string, unknown>[] } } };
const own = riverside.risk.matrix.questions.find((q) => q.id === 'caresForSomeone')!;
const ownIndex = riverside.risk.matrix.questions.indexOf(own);
const en = { t: createTranslations().tFor('en') };
const monday10am = new Date('2026-11-23T10:00:00Z');

/** Not in danger, safe to talk, the pack's harassment category (not because of who they are), in scope, details answered no. */
function toHarm(role: 'victim' | 'witness', with_: DialogPolicy = policy): Step {
  const harassment = with_.categories.find((c) => c.kind === 'harassment')!.id;
  const inScope = with_.tenures.find((t) => t.inScope)!.id;
  const events: DialogEvent[] = [pick('no'), pick('yes'), pick(role), pick(harassment), pick('no'), pick(inScope), type('last week'), type('Mill Road'), type('They shout'), pick('done')];
  let at: Step = drive(events, start('webchat', with_));
  for (let i = 0; i < 30 && pathOf(at.snapshot) !== 'flow.harm.offeringHarm'; i += 1) {
    const ids = promptOf(at.snapshot)?.choices?.map((c) => c.id) ?? [];
    at = step(at.snapshot, ids.includes('no') ? pick('no') : ids.includes('none') ? pick('none') : { type: 'user.skip' });
  }
  expect(pathOf(at.snapshot)).toBe('flow.harm.offeringHarm');
  return at;
}

/** The keys of the questions asked, answering each with `answer(key)` (default no; "SKIP" skips it). */
function answerAll(at: Step, answer: (key: string) => string = () => 'no'): { keys: string[]; end: Step } {
  let current: Step = drive([pick('now')], at);
  const keys: string[] = [];
  while (pathOf(current.snapshot) === 'flow.harm.askingHarm') {
    const key = promptOf(current.snapshot)!.key;
    keys.push(key);
    const reply = answer(key);
    current = step(current.snapshot, reply === 'SKIP' ? { type: 'user.skip' } : pick(reply));
  }
  return { keys, end: current };
}

/** A stored snapshot brought back as the runtime does (the actor restores it). */
const restore = (persisted: unknown) => createActor(intakeMachine, { snapshot: persisted as never, input: { policy, channel: 'webchat', sessionId: 'session-1' } }).getSnapshot();

describe('OVH 3.7.3 (a landlord\'s own matrix): a question of the pack\'s own', () => {
  test('is asked in the pack\'s order, in the pack\'s words in English and Welsh, with yes, no, don\'t know and stop', () => {
    const { keys } = answerAll(toHarm('victim'));
    expect(keys).toEqual(riverside.risk.matrix.questions.map((q) => (q === own ? 'pack:harm.caresForSomeone' : `risk:harm.${q.id}`)));
    expect(keys.indexOf('pack:harm.caresForSomeone')).toBe(ownIndex);
    const i18n = createTranslations({ extraResources: packWords(riverside) });
    let at: Step = drive([pick('now')], toHarm('victim'));
    while (promptOf(at.snapshot)!.key !== 'pack:harm.caresForSomeone') at = step(at.snapshot, pick('no'));
    const spec = promptOf(at.snapshot)!;
    expect(render(i18n.tFor('en'), spec).text).toBe(own.text!['en']);
    expect(render(i18n.tFor('cy'), spec).text).toBe(own.text!['cy']);
    expect(spec.choices?.map((c) => c.id)).toEqual(['yes', 'no', 'dont_know', 'stop']);
  });

  test('is recorded in the report and scored with its weight and factor: yes alone (2) is below medium (3), with "I live alone" it is medium', () => {
    const alone = answerAll(toHarm('victim'), (key) => (key === 'pack:harm.caresForSomeone' ? 'yes' : 'no'));
    const report = buildReport(alone.end.snapshot.context);
    expect(report.vulnerability.harm).toMatchObject({ caresForSomeone: 'yes', livesAlone: 'no' });
    expect(triage(report, riverside, monday10am, { earlier: [] }, en).risk.harm).toMatchObject({ yesCount: 1, score: 2, factors: ['situational'], level: 'standard' });
    const both = answerAll(toHarm('victim'), (key) => (['pack:harm.caresForSomeone', 'risk:harm.livesAlone'].includes(key) ? 'yes' : 'no'));
    expect(triage(buildReport(both.end.snapshot.context), riverside, monday10am, { earlier: [] }, en).risk.harm).toMatchObject({ yesCount: 2, score: 3, level: 'medium' });
  });

  test('is asked of a witness when the pack marks it askWitness, and skipped like any other', () => {
    const { keys, end } = answerAll(toHarm('witness'), (key) => (key === 'pack:harm.caresForSomeone' ? 'SKIP' : 'no'));
    expect(keys).toEqual(riverside.risk.matrix.questions.filter((q) => q.askWitness).map((q) => (q === own ? 'pack:harm.caresForSomeone' : `risk:harm.${q.id}`)));
    expect(keys).not.toContain('risk:harm.repeatTarget');
    expect(end.snapshot.context.harm['caresForSomeone']).toBe('skipped');
    expect(pathOf(end.snapshot)).toBe('flow.anonymity.askingAnonymity');
  });

  test('"back" from the question after it asks it again, and the answer given then is the one kept', () => {
    let at: Step = drive([pick('now')], toHarm('victim'));
    while (promptOf(at.snapshot)!.key !== 'pack:harm.caresForSomeone') at = step(at.snapshot, pick('no'));
    at = drive([pick('yes'), { type: 'user.back' }], at);
    expect(promptOf(at.snapshot)!.key).toBe('pack:harm.caresForSomeone');
    at = drive([pick('no')], at);
    expect(promptOf(at.snapshot)!.key).toBe(`risk:harm.${riverside.risk.matrix.questions[ownIndex + 1]!.id}`);
    expect(at.snapshot.context.harm['caresForSomeone']).toBe('no');
  });
});

describe('a pack\'s own question that cannot be asked in every language it offers does not load', () => {
  const load = (change: (pack: ReturnType<typeof raw>) => void) => {
    const pack = raw();
    change(pack);
    try {
      parsePolicyPack(pack, 'riverside-homes.json');
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyPackError);
      return (error as PolicyPackError).message;
    }
    throw new Error('the pack loaded');
  };

  test('no Welsh words, where the pack offers Welsh: the question and the missing language are named', () => {
    const message = load((pack) => delete (pack.risk.matrix.questions[ownIndex]!['text'] as Record<string, string>)['cy']);
    expect(message).toContain(`risk.matrix.questions.${ownIndex}.text: "caresForSomeone" has no words in cy: a question of the pack's own is asked in every language the pack offers (en, cy)`);
  });

  test('a pack that does not say its languages offers every shipped one: each missing language is named', () => {
    const message = load((pack) => delete pack.languages);
    expect(message).toMatch(/"caresForSomeone" has no words in (ar|bn|pa|pl|ro|ur)(, (ar|bn|pa|pl|ro|ur)){5}:/);
  });

  test('no words at all, or the intake\'s own id given new words: each says what to do', () => {
    expect(load((pack) => delete pack.risk.matrix.questions[ownIndex]!['text'])).toContain('the intake has no question "caresForSomeone": a question of the pack\'s own needs its words in "text"');
    expect(load((pack) => (pack.risk.matrix.questions[0]!['text'] = { en: 'Are you disabled?', cy: 'Ydych chi\'n anabl?' }))).toContain('"disabilityOrIllness" is one of the intake\'s questions');
  });
});

test('a conversation stored by the previous version at a matrix question (or with "resume" pointing at one) carries on at that question', () => {
  const ovh = toDialogPolicy(loadPolicyPack('one-vision-housing'));
  let at: Step = drive([pick('now'), pick('no'), pick('yes')], toHarm('victim', ovh));
  const key = promptOf(at.snapshot)!.key;
  expect(key).toBe('risk:harm.olderOrYounger');
  // As version 3 stored it: a state per question, nothing in `harmAsking`.
  const asV3 = (snapshot: Step['snapshot']) => {
    const persisted = JSON.parse(JSON.stringify(intakeMachine.getPersistedSnapshot(snapshot))) as Record<string, unknown> & { context: Record<string, unknown> };
    const text = JSON.stringify({ ...persisted, context: { ...persisted.context, harmAsking: undefined } }).replace(/"askingHarm"/g, '"askingHarm_olderOrYounger"');
    return JSON.parse(text) as unknown;
  };
  const dialog = dialogs.find((d) => d.id === 'intake')!;
  const restored = restore(migrate(dialog, 3, asV3(at.snapshot)));
  expect(promptOf(restored)!.key).toBe('risk:harm.olderOrYounger');
  expect(pathOf(step(restored, pick('yes')).snapshot)).toBe('flow.harm.askingHarm');
  expect(step(restored, pick('yes')).snapshot.context.harm).toMatchObject({ disabilityOrIllness: 'no', mentalHealth: 'yes', olderOrYounger: 'yes' });
  at = drive([{ type: 'user.danger', text: 'he is outside' }], at);
  expect(pathOf(at.snapshot)).toBe('inDanger');
  const resumed = step(restore(migrate(dialog, 3, asV3(at.snapshot))), pick('carryOn'));
  expect(promptOf(resumed.snapshot)!.key).toBe('risk:harm.olderOrYounger');
});

test('the longest words a pack may give its own question (150 characters) go as one text message of at most 3 segments with the options, in any script', () => {
  const longest = { en: 'x'.repeat(150), ur: 'ک'.repeat(150), bn: 'ক'.repeat(150), cy: 'ŵ'.repeat(150) };
  const i18n = createTranslations({ extraResources: Object.fromEntries(Object.entries(longest).map(([lng, text]) => [lng, { pack: { harm: { longest: text } } }])) });
  let at: Step = drive([pick('now')], toHarm('victim', { ...policy, harmQuestions: [{ id: 'longest', askWitness: false, key: 'pack:harm.longest' }] }));
  expect(pathOf(at.snapshot)).toBe('flow.harm.askingHarm');
  const spec = promptOf(at.snapshot)!;
  const segments = Object.keys(longest).map((lng) => ({ lng, segments: segmentCount(smsPromptText(render(i18n.tFor(lng), spec, promptVariants('sms')))) }));
  expect(segments.filter((s) => s.segments > SMS_PROMPT_SEGMENTS)).toEqual([]);
  at = step(at.snapshot, pick('yes'));
  expect(at.snapshot.context.harm).toEqual({ longest: 'yes' });
});
