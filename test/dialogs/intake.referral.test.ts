// A professional's referral of domestic abuse (OVH 2.6; SafeLives MARAC criteria): an IDVA, a support worker, the
// police or a MARAC coordinator is asked what they already know (their Dash score, level, judgement, police
// call-outs, an earlier MARAC) in their own terms, never the checklist or the words for the person harmed, and
// the referral is triaged on it. The machine with the bundled packs, then typed words through the real runtime.
import type { DialogEvent, DialogPolicy } from '../../dialogs/shared/contract';
import { dialogs } from '../../dialogs';
import { buildReport } from '../../dialogs/intake/intake.report';
import { triage } from '../../src/cases/triage';
import { createTranslations } from '../../src/conversation/i18n';
import { promptVariants, render } from '../../src/conversation/prompts';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import type { PolicyPack } from '../../src/policy/pack.schema';
import { openTranscript, type Transcript } from '../support/transcript';
import { drive, pathOf, pick, promptOf, start, step, type, type Step } from './support/intake-harness';

const ovh = loadPolicyPack('one-vision-housing');
const slh = loadPolicyPack('seven-locks-housing');
const en = { t: createTranslations().tFor('en') };
const monday10am = new Date('2026-11-23T10:00:00Z');
const skip: DialogEvent = { type: 'user.skip' };
const count = (n: number, text = String(n)): DialogEvent => ({ type: 'user.message', text, count: n });

/** Not in danger, safe to talk (web chat), an IDVA at Safe Haven; `marac`: this is a MARAC referral. */
const referrer = (marac = 'no'): DialogEvent[] => [
  pick('no'), pick('yes'), pick('professional'), type("Safe Haven Women's Aid"), type('IDVA'), pick(marac), pick('yes'), pick('yes'), type('Jo Bloggs'), type('phone only'),
];
/** Then domestic abuse, physical and controlling, to the first referral question. */
const toReferral = (policy: DialogPolicy, marac = 'no') =>
  drive([...referrer(marac), pick('domesticAbuse'), pick(policy.domesticAbuseForms[0]!.id), pick('done')], start('webchat', policy));

/** Drives the events, keeping every line said and every question asked (their keys). */
function track(events: DialogEvent[], from: Step): Step & { lines: string[] } {
  const lines: string[] = [];
  let current = from;
  for (const event of events) {
    current = step(current.snapshot, event);
    lines.push(...current.emitted.flatMap((e) => (e.type === 'say' ? [e.prompt.key] : [])), ...(promptOf(current.snapshot) ? [promptOf(current.snapshot)!.key] : []));
  }
  return { ...current, lines };
}

/** Every question from here answered the plain way, to the review, with the state of each question asked. */
function toReview(from: Step): Step & { asked: string[]; lines: string[] } {
  const asked: string[] = [];
  const lines: string[] = [];
  let current: Step = from;
  for (let turn = 0; turn < 80 && !pathOf(current.snapshot).endsWith('reviewing'); turn += 1) {
    const ids = (promptOf(current.snapshot)!.choices ?? []).map((c) => c.id);
    asked.push(pathOf(current.snapshot));
    const plain = ['no', 'done', 'socialRent', 'named', 'sms'].find((id) => ids.includes(id));
    const answer = plain !== undefined ? pick(plain) : ids.length > 0 && !ids.includes('skip') ? pick(ids[0]!) : type('He hit her last night and took her phone.');
    const next = track([answer], current);
    lines.push(...next.lines);
    current = next;
  }
  return { ...current, asked, lines };
}

