// The intake's side of the landlords' policies (issue 15), with the bundled packs: what a reporter is asked and
// told because a clause says so. Each test name starts with the clause it proves (docs/policy-packs.md).
import type { DialogEvent, DialogPolicy } from '../../dialogs/shared/contract';
import { buildReport } from '../../dialogs/intake/intake.report';
import { submitted } from '../../dialogs/intake/intake.say';
import { harmQuestionsFor } from '../../dialogs/intake/intake.safety';
import { policyPackSchema } from '../../src/policy/pack.schema';
import { triage } from '../../src/cases/triage';
import { createTranslations } from '../../src/conversation/i18n';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import { drive, pathOf, pick, promptOf, said, start, step, type } from './support/intake-harness';

const ovh = loadPolicyPack('one-vision-housing');
const slh = loadPolicyPack('seven-locks-housing');
const en = { t: createTranslations().tFor('en') };
const monday10am = new Date('2026-11-23T10:00:00Z');

/** Not in danger, safe to talk (web chat), then who is reporting and what it is about. */
const toCategory = (role: string, categoryId: string): DialogEvent[] => [pick('no'), pick('yes'), pick(role), pick(categoryId)];

const from = (policy: DialogPolicy, events: DialogEvent[]) => drive(events, start('webchat', policy));

describe.each([
  ['OVH 1.5.4.1 and 1.8', ovh],
  ['SLH Context (harassment grounds) and Operational Principles (prioritise hate)', slh],
])('%s: every category asks whether it happened because of who they are', (_clause, pack) => {
  const policy = toDialogPolicy(pack);

  test.each(['asb', 'harassment'])('a victim reporting %s is asked, and a yes with a ground makes it a hate incident at high priority', (categoryId) => {
    const asked = from(policy, toCategory('victim', categoryId));
    const path = pathOf(asked.snapshot);
    // ASB asks its subcategory first (skipped here).
    const atQuestion = path.endsWith('askingSubcategory') ? drive([{ type: 'user.skip' }], asked) : asked;
    expect(pathOf(atQuestion.snapshot)).toBe('flow.what.askingPerceivedHate');
    const yes = drive([pick('yes'), pick('nationality'), pick('done')], atQuestion);
    const report = buildReport(yes.snapshot.context);
    expect(report.incident).toMatchObject({ categoryId, perceivedHate: 'yes', hateMotivations: ['nationality'] });
    const result = triage(report, pack, monday10am, { earlier: [] }, en);
    expect(result).toMatchObject({ priority: 'high', risk: { hateIncident: true } });
    expect(result.rules).toContain('hateCrime');
  });

  test('a yes with no ground picked still counts: the reporter perceives hate', () => {
    const asked = from(policy, toCategory('victim', 'harassment'));
    const skipped = drive([pick('yes'), { type: 'user.skip' }], asked);
    const report = buildReport(skipped.snapshot.context);
    expect(report.incident).toMatchObject({ perceivedHate: 'yes', hateMotivations: [] });
    expect(triage(report, pack, monday10am, { earlier: [] }, en).risk.hateIncident).toBe(true);
  });

  test('a no keeps the category and its normal routing, and the grounds list is not asked', () => {
    const no = drive([pick('no')], from(policy, toCategory('victim', 'harassment')));
    expect(pathOf(no.snapshot)).not.toMatch(/Motivation/);
    const report = buildReport(no.snapshot.context);
    expect(report.incident).toMatchObject({ perceivedHate: 'no', hateMotivations: [] });
    expect(triage(report, pack, monday10am, { earlier: [] }, en).risk.hateIncident).toBe(false);
  });

  test('a witness is asked about the person affected, not about themselves', () => {
    const asked = from(policy, toCategory('witness', 'harassment'));
    expect(pathOf(asked.snapshot)).toBe('flow.what.askingPerceivedHate_other');
    expect(promptOf(asked.snapshot)?.key).toBe('intake:askingPerceivedHate.promptOther');
  });

  test('hate crime goes straight to the grounds, and domestic abuse to its forms, without the question', () => {
    expect(pathOf(from(policy, toCategory('victim', 'hateCrime')).snapshot)).toBe('flow.what.askingMotivation');
    expect(pathOf(from(policy, toCategory('victim', 'domesticAbuse')).snapshot)).toBe('flow.what.askingAbuseForm');
  });
});

