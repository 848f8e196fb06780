// Conversation tables: what the person types → the prompt keys that come back, through the real
// conversation runtime and database, and the case fields that result. Readable by a safeguarding lead:
// each row is one message and the replies it gets.
import { dialogs } from '../../dialogs';
import { openTranscript, runTable, type Transcript } from '../support/transcript';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import { fixturePolicy } from './fixtures/policy';

type Row = [said: string, expectedKeys: string[]];
const k = (state: string) => `intake:${state}.prompt`;

let t: Transcript;
afterEach(async () => {
  await t.close();
});

/** Not in danger, safe to talk (web chat does not ask about others reading). */
const SAFE_START: Row[] = [
  ['hi', [k('askingDanger')]],
  ['no', [k('askingSafeToTalk')]],
  ['yes', [k('askingRole')]],
];

test('a domestic-abuse victim who is not safe to talk now can stop, come back later and carry on', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy, channel: 'sms' });
  await runTable(t, [
    ['hi', [k('askingDanger')]],
    ['no', [k('askingSafeToTalk')]],
    ['no', ['intake:notSafeNow.comeBack', 'intake:notSafeNow.erase', k('notSafeNow')]],
  ]);
  t.advance(120); // two hours later
  await runTable(t, [
    ['hello', ['common:welcomeBack.prompt']],
    ['1', [k('notSafeNow')]],
    ['1', [k('askingOthersRead')]],
    ['yes', ['intake:askingOthersRead.advice', k('askingRole')]],
    ['1', [k('askingCategory')]],
    ['my ex keeps hurting me', [k('confirmingCategory')]],
    // Someone may read this phone: no helpline by name, no list of forms of abuse, and the checklist moves to a
    // safer place (docs/discreet-mode.md).
    ['yes', [k('askingAge')]],
    ['18 or over', [k('offeringSaferPlace')]],
    ['later', [k('askingTenure')]],
    ['person', ['intake:waitingForPerson.inHours', k('waitingForPerson')]],
  ]);
  const [handoff] = t.handoffs;
  expect(handoff?.summary).toMatchObject({
    // Not safe when they first wrote: staff see that, even though they carried on later.
    safety: { safeToTalk: false, othersMayReadMessages: 'yes', discreet: true },
    incident: { categoryId: 'domesticAbuse', domesticAbuseForms: [], description: 'my ex keeps hurting me' },
    risk: { dashDeferred: true, saferPlace: 'declined' },
  });
  expect(t.submitted).toEqual([]);
});

/** An SMS victim, safe to talk, reporting noise at home, up to "When did it happen?". */
const NOISE_AT_HOME: Row[] = [
  ['hi', [k('askingDanger')]],
  ['2', [k('askingSafeToTalk')]],
  ['1', [k('askingOthersRead')]],
  ['2', [k('askingRole')]],
  ['1', [k('askingCategory')]],
  ['my neighbour plays loud music every night', [k('confirmingCategory')]],
  ['1', ['policy:response.noise', k('askingPerceivedHate')]],
  ['no', [k('askingTenure')]],
  ['1', [k('askingWhen')]],
];

/** From the tenure question to the review, for an in-scope victim who leaves details as given. */
const DETAILS_AT_HOME: Row[] = [
  ['1', [k('askingWhen')]],
  ['it has been going on for years', [k('askingWhere')]],
  ['1', [k('askingDescription')]],
];

