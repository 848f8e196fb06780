// Children and young people (docs/children-and-young-people.md): their age is asked only where it matters;
// under 16 and 16-17 get Childline, never the adult Dash checklist, and their report reaches a person with a
// child-safeguarding flag. Pure machine tests first, then the 16-year-old through the real runtime.
import { dialogs } from '../../dialogs';
import { urgentIndicators } from '../../dialogs/shared/urgency';
import { openTranscript, runTable, type Transcript } from '../support/transcript';
import { fixturePolicy } from './fixtures/policy';
import { drive, effects, pick, promptOf, start, step, type } from './support/intake-harness';
import { read } from '../understanding/support/evaluate';

const SAFE = [pick('no'), pick('yes')];
const k = (state: string) => `intake:${state}.prompt`;
/** A domestic-abuse report by the person harmed, up to the question after the forms of abuse. */
const ABUSED_AT_HOME = [...SAFE, pick('victim'), pick('domesticAbuse'), { type: 'user.skip' as const }];

describe('asked only where it matters', () => {
  test('domestic abuse at home: asked before anything else about it, once', () => {
    const asked = drive(ABUSED_AT_HOME);
    expect(promptOf(asked.snapshot)?.key).toBe(k('askingAge'));
    expect(promptOf(asked.snapshot)?.choices?.map((c) => c.id)).toEqual(['under16', '16to17', 'adult', 'not_said']);
  });

  test('an adult, or someone who would rather not say, is offered the Dash checklist as before', () => {
    for (const answer of ['adult', 'not_said']) {
      const next = drive([...ABUSED_AT_HOME, pick(answer)]);
      expect(next.sayings).not.toContain('intake:askingAge.childline');
      expect(promptOf(next.snapshot)?.key).toBe(k('offeringDash'));
    }
  });

  test('a noise report by an adult is not asked; the same words from someone who sounds young are', () => {
    const noise = [...SAFE, pick('victim'), pick('asb'), pick('noise'), pick('no')];
    expect(promptOf(drive(noise).snapshot)?.key).toBe(k('askingTenure'));
    const opened = step(start().snapshot, { type: 'user.opened', text: "I'm 14 and the man upstairs shouts at me", hints: { young: true } });
    const young = drive([...SAFE, pick('victim'), pick('asb'), pick('noise'), pick('no')], opened);
    expect(promptOf(young.snapshot)?.key).toBe(k('askingAge'));
  });

  test('a child harmed where there is violence: the person telling us is asked, after the children question', () => {
    const atChildren = drive([
      ...SAFE, pick('victim'), pick('harassment'), pick('no'), pick('socialRent'), type('last week'), type('Mill Road'), type('He hit me and my sister'), pick('done'),
      pick('yes'), pick('yes'), pick('no'), pick('no'), pick('no'), { type: 'user.skip' }, pick('no'),
    ]);
    expect(promptOf(atChildren.snapshot)?.key).toBe(k('askingChildren'));
    const asked = step(atChildren.snapshot, pick('yes'));
    expect(promptOf(asked.snapshot)?.key).toBe(k('askingAge'));
    const answered = drive([pick('under16')], asked);
    expect(answered.sayings).toContain('intake:askingAge.childline');
    expect(promptOf(answered.snapshot)?.key).toBe(k('askingVulnerableAdult'));
    // No children affected: not asked.
    expect(promptOf(step(atChildren.snapshot, pick('no')).snapshot)?.key).toBe(k('askingVulnerableAdult'));
  });

  test('words that sound young at "what is it about?" count like the first message', () => {
    const atCategory = drive([...SAFE, pick('victim')]);
    const young = drive([{ type: 'user.message', text: 'the lads from my school shout at me', categories: [{ categoryId: 'harassment' }], young: true }, pick('yes'), pick('no')], atCategory);
    expect(promptOf(young.snapshot)?.key).toBe(k('askingAge'));
    const adult = drive([{ type: 'user.message', text: 'the lads next door shout at me', categories: [{ categoryId: 'harassment' }] }, pick('yes'), pick('no')], atCategory);
    expect(promptOf(adult.snapshot)?.key).toBe(k('askingTenure'));
    // The interpretation step says so for such words at that question.
    expect(read('askingCategory', 'my mums boyfriend hits her and me').young).toBe(true);
    expect(read('askingCategory', 'my neighbour hits his dog').young).toBeUndefined();
  });

  test('reporting for family (a child telling us about their mum): asked when it is abuse at home; for a friend, not', () => {
    const forFamily = (relationship: string) =>
      drive([...SAFE, pick('third_party'), pick(relationship), pick('no'), { type: 'user.skip' }, { type: 'user.skip' }, pick('domesticAbuse'), { type: 'user.skip' }]);
    expect(promptOf(forFamily('family').snapshot)?.key).toBe(k('askingAge'));
    const young = drive([pick('16to17')], forFamily('family'));
    expect(young.sayings).toContain('intake:askingAge.childline');
    // Asked about the home of the person affected (their mum's, their friend's), not "your home".
    expect(promptOf(young.snapshot)?.key).toBe('intake:askingTenure.promptOther');
    expect(promptOf(forFamily('friend').snapshot)?.key).toBe('intake:askingTenure.promptOther');
  });

  test('a professional is never asked their age', () => {
    const referral = drive([...SAFE, pick('professional'), type('Safe Haven'), type('IDVA'), pick('no'), pick('yes'), pick('yes'), type('Jo'), type('phone only'), pick('domesticAbuse'), { type: 'user.skip' }]);
    // Straight on to what they already know of the risk (OVH 2.6), never their age.
    expect(promptOf(referral.snapshot)?.key).toBe(k('askingReferralDash'));
    expect(referral.snapshot.context.trail).not.toContain('askingAge');
  });
});