test('OVH 1.5.4.1: Nationality is one of the grounds offered (the Equality Act 2010 s9 counts it under race)', () => {
  const asked = drive([pick('yes')], from(toDialogPolicy(ovh), toCategory('victim', 'harassment')));
  expect(promptOf(asked.snapshot)?.choices?.map((c) => c.id)).toContain('nationality');
  expect(ovh.hateMotivations.find((m) => m.id === 'nationality')?.source).toMatch(/OVH 1\.5\.4\.1/);
});

describe.each([
  ['OVH 1.5.3.1', ovh],
  ['SLH (Domestic Violence Policy, separate): the Home Office forms', slh],
])('%s: forced marriage, honour-based abuse and FGM are routed, not only recorded', (_clause, pack) => {
  const policy = toDialogPolicy(pack);
  const toForms = () => from(policy, toCategory('victim', 'domesticAbuse'));
  const triaged = (events: DialogEvent[]) => triage(buildReport(drive([...events, pick('done')], toForms()).snapshot.context), pack, monday10am, { earlier: [] }, en);

  test.each([
    ['forcedMarriage', 'forcedMarriageUnit'],
    ['honourBased', 'honourBasedAbuse'],
    ['fgm', 'nspccFgm'],
  ])('picking %s says its specialist line at once', (form, helpline) => {
    const at = toForms().snapshot;
    expect(said(step(at, pick(form)).emitted)).toEqual(['intake:picked.readBack', `policy:helpline.${helpline}`]);
    // A form without its own line says only the read-back.
    expect(said(step(at, pick('physical')).emitted)).toEqual(['intake:picked.readBack']);
  });

  test('forced marriage alerts staff to act today, never through the family', () => {
    const result = triaged([pick('forcedMarriage')]);
    expect(result.helplineIds).toContain('forcedMarriageUnit');
    expect(result.alerts).toEqual([expect.objectContaining({ type: 'abuse_form', text: expect.stringMatching(/Forced marriage.*do not contact or mediate with the family/) })]);
    expect(result.reasons.map((r) => r.key)).toContain('triage:reason.abuseFormAlert');
  });

  test('FGM is a child-safeguarding flag and an alert to staff', () => {
    const result = triaged([pick('fgm')]);
    expect(result.flags.childAtRisk).toBe(true);
    expect(result.reasons.map((r) => r.key)).toEqual(expect.arrayContaining(['triage:reason.childSafeguardingForm', 'triage:reason.abuseFormAlert']));
    expect(result.alerts.map((a) => a.type)).toEqual(['abuse_form']);
  });

  test('honour-based abuse gets its specialist line and no alert; other forms neither', () => {
    expect(triaged([pick('honourBased')])).toMatchObject({ helplineIds: expect.arrayContaining(['honourBasedAbuse']), alerts: [] });
    expect(triaged([pick('physical')]).alerts).toEqual([]);
  });
});

describe('SLH Objectives: support at the point where ASB is first reported', () => {
  test('said in the first replies, as soon as the safety questions are answered, before what happened', () => {
    const first = from(toDialogPolicy(slh), [pick('no'), pick('yes')]);
    expect(first.sayings).toEqual(['policy:support.firstReport']);
    expect(pathOf(first.snapshot)).toBe('flow.who.askingRole');
    // One Vision Housing's pack has none to say.
    expect(from(toDialogPolicy(ovh), [pick('no'), pick('yes')]).sayings).toEqual([]);
  });

  test('not when someone may read the messages: it names a victims service (docs/discreet-mode.md)', () => {
    const discreet = drive([pick('no'), pick('yes'), pick('yes')], start('sms', toDialogPolicy(slh)));
    expect(pathOf(discreet.snapshot)).toBe('flow.who.askingRole');
    expect(discreet.sayings).not.toContain('policy:support.firstReport');
  });
});