test('a victim who completes the Dash checklist with a high score', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  const yes = Array.from({ length: 15 }, (): Row => ['yes', []]);
    const rest: Row[] = [['no', []], ['skip', []], ['dont know', []], ['no', []], ['yes', []], ['no', []], ['3', []], ['no', []], ['no', []]];
  await runTable(t, [
    ...SAFE_START,
    ['1', [k('askingCategory')]],
    ['4', ['intake:askingAbuseForm.helpline', k('askingAbuseForm')]],
    ['4', ['intake:picked.readBack', k('askingMoreAbuseForms')]],
    ['5', [k('askingAge')]],
    ['3', [k('offeringDash')]],
    ['1', ['risk:dash.injury']],
  ]);
  const dashKeys: string[] = [];
  // "Yes" to "are you feeling very low, or have you thought about ending your life?" (the fifth) gets support
  // and the offer of a person first; the person carries on.
  const dashAnswers = [...yes.slice(0, 5), ['carry on', []] as Row, ...yes.slice(5), ...rest];
  for (const [said] of dashAnswers) dashKeys.push(...(await t.keys(said)));
  expect(dashKeys.slice(4, 7)).toEqual(['intake:selfHarm.support', 'intake:offeringSupport.prompt', 'risk:dash.separation']);
  expect(dashKeys.at(-2)).toBe('intake:dashFinished.highRisk');
  expect(dashKeys.at(-1)).toBe(k('askingTenure'));
  expect(dashKeys.filter((key) => key.startsWith('risk:dash.'))).toHaveLength(23); // the first came with "now"
  // The moment the answers show high risk, staff can see it: the urgent case opens, and she is told so once.
  expect(dashKeys.filter((key) => key === 'intake:urgent.seen')).toHaveLength(1);
  const opened = t.urgent.length;
  expect(opened).toBeGreaterThan(0);
  await runTable(t, [
    ...DETAILS_AT_HOME,
    ['He checks my phone and takes my money.', [k('addingDescription')]],
    ['He said he would hurt me if I left.', [k('addingDescription')]],
    ['1', [k('askingOngoing')]],
    ['1', [k('askingViolence')]],
    ['1', [k('askingDangerRemaining')]],
    // Someone still in danger: the 999 reminder at once.
    ['yes', ['intake:danger.guidance', k('askingPerpetratorKnown')]],
    ['1', [k('askingPerpetratorDescription')]],
    ['my husband', [k('askingPerpetratorTenant')]],
    ['1', [k('askingChildren')]],
    ['1', [k('askingVulnerableAdult')]],
    ['2', [k('askingPolice')]],
    ['2', [k('askingEvidence')]],
    ['1', [k('askingImpact')]],
    ['I am scared all the time', [k('askingAnonymity')]],
    ['2', [k('askingName')]],
    ['Sam', [k('askingContactChannel')]],
    ['phone call', ['intake:picked.readBack', k('askingMoreChannels')]],
    ["that's all", [k('askingContactAddress')]],
    ['07700 900123', [k('askingSafeTimes')]],
    ['weekdays 10 to 2', [k('askingVoicemail')]],
    ['no', [k('askingOthersReadContact')]],
    ['yes', [k('askingCodeWord')]],
    ['bluebell', ['intake:reviewing.summaryAtHome', k('reviewing')]],
    ['1', ['intake:submitted.reference', 'intake:submitted.contactSoon']],
  ]);
  // Every later answer brought the same urgent case up to date.
  expect(t.urgent.length).toBeGreaterThan(opened);
  expect(t.urgent.at(-1)?.incident.dangerRemaining).toBe('yes');
  const [report] = t.submitted;
  const answers = Object.values(report!.risk.dash!.answers);
  expect(report!.risk.dash!.completed).toBe(true);
  expect(report!.incident).toMatchObject({ violenceOrThreats: 'yes', dangerRemaining: 'yes' });
  expect(answers.filter((a) => a === 'yes')).toHaveLength(16);
  expect(report!.risk.dash!.answers['otherThreats']).toBe('skipped');
  expect(report!.incident.description).toBe('He checks my phone and takes my money.\nHe said he would hurt me if I left.');
  expect(report!.anonymity).toBe('confidential');
  expect(report!.reporter.person?.name).toBe('Sam');
  expect(report!.safeContact).toEqual({ channels: ['phone'], phone: '07700 900123', safeTimes: 'weekdays 10 to 2', voicemailOk: false, othersReadMessages: true, codeWord: 'bluebell' });
  expect(t.last()?.ended).toBe(true);
});