const opened: Transcript[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

const triaged = (step: Step, pack: PolicyPack) => triage(buildReport(step.snapshot.context), pack, monday10am, { earlier: [] }, en);

describe.each([
  ['One Vision Housing', ovh],
  ['Seven Locks Housing', slh],
])('%s: OVH 2.6, a professional referring domestic abuse', (_name, pack) => {
  const policy = toDialogPolicy(pack);

  test("OVH 2.6: an IDVA writing 'Dash 17, high risk' is asked in their terms, and gets high risk and a MARAC flag citing OVH 2.6 and the SafeLives criteria", () => {
    const at = toReferral(policy);
    expect(pathOf(at.snapshot)).toBe('flow.referral.askingReferralDash');
    const answered = drive([count(17, 'Dash 17/24'), pick('high'), pick('yes'), count(1), pick('no')], at);
    expect(pathOf(answered.snapshot)).toBe('flow.scope.askingTenure_other');
    const report = buildReport(answered.snapshot.context);
    expect(report.risk).toEqual({ professionalAssessment: { dashYesCount: 17, level: 'high', highRiskByJudgement: true }, policeCallOuts: 1, previousMarac: 'no' });
    const result = triaged(answered, pack);
    expect(result.risk.level).toBe('high');
    expect(result.priority).toBe('urgent');
    expect(result.flags).toMatchObject({ marac: true, maracCriteria: ['visibleHighRisk', 'professionalJudgement'] });
    expect(result.reasons).toEqual(expect.arrayContaining([
      expect.objectContaining({ source: expect.stringMatching(/OVH 2\.6/), text: 'The referring professional assesses the risk as high.' }),
      expect.objectContaining({ source: expect.stringMatching(/SafeLives MARAC/), text: 'MARAC: visible high risk, 17 "yes" answers on the Dash checklist (14 or more).' }),
    ]));
    // Staff see it at once, before the referrer finishes.
    expect(answered.snapshot.context.urgent?.indicators).toContain('professionalHighRisk');
  });

  test('OVH 2.6: the checklist worded to the person harmed is never offered to the professional', () => {
    const review = toReview(drive([pick('no'), skip, pick('no'), pick('dont_know'), skip], toReferral(policy)));
    expect(review.asked.filter((p) => /askingDash|offeringDash|offeringSaferPlace|askingImpact|askingWhere$/.test(p))).toEqual([]);
    expect(review.snapshot.context.dash).toEqual({});
  });

  test('OVH 2.6: a MARAC referral is high risk and flagged, never stored as standard with a claim of a Dash checklist', () => {
    const skipped = drive([skip, skip, skip, skip, skip], toReferral(policy, 'yes'));
    expect(pathOf(skipped.snapshot)).toBe('flow.scope.askingTenure_other');
    const result = triaged(skipped, pack);
    expect(result.risk.level).toBe('high');
    expect(result.flags.marac).toBe(true);
    expect(result.reasons.map((r) => r.text)).toContain('The report is a referral from a MARAC.');
    expect(result.reasons.map((r) => r.text).join(' ')).not.toMatch(/A Dash risk checklist gives high risk/);
  });

  test("SafeLives potential escalation: the pack's number of police call-outs gives MARAC, one fewer does not", () => {
    const n = pack.risk.marac.potentialEscalation.policeCallOutsAtLeast;
    const callOuts = (c: number) => triaged(drive([pick('no'), pick('medium'), count(c), pick('no')], toReferral(policy)), pack);
    expect(callOuts(n).flags.maracCriteria).toEqual(['potentialEscalation']);
    expect(callOuts(n).reasons.map((r) => r.text)).toContain(`MARAC: potential escalation, ${n} police call-outs in the last 12 months.`);
    expect(callOuts(n - 1).flags.maracCriteria).toEqual([]);
  });

  test('SafeLives repeat MARAC: referred to a MARAC in the last 12 months', () => {
    const result = triaged(drive([pick('no'), pick('standard'), pick('no'), pick('yes')], toReferral(policy)), pack);
    expect(result.flags).toMatchObject({ marac: true, maracCriteria: ['repeatMarac'] });
    expect(result.reasons.map((r) => r.text)).toContain('MARAC: repeat MARAC, a further incident within 12 months of the last MARAC referral.');
  });
});

describe('OVH 2.6: the referral questions', () => {
  const policy = toDialogPolicy(ovh);

  test('a standard or medium level is their judgement already: high risk on judgement is asked only otherwise', () => {
    expect(pathOf(drive([pick('no'), pick('medium')], toReferral(policy)).snapshot)).toBe('flow.referral.askingReferralCallOuts');
    expect(pathOf(drive([pick('no'), pick('notAssessed')], toReferral(policy)).snapshot)).toBe('flow.referral.askingReferralJudgement');
    expect(pathOf(drive([pick('no'), skip], toReferral(policy)).snapshot)).toBe('flow.referral.askingReferralJudgement');
  });

  test('a Dash score above 24 is asked again, with why', () => {
    const over = drive([count(25)], toReferral(policy));
    expect(pathOf(over.snapshot)).toBe('flow.referral.askingReferralDash');
    expect(over.sayings).toContain('intake:askingReferralDash.range');
  });

  test('"none" police call-outs is 0; "don\'t know" and skip leave them out; everything skipped leaves no assessment', () => {
    const none = drive([skip, skip, skip, pick('no'), skip], toReferral(policy));
    expect(buildReport(none.snapshot.context).risk).toEqual({ policeCallOuts: 0 });
    const unknown = drive([pick('dont_know'), pick('notAssessed'), pick('no'), pick('dont_know'), pick('dont_know')], toReferral(policy));
    expect(buildReport(unknown.snapshot.context).risk).toEqual({ professionalAssessment: { highRiskByJudgement: false }, previousMarac: 'dont_know' });
  });

  test('a report corrected from harassment to domestic abuse asks them then, and back to the review; corrected to the person harmed keeps none of it', () => {
    const harassment = toReview(drive([...referrer(), pick('harassment'), pick('no')], start('webchat', policy)));
    const corrected = drive([pick('what'), pick('domesticAbuse'), skip], harassment);
    expect(pathOf(corrected.snapshot)).toBe('flow.referral.askingReferralDash');
    const back = drive([count(15), pick('high'), pick('no'), skip, skip], corrected);
    expect(pathOf(back.snapshot)).toBe('flow.review.reviewing');
    expect(buildReport(back.snapshot.context).risk.professionalAssessment).toEqual({ dashYesCount: 15, level: 'high', highRiskByJudgement: false });
    const victim = drive([pick('who'), pick('victim')], back);
    expect(buildReport(victim.snapshot.context).risk.professionalAssessment).toBeUndefined();
  });

  test('in discreet mode (someone may read the messages) nothing naming risk or the police is asked', () => {
    const discreet = drive([pick('no'), pick('yes'), pick('yes'), pick('professional'), type('Safe Haven'), type('IDVA'), pick('no'), pick('yes'), pick('yes'), skip, skip, pick('domesticAbuse')], start('sms', policy));
    expect(pathOf(discreet.snapshot)).toBe('flow.scope.askingTenure_other');
    expect(discreet.snapshot.context.trail.filter((id) => id.startsWith('askingReferral'))).toEqual([]);
  });
});

test('OVH 2.6: a whole professional referral never says "How is this affecting you or your family?", "We are sorry this is happening" or "Reply 1 if it was at your home", on SMS or the web', () => {
  const policy = toDialogPolicy(ovh);
  const t = createTranslations().tFor('en');
  const events = [...referrer(), pick('domesticAbuse'), pick(policy.domesticAbuseForms[0]!.id), pick('done'), count(17), pick('high'), pick('yes'), count(4), pick('no')];
  const referred = track(events, start('webchat', policy));
  const review = toReview(referred);
  expect(pathOf(review.snapshot)).toBe('flow.review.reviewing');
  const lines = [...referred.lines, ...review.lines];
  expect(lines).toEqual(expect.arrayContaining(['intake:askingReferralDash.prompt', 'intake:askingWhere.promptOther', 'intake:reviewing.prompt']));
  const victimWords = /How is this affecting you or your family|We are sorry this is happening|Reply 1 if it was at your home/;
  for (const channel of ['sms', 'webchat'] as const) {
    const said = lines.map((key) => render(t, { key }, promptVariants(channel)).text);
    expect(said.filter((line) => victimWords.test(line))).toEqual([]);
  }
  // The person harmed, on the same path, is asked and told them (the words are the victim's, not lost).
  const victim = drive([pick('no'), pick('yes'), pick('victim'), pick('domesticAbuse')], start('webchat', policy));
  expect(victim.sayings).toContain('intake:askingAbuseForm.helpline');
});

test('OVH 2.6: an IDVA typing "Dash 17/24" through the real runtime on SMS is stored with their score and triaged high risk with a MARAC flag', async () => {
  const t = await openTranscript({ dialogs, policy: toDialogPolicy(ovh), channel: 'sms' });
  opened.push(t);
  const answers: [string, string][] = [
    ['hi', 'askingDanger'], ['no', 'askingSafeToTalk'], ['yes', 'askingOthersRead'], ['no', 'askingRole'], ['IDVA', 'askingOrganisation'],
    ["Safe Haven Women's Aid", 'askingProfessionalRole'], ['IDVA', 'askingMarac'], ['no', 'askingVictimKnows'], ['yes', 'askingConsent'], ['yes', 'askingVictimName'],
    ['Jo Bloggs', 'askingVictimContact'], ['skip', 'askingCategory'], ['domestic abuse', 'askingAbuseForm'],
  ];
  for (const [said, next] of answers) expect({ said, asked: (await t.keys(said)).at(-1) }).toEqual({ said, asked: `intake:${next}.prompt` });
  expect((await t.keys('1')).at(-1)).toBe('intake:askingMoreAbuseForms.prompt');
  expect((await t.keys('done')).at(-1)).toBe('intake:askingReferralDash.prompt');
  // A number here is the count, never an option's number; the options are words.
  for (const [said, next] of [['Dash 17/24', 'askingReferralLevel'], ['high', 'askingReferralJudgement'], ['yes', 'askingReferralCallOuts'], ['2', 'askingReferralMarac'], ["don't know", 'askingTenure.promptOther']]) {
    expect({ said, asked: (await t.keys(said!)).at(-1) }).toEqual({ said, asked: `intake:${next!.includes('.') ? next : `${next}.prompt`}` });
  }
  expect(t.urgent.at(-1)?.risk).toMatchObject({ professionalAssessment: { dashYesCount: 17, level: 'high', highRiskByJudgement: true }, policeCallOuts: 2, previousMarac: 'dont_know' });
  const result = triage(t.urgent.at(-1)!, ovh, monday10am, { earlier: [] }, en);
  expect(result).toMatchObject({ priority: 'urgent', risk: { level: 'high' }, flags: { marac: true, maracCriteria: ['visibleHighRisk', 'professionalJudgement'] } });
});