describe('category responses: said, and the report goes on', () => {
  test('SLH Operational Principles: vandalism and graffiti are flagged for the repairs team, and the reporter is told', () => {
    const at = from(toDialogPolicy(slh), [...toCategory('victim', 'asb'), pick('vandalism')]);
    expect(at.sayings).toContain('policy:response.vandalism');
    expect(pathOf(at.snapshot)).toBe('flow.what.askingPerceivedHate');
    const result = triage(buildReport(drive([pick('no')], at).snapshot.context), slh, monday10am, { earlier: [] }, en);
    expect(result.tasks.map((t) => t.id)).toEqual(['repairs']);
  });

  test.each([
    ['OVH 1.5.2.3 Drugs: passed to the police as intelligence whatever they say', ovh, 'policy:response.drugs', ['passToPolice']],
    ['SLH Context (drugs): the police and Crimestoppers, and our report too', slh, 'policy:response.drugsSignpost', []],
  ])('%s: no "still report?" question that could end the report there', (_name, pack, key, tasks) => {
    const at = from(toDialogPolicy(pack), [...toCategory('victim', 'asb'), pick('drugs')]);
    expect(at.sayings).toContain(key);
    expect(pathOf(at.snapshot)).toBe('flow.what.askingPerceivedHate');
    const result = triage(buildReport(drive([pick('no')], at).snapshot.context), pack, monday10am, { earlier: [] }, en);
    expect(result.disposition).toBe('case');
    expect(result.tasks.map((t) => t.id)).toEqual(tasks);
    expect(result.helplineIds).toEqual(expect.arrayContaining(['police101', 'crimestoppers']));
  });

  test('OVH 1.5.2.3 Social media: "not usually us", so they are asked whether they still want to report', () => {
    const at = from(toDialogPolicy(ovh), [...toCategory('victim', 'asb'), pick('socialMedia')]);
    expect(at.sayings).toContain('policy:response.socialMedia');
    expect(pathOf(at.snapshot)).toBe('flow.what.askingStillReport');
  });
});

test('OVH 2.6 and 2.7: after the report, other ways to report and the Hate Crime Reporting Centres are said; not in discreet mode', () => {
  const context = from(toDialogPolicy(ovh), toCategory('victim', 'hateCrime')).snapshot.context;
  const done = { type: 'effect.submitReport.done' as const, output: { reference: 'R-1', teamKey: 'policy:team.communitySafety', contactable: true, helplineIds: ['stopHateUk'], noticeKeys: ['policy:notice.hateCrimeReportingCentre', 'policy:notice.otherWaysToReport'] } };
  expect(submitted(context, done).map((e) => (e.type === 'say' ? e.prompt.key : ''))).toEqual([
    'intake:submitted.reference',
    'intake:submitted.contactSoon',
    'policy:helpline.stopHateUk',
    'policy:notice.hateCrimeReportingCentre',
    'policy:notice.otherWaysToReport',
  ]);
  const discreet = { ...context, fields: { ...context.fields, 'safety.othersMayReadMessages': 'yes' as const } };
  expect(submitted(discreet, done).map((e) => (e.type === 'say' ? e.prompt.key : ''))).toEqual(['intake:submitted.reference', 'intake:submitted.contactSoon']);
});

describe('safe contact: voicemail is asked only when a phone call was chosen', () => {
  // A named harassment victim on the web, to the ways to contact them.
  const toChannels: DialogEvent[] = [
    ...toCategory('victim', 'harassment'), pick('no'), pick('socialRent'), type('last week'), type('Mill Road'), type('He follows me'), pick('done'),
    pick('no'), pick('no'), pick('no'), pick('no'), { type: 'user.skip' }, pick('no'), pick('no'), pick('no'), pick('no'), pick('none'), { type: 'user.skip' },
    pick('no'), pick('named'), type('Sam'),
  ];
  const channels = drive(toChannels, start('webchat'));

  test('email only: no voicemail question', () => {
    expect(pathOf(channels.snapshot)).toBe('flow.safeContact.askingContactChannel');
    const email = drive([pick('email'), pick('done'), type('sam@example.org'), pick('anytime')], channels);
    expect(pathOf(email.snapshot)).toBe('flow.safeContact.askingOthersReadContact');
  });

  test('a phone call among them: asked', () => {
    const phone = drive([pick('phone'), pick('done'), type('07700 900123'), pick('anytime')], channels);
    expect(pathOf(phone.snapshot)).toBe('flow.safeContact.askingVoicemail');
  });
});