test('a witness reporting a hate crime anonymously', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [
    ...SAFE_START,
    ['2', [k('askingCategory')]],
    // "racist abuse" fits hate crime and (by the pack's synonyms) domestic abuse: ask, do not guess.
    // "Racist" outweighs "abuse": hate crime is offered to confirm.
    ['a man shouted racist abuse at the lady next door', [k('confirmingCategory')]],
    ['yes', [k('askingMotivation')]],
    ['1', ['intake:picked.readBack', k('askingMoreMotivations')]],
    ['religion or belief', ['intake:picked.readBack', k('askingMoreMotivations')]],
    ["that's all", ['intake:askingTenure.promptOther']],
    ['5', [k('askingWhen')]],
    ['yesterday afternoon', ['intake:askingWhere.promptOther']],
    ['outside the shops on Mill Road', [k('addingToEarlier')]],
    ['1', [k('askingOngoing')]],
    ['dont know', [k('askingViolence')]],
    ['no', ['intake:askingPropertyDamage.promptOther']],
    ['no', [k('askingPerpetratorKnown')]],
    ['no', [k('askingPerpetratorDescription')]],
    ['skip', [k('askingPerpetratorTenant')]],
    ['3', [k('askingChildren')]],
    ['no', [k('askingVulnerableAdult')]],
    ['yes', [k('askingPolice')]],
    ['no', [k('askingEvidence')]],
    ['1', [k('askingImpact')]],
    ['skip', [k('askingAnonymity')]],
    ['3', ['intake:reviewing.summary', k('reviewing')]],
    ['send', ['intake:submitted.reference', 'intake:submitted.noContact']],
  ]);
  const [report] = t.submitted;
  expect(report).toMatchObject({
    reporter: { role: 'witness' },
    anonymity: 'anonymous',
    incident: { categoryId: 'hateCrime', hateMotivations: ['race', 'religionOrBelief'], description: 'a man shouted racist abuse at the lady next door', where: { text: 'outside the shops on Mill Road', atReporterHome: false } },
    vulnerability: { vulnerableAdultInvolved: 'yes' },
  });
  expect(report!.tenure).toBeUndefined();
  expect(report!.safeContact).toBeUndefined();
  expect(report!.reporter.person).toBeUndefined();
});

test("a support worker's referral with the person's consent keeps the victim's details apart", async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [
    ...SAFE_START,
    ['4', [k('askingOrganisation')]],
    ["Safe Haven Women's Aid", [k('askingProfessionalRole')]],
    ['IDVA', [k('askingMarac')]],
    // A MARAC referral is high risk: staff see it before the referral is finished.
    ['yes', ['intake:urgent.seen', k('askingVictimKnows')]],
    ['yes', [k('askingConsent')]],
    ['yes', [k('askingVictimName')]],
    ['Jo Bloggs', [k('askingVictimContact')]],
    ['Only by phone, weekdays 10 to 2', [k('askingCategory')]],
    ['3', ['intake:askingPerceivedHate.promptOther']],
    ['no', ['intake:askingTenure.promptOther']],
    ['1', [k('askingWhen')]],
    ['every day since June', ['intake:askingWhere.promptOther']],
    ['Oak Estate', [k('askingDescription')]],
    ['Her neighbour follows her and shouts at her.', [k('addingDescription')]],
    ['1', [k('askingOngoing')]],
    ['1', [k('askingViolence')]],
    ['3', [k('askingDangerRemaining')]],
    ['no', ['intake:askingPropertyDamage.promptOther']],
    ['no', [k('askingPerpetratorKnown')]],
    ['1', [k('askingPerpetratorDescription')]],
    ['the man at number 12', [k('askingPerpetratorTenant')]],
    ['1', [k('askingChildren')]],
    ['2', [k('askingVulnerableAdult')]],
    ['2', [k('askingPolice')]],
    ['1', [k('askingCrimeReference')]],
    ['CR/123/26', [k('askingEvidence')]],
    // A professional is not asked how it is affecting them (OVH 2.6).
    ['1', [k('askingAnonymity')]],
    ['1', [k('askingName')]],
    ['Alex Smith', [k('askingContactChannel')]],
    ['email', ['intake:picked.readBack', k('askingMoreChannels')]],
    // The list never changes between picks: 6 is still "That's all".
    ['6', [k('askingContactAddress')]],
    ['alex@example.org', [k('askingSafeTimes')]],
    // Email only: no voicemail to ask about.
    ['any time', [k('askingOthersReadContact')]],
    ['no', [k('askingCodeWord')]],
    ['skip', ['intake:reviewing.summary', k('reviewing')]],
    ['1', ['intake:submitted.reference', 'intake:submitted.contactSoon']],
  ]);
  const [report] = t.submitted;
  expect(report).toMatchObject({
    reporter: { role: 'professional', organisation: "Safe Haven Women's Aid", professionalRole: 'IDVA', maracReferral: true, person: { name: 'Alex Smith' } },
    victim: { knowsAboutReport: 'yes', consentGiven: 'yes', person: { name: 'Jo Bloggs' }, contact: { safeTimes: 'Only by phone, weekdays 10 to 2' } },
    incident: { categoryId: 'harassment', when: { text: 'every day since June', recurring: true } },
    police: { involved: 'yes', crimeReference: 'CR/123/26' },
  });
  // The referrer's contact is theirs; the victim's is kept apart and never merged into it.
  expect(report!.reporter.contact).toMatchObject({ channels: ['email'], email: 'alex@example.org', voicemailOk: false });
  expect(report!.safeContact).toBeUndefined();
});