describe('under 16 and 16-17', () => {
  test.each([['under16'], ['16to17']])('%s: Childline at once, no adult Dash, and staff can see the report now', (band) => {
    const answered = drive([...ABUSED_AT_HOME, pick(band)]);
    expect(answered.sayings).toContain('intake:askingAge.childline');
    expect(promptOf(answered.snapshot)?.key).toBe(k('askingTenure'));
    const urgent = effects(answered.emitted).find((e) => e.kind === 'openUrgentCase');
    expect(urgent?.kind === 'openUrgentCase' && urgent.report.reporter.ageBand).toBe(band);
    expect(urgent?.kind === 'openUrgentCase' && urgentIndicators(urgent.report, 'domestic_abuse')).toContain('childReporter');
  });

  test('a correction at review that makes it domestic abuse asks their age, and a young person is still not offered Dash', () => {
    const review = drive([
      ...SAFE, pick('victim'), pick('harassment'), pick('no'), pick('socialRent'), type('last week'), type('Mill Road'), type('He follows me'), pick('done'),
      pick('yes'), pick('no'), pick('no'), pick('no'), { type: 'user.skip' }, pick('no'), pick('no'), pick('no'), pick('no'), pick('none'), { type: 'user.skip' }, pick('no'), pick('anonymous'),
    ]);
    expect(promptOf(review.snapshot)?.key).toBe(k('reviewing'));
    const corrected = drive([pick('what'), pick('domesticAbuse'), { type: 'user.skip' }], review);
    expect(promptOf(corrected.snapshot)?.key).toBe(k('askingAge'));
    const back = drive([pick('16to17')], corrected);
    expect(promptOf(back.snapshot)?.key).toBe(k('reviewing'));
    expect(back.snapshot.context.dash).toEqual({});
  });
});

describe('the 16-year-old of issue 12, through the real runtime on SMS', () => {
  let t: Transcript;
  afterEach(async () => {
    await t.close();
  });

  test('"my mums boyfriend hits her and me": asked their age, Childline, no Dash, an urgent case with their age', async () => {
    t = await openTranscript({ dialogs, policy: fixturePolicy, channel: 'sms' });
    await runTable(t, [
      ['my mums boyfriend hits her and me', ['intake:opening.kept', k('askingDanger')]],
      ['no', [k('askingSafeToTalk')]],
      ['yes', [k('askingOthersRead')]],
      ['no', [k('askingRole')]],
      ['1', [k('confirmingCategory')]],
      ['yes', ['intake:askingAbuseForm.helpline', k('askingAbuseForm')]],
      ['1', ['intake:picked.readBack', k('askingMoreAbuseForms')]],
      ["that's all", [k('askingAge')]],
      ["I'm 16", ['intake:askingAge.childline', 'intake:urgent.seen', k('askingTenure')]],
    ]);
    expect(t.urgent.at(-1)).toMatchObject({ reporter: { role: 'victim', ageBand: '16to17' }, incident: { categoryId: 'domesticAbuse' } });
    expect(t.urgent.at(-1)?.risk.dash).toBeUndefined();
  });
});