describe('wording: questions about the person affected, and no victim wording for a referring professional', () => {
  const ovhPolicy = toDialogPolicy(ovh);
  /** Harassment, not because of who they are, social rent: to "where did it happen?". */
  const toWhere = (role: string) => from(ovhPolicy, [...toCategory(role, 'harassment'), pick('no'), pick('socialRent'), type('last week')]);

  test('a witness is not asked about "your home": where it happened, and damage to the home of the person affected', () => {
    const where = toWhere('witness');
    expect(promptOf(where.snapshot)).toMatchObject({ key: 'intake:askingWhere.promptOther' });
    expect(promptOf(where.snapshot)?.choices).toBeUndefined();
    const damage = drive([type('Mill Road'), type('They shout at her'), pick('done'), pick('no'), pick('no')], where);
    expect(promptOf(damage.snapshot)?.key).toBe('intake:askingPropertyDamage.promptOther');
    // The person it happened to keeps "at my home" and "your home".
    const victim = toWhere('victim');
    expect(promptOf(victim.snapshot)?.key).toBe('intake:askingWhere.prompt');
    expect(promptOf(drive([pick('home'), type('They shout at me'), pick('done'), pick('no'), pick('no')], victim).snapshot)?.key).toBe('intake:askingPropertyDamage.prompt');
  });

  test('a witness or a professional is offered "They rent ...", not the pack\'s "I rent ..."; the person harmed keeps "I rent ..."', () => {
    const labels = (role: string) => (promptOf(from(ovhPolicy, [...toCategory(role, 'harassment'), pick('no')]).snapshot)?.choices ?? []).map((c) => en.t(c.key));
    expect(labels('witness')).toContain('They rent from this housing association (social rent)');
    expect(labels('witness')).toContain('They own their home');
    expect(labels('witness').join(' ')).not.toMatch(/\bI (rent|own)\b/);
    expect(labels('victim')).toContain('I rent from this housing association (social rent)');
    expect(labels('victim')).toContain('I own my home');
    // The answer is recorded, and leads on, the same way.
    const owner = from(ovhPolicy, [...toCategory('witness', 'harassment'), pick('no'), pick('ownerOccupier')]);
    expect(owner.snapshot.context.fields.tenure).toBe('ownerOccupier');
    const victimOwner = from(ovhPolicy, [...toCategory('victim', 'harassment'), pick('no'), pick('ownerOccupier')]);
    expect(pathOf(owner.snapshot)).toBe(pathOf(victimOwner.snapshot));
  });

  test('OVH 2.6: a professional is not asked "how is this affecting you or your family?"', () => {
    const pro: DialogEvent[] = [pick('no'), pick('yes'), pick('professional'), type('Safe Haven'), type('IDVA'), pick('no'), pick('yes'), pick('yes'), { type: 'user.skip' }, { type: 'user.skip' }, pick('harassment'), pick('no'), pick('socialRent'), type('last week'), type('Mill Road'), type('He follows her'), pick('done'), pick('no'), pick('no'), pick('no'), pick('no'), { type: 'user.skip' }, pick('no'), pick('no'), pick('no'), pick('no'), pick('none')];
    const atEnd = from(ovhPolicy, pro);
    expect(pathOf(atEnd.snapshot)).toBe('flow.anonymity.askingAnonymity');
    expect(atEnd.snapshot.context.trail).not.toContain('askingImpact');
  });

  test('OVH 2.6: a professional referring domestic abuse is not told "we are sorry this is happening"', () => {
    const pro = from(ovhPolicy, [pick('no'), pick('yes'), pick('professional'), type('Safe Haven'), type('IDVA'), pick('no'), pick('yes'), pick('yes'), { type: 'user.skip' }, { type: 'user.skip' }, pick('domesticAbuse')]);
    expect(pathOf(pro.snapshot)).toBe('flow.what.askingAbuseForm');
    expect(pro.sayings).not.toContain('intake:askingAbuseForm.helpline');
    const victim = from(ovhPolicy, toCategory('victim', 'domesticAbuse'));
    expect(victim.sayings).toContain('intake:askingAbuseForm.helpline');
  });
});