test('a noise complaint: the evidence app is offered and recordings are attached', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy, channel: 'sms' });
  await runTable(t, [
    ...NOISE_AT_HOME,
    ['every night since June', [k('askingWhere')]],
    ['at home', [k('addingToEarlier')]],
    ['They play music until 3am.', [k('addingDescription')]],
    ['1', [k('askingOngoing')]],
    ['1', [k('askingViolence')]],
    ['2', [k('askingPropertyDamage')]],
    ['no', [k('askingPerpetratorKnown')]],
    ['1', [k('askingPerpetratorDescription')]],
    ['flat 4', [k('askingPerpetratorTenant')]],
    ['1', [k('askingChildren')]],
    ['2', [k('askingVulnerableAdult')]],
    ['2', [k('askingPolice')]],
    ['2', ['intake:askingEvidence.noiseApp', k('askingEvidence')]],
    // "2" where the only number offered is "1. I have none": told so and asked again, never kept as their evidence.
    ['2', ['common:clarify.noSuchOption', k('askingEvidence')]],
  ]);
  expect(await t.keys('', { mediaIds: ['media-1'] })).toEqual([k('addingEvidence')]);
  expect(await t.keys('a recording from last night', { mediaIds: ['media-2'] })).toEqual([k('addingEvidence')]);
  await runTable(t, [
    ['1', [k('askingImpact')]],
    ['I cannot sleep', [k('offeringHarm')]],
    ['yes', ['risk:harm.disabilityOrIllness']],
    ['no', ['risk:harm.mentalHealth']],
    ['yes', ['risk:harm.olderOrYounger']],
    ['no', ['risk:harm.livesAlone']],
    ['skip', ['risk:harm.repeatTarget']],
    ['yes', ['risk:harm.isolatedNoSupport']],
    ['dont know', ['risk:harm.affectsSleepOrHealth']],
    ['yes', ['risk:harm.feelsUnsafeAtHome']],
    ['4', [k('askingAnonymity')]], // "Stop these questions": the last one is left unanswered
    ['2', [k('askingName')]],
    ['skip', [k('askingContactChannel')]],
    ['1', ['intake:picked.readBack', k('askingMoreChannels')]],
    ['6', [k('askingContactAddress')]],
    ['skip', [k('askingSafeTimes')]],
    // Texts only: no voicemail to ask about.
    ['evenings after 6', [k('askingCodeWord')]],
    ['skip', ['intake:reviewing.summaryAtHome', k('reviewing')]],
    ['1', ['intake:submitted.reference', 'intake:submitted.contactSoon']],
  ]);
  const [report] = t.submitted;
  expect(report).toMatchObject({
    channel: 'sms',
    incident: { categoryId: 'asb', subcategoryId: 'noise', where: { atReporterHome: true }, description: 'my neighbour plays loud music every night\nThey play music until 3am.' },
    evidence: { mediaIds: ['media-1', 'media-2'], description: 'a recording from last night' },
    perpetrator: { known: 'yes', description: 'flat 4', isOurTenant: 'yes' },
    safeContact: { channels: ['sms'], safeTimes: 'evenings after 6', voicemailOk: false, othersReadMessages: false },
    vulnerability: {
      impact: 'I cannot sleep',
      harm: { disabilityOrIllness: 'no', mentalHealth: 'yes', olderOrYounger: 'no', livesAlone: 'skipped', repeatTarget: 'yes', isolatedNoSupport: 'dont_know', affectsSleepOrHealth: 'yes' },
    },
  });
  expect(report!.vulnerability.harm).not.toHaveProperty('feelsUnsafeAtHome');
});