describe('OVH 3.7.3: the risk assessment matrix is the pack\'s, and a witness is asked the questions that fit a witness', () => {
  /** Harassment (not because of who they are), social rent, the details answered no: to the matrix's offer. */
  const toHarm = (policy: DialogPolicy, role: string) =>
    from(policy, [
      ...toCategory(role, 'harassment'), pick('no'), pick('socialRent'), type('last week'), type('Mill Road'), type('They shout'), pick('done'),
      pick('no'), pick('no'), pick('no'), pick('no'), { type: 'user.skip' }, pick('no'), pick('no'), pick('no'), pick('no'), pick('none'), { type: 'user.skip' },
    ]);
  const askedAll = (at: ReturnType<typeof toHarm>) => {
    let current = drive([pick('now')], at);
    const asked: string[] = [];
    while (pathOf(current.snapshot) === 'flow.harm.askingHarm') {
      asked.push(promptOf(current.snapshot)!.key.replace('risk:harm.', ''));
      current = drive([pick('no')], current);
    }
    return asked;
  };

  test('a witness gets every question the pack marks askWitness, never "has this happened to you before"', () => {
    const at = toHarm(toDialogPolicy(ovh), 'witness');
    expect(pathOf(at.snapshot)).toBe('flow.harm.offeringHarm');
    const expected = ovh.risk.matrix.questions.filter((q) => q.askWitness).map((q) => q.id);
    expect(askedAll(at)).toEqual(expected);
    expect(expected).not.toContain('repeatTarget');
  });

  test('the person harmed gets every question of the pack\'s matrix, and only those', () => {
    expect(askedAll(toHarm(toDialogPolicy(ovh), 'victim'))).toEqual(ovh.risk.matrix.questions.map((q) => q.id));
    const fewer = { ...toDialogPolicy(ovh), harmQuestions: [{ id: 'livesAlone', askWitness: false }, { id: 'feelsUnsafeAtHome', askWitness: true }] };
    expect(askedAll(toHarm(fewer, 'victim'))).toEqual(['livesAlone', 'feelsUnsafeAtHome']);
    expect(askedAll(toHarm(fewer, 'witness'))).toEqual(['feelsUnsafeAtHome']);
  });

  test('someone reporting for another is not offered them (the questions are about the one answering)', () => {
    const forFriend = from(toDialogPolicy(ovh), [pick('no'), pick('yes'), pick('third_party'), pick('friend'), pick('yes'), pick('yes'), { type: 'user.skip' }, { type: 'user.skip' }, pick('harassment')]);
    expect(pathOf(forFriend.snapshot)).toBe('flow.what.askingPerceivedHate_other');
    expect(harmQuestionsFor({ ...forFriend.snapshot.context })).toEqual([]);
  });

  test('the scoring is the pack\'s: a witness who lives alone, feels unsafe at home and is disabled is high risk by its combination', () => {
    const at = drive([pick('now'), pick('yes'), pick('no'), pick('no'), pick('yes'), pick('no'), pick('no'), pick('yes')], toHarm(toDialogPolicy(ovh), 'witness'));
    const report = buildReport(drive([pick('stop')], at).snapshot.context);
    expect(report.vulnerability.harm).toMatchObject({ disabilityOrIllness: 'yes', livesAlone: 'yes', feelsUnsafeAtHome: 'yes' });
    expect(triage(report, ovh, monday10am, { earlier: [] }, en).risk.harm).toMatchObject({ level: 'high' });
  });
});

test('a pack whose matrix names a question the intake cannot ask does not load', () => {
  const bad = { ...ovh, risk: { ...ovh.risk, matrix: { ...ovh.risk.matrix, questions: [...ovh.risk.matrix.questions, { id: 'ownsADog', factor: 'personal' as const, weight: 1, askWitness: true, source: 'test' }] } } };
  const parsed = policyPackSchema.safeParse(bad);
  expect(parsed.success).toBe(false);
  expect(JSON.stringify(parsed.error?.issues)).toMatch(/the intake has no question \\"ownsADog\\"/);
});