test('drugs intelligence: the police and Crimestoppers are offered and the report can still be made', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [
    ...SAFE_START,
    ['2', [k('askingCategory')]],
    ['people are dealing drugs from the flat below', [k('confirmingCategory')]],
    ['yes', ['policy:response.drugs', k('askingStillReport')]],
    ['yes', ['intake:askingPerceivedHate.promptOther']],
    ['no', ['intake:askingTenure.promptOther']],
    ['2', [k('askingWhen')]],
    ['most evenings', ['intake:askingWhere.promptOther']],
    ['Block C, Oak Estate', [k('addingToEarlier')]],
    ['Cars stop outside and people go in for a few minutes.', [k('addingDescription')]],
    ['done', [k('askingOngoing')]],
    ['1', [k('askingViolence')]],
    ['2', ['intake:askingPropertyDamage.promptOther']],
    ['no', [k('askingPerpetratorKnown')]],
    ['2', [k('askingPerpetratorDescription')]],
    ['skip', [k('askingPerpetratorTenant')]],
    ['3', [k('askingChildren')]],
    ['3', [k('askingVulnerableAdult')]],
    ['3', [k('askingPolice')]],
    ['2', [k('askingEvidence')]],
    ['1', [k('askingImpact')]],
    ['skip', [k('askingAnonymity')]],
    ['anonymous', ['intake:reviewing.summary', k('reviewing')]],
    ['1', ['intake:submitted.reference', 'intake:submitted.noContact']],
  ]);
  expect(t.submitted[0]).toMatchObject({ incident: { categoryId: 'asb', subcategoryId: 'drugs' }, tenure: 'affordableRent', anonymity: 'anonymous' });
});

test('drugs intelligence, when the person only wanted the advice, ends kindly without a case, counted as signposted', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [
    ...SAFE_START,
    ['2', [k('askingCategory')]],
    ['someone is selling weed', [k('confirmingCategory')]],
    ['yes', ['policy:response.drugs', k('askingStillReport')]],
    ['no', ['intake:signposted.thanks']],
  ]);
  expect(t.last()?.ended).toBe(true);
  // Recorded as an outcome (the case side makes no case of a low-risk one).
  expect(t.submitted).toEqual([expect.objectContaining({ finishedEarly: 'elsewhere' })]);
});

test('declining after the advice, having said they were in danger, still goes to a person', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [
    ['hi', [k('askingDanger')]],
    ['yes', ['intake:danger.guidance', k('dangerAdvised')]],
    ['carry on', [k('askingSafeToTalk')]],
    ['yes', [k('askingRole')]],
    ['2', [k('askingCategory')]],
    ['someone is selling weed', [k('confirmingCategory')]],
    // Danger now, and now we know what it is about: staff can see it at once.
    ['yes', ['policy:response.drugs', 'intake:urgent.seen', k('askingStillReport')]],
    ['no', ['intake:submitted.stillRead', 'intake:submitted.reference', 'intake:submitted.noRoute']],
  ]);
  expect(t.last()?.ended).toBe(true);
});

test('an owner-occupier is signposted, unless the person causing it is our tenant', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [
    ...SAFE_START,
    ['1', [k('askingCategory')]],
    ['1', [k('askingSubcategory')]],
    ['5', [k('askingPerceivedHate')]],
    ['no', [k('askingTenure')]],
    ['I own my home', [k('askingIfPerpetratorRents')]],
    ['no', ['policy:outOfScope', k('outOfScope')]],
    ['1', ['intake:signposted.thanks']],
  ]);
  expect(t.last()?.ended).toBe(true);
  expect(t.submitted).toEqual([expect.objectContaining({ finishedEarly: 'outOfScope', tenure: 'ownerOccupier' })]);
  await t.close();

  // Not knowing whether they rent from us is not a reason to turn them away: a person checks.
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [
    ...SAFE_START,
    ['1', [k('askingCategory')]],
    ['1', [k('askingSubcategory')]],
    ['5', [k('askingPerceivedHate')]],
    ['no', [k('askingTenure')]],
    ['I own my home', [k('askingIfPerpetratorRents')]],
    ["don't know", ['intake:askingIfPerpetratorRents.willCheck', k('askingWhen')]],
  ]);
  await t.close();

  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [
    ...SAFE_START,
    ['1', [k('askingCategory')]],
    ['1', [k('askingSubcategory')]],
    ['5', [k('askingPerceivedHate')]],
    ['no', [k('askingTenure')]],
    ['3', [k('askingIfPerpetratorRents')]],
    ['yes', [k('askingWhen')]],
    ['back', [k('askingIfPerpetratorRents')]],
  ]);
});

test('an owner-occupier in danger from her partner is told a person will still read it, and is not closed unseen', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [
    ...SAFE_START,
    ['1', [k('askingCategory')]],
    ['4', ['intake:askingAbuseForm.helpline', k('askingAbuseForm')]],
    ['1', ['intake:picked.readBack', k('askingMoreAbuseForms')]],
    ["that's all", [k('askingAge')]],
    ["I'd rather not say", [k('offeringDash')]],
    ['later', [k('askingTenure')]],
    ['I own my home', [k('askingIfPerpetratorRents')]],
    // Domestic abuse needs a person whatever the tenure: she is told so before she chooses.
    ['no', ['policy:outOfScope', k('outOfScopeAtRisk')]],
    ['finish here', ['intake:submitted.stillRead', 'intake:submitted.reference', 'intake:submitted.noRoute']],
  ]);
  expect(t.submitted).toEqual([expect.objectContaining({ finishedEarly: 'outOfScope', tenure: 'ownerOccupier', incident: expect.objectContaining({ categoryId: 'domesticAbuse' }) })]);
  await t.close();

  // Or she carries on, and the report is sent as any other.
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [
    ...SAFE_START,
    ['1', [k('askingCategory')]],
    ['4', ['intake:askingAbuseForm.helpline', k('askingAbuseForm')]],
    ['skip', [k('askingAge')]],
    ['34', [k('offeringDash')]],
    ['later', [k('askingTenure')]],
    ['I own my home', [k('askingIfPerpetratorRents')]],
    ['no', ['policy:outOfScope', k('outOfScopeAtRisk')]],
    ['carry on', [k('askingWhen')]],
  ]);
});

test('quick exit half-way erases the conversation', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [...SAFE_START, ['1', [k('askingCategory')]], ['my partner hits me', [k('confirmingCategory')]]]);
  const replies = await t.say('exit');
  expect(replies.map((p) => p.key)).toEqual(['common:quickExit.done']);
  expect(t.last()).toMatchObject({ ended: true, erased: true });
  expect(t.erased).toHaveLength(1);
  expect(await t.sessionDoc()).toBeNull();
  expect(t.submitted).toEqual([]);
});

test('danger half-way: 999 guidance first, then back to the same question with nothing lost', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy });
  await runTable(t, [
    ...SAFE_START,
    ['1', [k('askingCategory')]],
    ['3', [k('askingPerceivedHate')]],
    ['no', [k('askingTenure')]],
    ['1', [k('askingWhen')]],
    // Danger now, once we know what the report is about: staff see it at once too.
    ['999', ['intake:danger.guidance', 'intake:urgent.seen', k('inDanger')]],
    ['help', ['intake:inDanger.help', k('inDanger')]],
    ['carry on', [k('askingWhen')]],
    ['last night', [k('askingWhere')]],
    ['help', ['intake:askingWhere.help', 'common:help.prompt', k('askingWhere')]],
    ['back', [k('askingWhen')]],
    ['skip', ['intake:skip.notAllowed', k('askingWhen')]],
  ]);
});

test('a correction at review changes only that section and returns to the review', async () => {
  let failures = 1;
  t = await openTranscript({
    dialogs,
    policy: fixturePolicy,
    effects: {
      // The case service is down once: the person is told kindly and nothing is lost.
      submitReport: async () => {
        if (failures-- > 0) throw new Error('database unavailable');
        return { reference: 'FIX-0001', teamKey: 'policy:team.neighbourhoodServices', contactable: false, firstResponseDue: '2026-11-24', helplineIds: ['victimSupport'] };
      },
    },
  });
  const captured: unknown[] = [];
  await runTable(t, [
    ...SAFE_START,
    ['1', [k('askingCategory')]],
    ['someone keeps following me home', [k('confirmingCategory')]],
    ['yes', [k('askingPerceivedHate')]],
    ['no', [k('askingTenure')]],
    ['1', [k('askingWhen')]],
    ['last night', [k('askingWhere')]],
    ['Mill Road', [k('addingToEarlier')]],
    ['1', [k('askingOngoing')]],
    ['2', [k('askingViolence')]],
    ['2', [k('askingPropertyDamage')]],
    ['no', [k('askingPerpetratorKnown')]],
    ['2', [k('askingPerpetratorDescription')]],
    ['tall man in a red coat', [k('askingPerpetratorTenant')]],
    ['3', [k('askingChildren')]],
    ['2', [k('askingVulnerableAdult')]],
    ['2', [k('askingPolice')]],
    ['2', [k('askingEvidence')]],
    ['1', [k('askingImpact')]],
    ['skip', [k('offeringHarm')]],
    ['no thanks', [k('askingAnonymity')]],
    ['3', ['intake:reviewing.summary', k('reviewing')]],
    ['change the details', [k('askingWhen')]],
    ['every night this week', [k('askingWhere')]],
    // What happened can be replaced, not only added to.
    ['Mill Road', [k('correctingDescription')]],
    ['write it again', [k('askingDescription')]],
    ['A man follows me from the bus stop every night. I have started taking a different way home.', [k('addingDescription')]],
    ['1', [k('askingOngoing')]],
    ['1', [k('askingViolence')]],
    ['2', [k('askingPropertyDamage')]],
    ['no', [k('askingPerpetratorKnown')]],
    ['2', [k('askingPerpetratorDescription')]],
    // Whether they rent from us was answered the first time: not asked again.
    ['skip', [k('askingChildren')]],
    ['2', [k('askingVulnerableAdult')]],
    ['2', [k('askingPolice')]],
    ['2', [k('askingEvidence')]],
    ['1', [k('askingImpact')]],
    ['skip', ['intake:reviewing.summary', k('reviewing')]],
    ['1', ['intake:submitFailed.sorry', k('submitFailed')]],
    ['try again', ['intake:submitted.reference', 'intake:submitted.noContact', 'policy:helpline.victimSupport']],
  ]);
  captured.push(...t.effects.filter((e) => e.kind === 'submitReport'));
  expect(captured).toHaveLength(2);
  const [first, second] = captured as { key: string; report: { incident: { when?: { text: string }; ongoing?: string; description: string } } }[];
  expect(first!.key).toBe(second!.key); // the retry is the same submission: one conversation, one case
  expect(second!.report.incident).toMatchObject({
    when: { text: 'every night this week' },
    ongoing: 'yes',
    description: 'A man follows me from the bus stop every night. I have started taking a different way home.',
  });
});

describe('with the real policy packs', () => {
  test('One Vision Housing: a market-rent tenant whose neighbour is an OVH tenant can still report (OVH 1.5.1.3)', async () => {
    t = await openTranscript({ dialogs, policy: toDialogPolicy(loadPolicyPack('one-vision-housing')), channel: 'sms' });
    await runTable(t, [
      ['hi', [k('askingDanger')]],
      ['no', [k('askingSafeToTalk')]],
      ['yes', [k('askingOthersRead')]],
      ['no', [k('askingRole')]],
      ['1', [k('askingCategory')]],
      ['the dog next door barks all night', [k('confirmingCategory')]],
      ['yes', [k('askingPerceivedHate')]],
      ['no', [k('askingTenure')]],
      ['market rent', [k('askingIfPerpetratorRents')]],
      ['yes', [k('askingWhen')]],
    ]);
    expect(t.last()?.prompts[0]?.text).toMatch(/When did it happen/);
  });

  test('Seven Locks Housing: an owner-occupier is in scope, and there is no noise app to offer', async () => {
    t = await openTranscript({ dialogs, policy: toDialogPolicy(loadPolicyPack('seven-locks-housing')) });
    await runTable(t, [
      ...SAFE_START.slice(0, 2),
      // SLH Objectives: support at the point of first report, before anything about what happened.
      ['yes', ['policy:support.firstReport', k('askingRole')]],
      ['1', [k('askingCategory')]],
      ['1', [k('askingSubcategory')]],
    ]);
    const subcategories = t.last()?.prompts[0]?.choiceLabels?.map((c) => c.label) ?? [];
    expect(subcategories.length).toBeGreaterThan(3);
    const asked = await t.keys(String(subcategories.findIndex((label) => /noise/i.test(label)) + 1 || 1));
    expect(asked).toEqual([k('askingPerceivedHate')]);
    expect(await t.keys('no')).toEqual([k('askingTenure')]);
    const owner = t.last()?.prompts[0]?.choiceLabels?.findIndex((c) => c.id === 'ownerOccupier') ?? -1;
    await runTable(t, [
      [String(owner + 1), [k('askingWhen')]],
      ['every night', [k('askingWhere')]],
      ['1', [k('askingDescription')]],
      ['Banging and shouting upstairs', [k('addingDescription')]],
      ['1', [k('askingOngoing')]],
      ['1', [k('askingViolence')]],
      ['2', [k('askingPropertyDamage')]],
      ['no', [k('askingPerpetratorKnown')]],
      ['1', [k('askingPerpetratorDescription')]],
      ['flat 9', [k('askingPerpetratorTenant')]],
      ['1', [k('askingChildren')]],
      ['2', [k('askingVulnerableAdult')]],
      ['2', [k('askingPolice')]],
      ['2', [k('askingEvidence')]],
    ]);
  });
});

test('the whole story told at "when?" or "where?" is kept as what happened, and the short question is asked again', async () => {
  t = await openTranscript({ dialogs, policy: fixturePolicy, channel: 'sms' });
  const story =
    'three lads from the top floor were sat on the stairs smoking and when me and my two kids came past they started shouting at us and telling us to go back where we came from. my daughter was crying';
  await runTable(t, [
    ...NOISE_AT_HOME,
    [story, ['intake:opening.kept', k('askingWhen')]],
    ['last night about 8pm', [k('askingWhere')]],
    [`${story}. it happens most days now and i am scared to use the stairs`, ['intake:opening.kept', k('askingWhere')]],
    ['the stairwell in Rose Court', [k('addingToEarlier')]],
    ['1', [k('askingOngoing')]],
  ]);
  // What staff would see if they took it now: the time, the place and the story each where they belong.
  await t.keys('person');
  const incident = t.handoffs.at(-1)?.summary.incident;
  expect(incident).toMatchObject({ when: { text: 'last night about 8pm' }, where: { text: 'the stairwell in Rose Court', atReporterHome: false } });
  expect(incident?.description).toContain('my daughter was crying');
});
