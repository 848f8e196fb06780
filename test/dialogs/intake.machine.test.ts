// Pure tests of the intake machine with transition(): the behaviours a person notices that the
// conversation tables do not show row by row.
import { reportDraftSchema } from '../../dialogs/shared/report';
import { urgentIndicators } from '../../dialogs/shared/urgency';
import { drive, effects, pathOf, pick, promptOf, said, start, step, type } from './support/intake-harness';

const SAFE = [pick('no'), pick('yes')];

test('the safety gate comes first and cannot be skipped; danger there gives 999 guidance before anything else', () => {
  const first = start('sms');
  expect(promptOf(first.snapshot)?.key).toBe('intake:askingDanger.prompt');
  const skipped = step(first.snapshot, { type: 'user.skip' });
  expect(said(skipped.emitted)).toEqual(['intake:skip.notAllowed']);
  expect(pathOf(skipped.snapshot)).toBe('flow.safety.askingDanger');

  const danger = drive([pick('yes')], first);
  expect(danger.sayings).toEqual(['intake:danger.guidance']);
  expect(promptOf(danger.snapshot)?.key).toBe('intake:dangerAdvised.prompt');
  const onwards = drive([pick('carryOn'), pick('yes')], danger);
  expect(promptOf(onwards.snapshot)?.key).toBe('intake:askingOthersRead.prompt'); // SMS: could someone else read these?
  expect(onwards.snapshot.context.fields['safety.immediateDangerAtStart']).toBe(true);
});

test('"no" to an optional question in words is a skip, not the answer', () => {
  const at = drive([...SAFE, pick('third_party'), pick('friend'), pick('no')]);
  expect(promptOf(at.snapshot)?.key).toBe('intake:askingVictimName.prompt');
  expect(promptOf(at.snapshot)?.choices?.map((c) => c.id)).toEqual(['skip']);
  // The runtime matches "no" (a synonym) to the Skip choice.
  const matched = drive([{ type: 'user.message', text: 'no', choice: 'skip' }], at);
  expect(pathOf(matched.snapshot)).toBe('flow.who.askingVictimContact');
  expect(matched.snapshot.context.fields['victim.name']).toBeUndefined();
});

test('described in words: one category is confirmed, two close ones are both offered, none gives the list; the words are kept', () => {
  const atCategory = drive([...SAFE, pick('victim')]);
  // The interpretation step weighs the words; the dialog gets the categories they point to.
  const words = (text: string, ...ids: string[]) => ({ type: 'user.message' as const, text, categories: ids.map((categoryId) => ({ categoryId })) });
  const one = drive([words('someone keeps following me', 'harassment')], atCategory);
  expect(promptOf(one.snapshot)).toMatchObject({ key: 'intake:confirmingCategory.prompt', params: { categoryKey: 'policy:category.harassment' } });
  const two = drive([words('they harass me online because of my religion', 'hateCrime', 'harassment')], atCategory);
  expect(promptOf(two.snapshot)).toMatchObject({ key: 'intake:choosingCategory.prompt' });
  expect(promptOf(two.snapshot)?.choices?.map((c) => c.id)).toEqual(['hateCrime', 'harassment', 'other']);
  expect(drive([pick('harassment')], two).snapshot.context.fields['incident.categoryId']).toBe('harassment');
  expect(promptOf(drive([pick('other')], two).snapshot)?.key).toBe('intake:pickingCategory.prompt');
  const none = drive([words('something bad happened on the stairs')], atCategory);
  expect(promptOf(none.snapshot)?.key).toBe('intake:pickingCategory.prompt');
  expect(none.snapshot.context.fields['incident.description']).toBe('something bad happened on the stairs');
  const wrong = drive([pick('no'), pick('asb')], one);
  expect(wrong.snapshot.context.fields['incident.categoryId']).toBe('asb');
  expect(promptOf(wrong.snapshot)?.key).toBe('intake:askingSubcategory.prompt');
});

test('back goes to the previous question; at the first question it says there is nothing to go back to', () => {
  const first = start();
  expect(said(step(first.snapshot, { type: 'user.back' }).emitted)).toEqual(['intake:back.nothing']);
  const atRole = drive(SAFE);
  const back = step(atRole.snapshot, { type: 'user.back' });
  expect(pathOf(back.snapshot)).toBe('flow.safety.askingSafeToTalk');
  const backAgain = step(back.snapshot, { type: 'user.back' });
  expect(pathOf(backAgain.snapshot)).toBe('flow.safety.askingDanger');
});

test('talking to a person out of hours says so honestly, and the report can carry on meanwhile', () => {
  const atWhen = drive([...SAFE, pick('victim'), pick('harassment'), pick('no'), pick('socialRent')]);
  const asked = step(atWhen.snapshot, { type: 'user.handoff' });
  const [handoff] = effects(asked.emitted);
  expect(handoff).toMatchObject({ kind: 'handoff', reason: 'asked', summary: { incident: { categoryId: 'harassment' }, tenure: 'socialRent' } });
  const answered = step(asked.snapshot, { type: 'effect.handoff.done', output: { expectedReply: 'next_working_day' } });
  expect(said(answered.emitted)).toEqual(['intake:waitingForPerson.nextWorkingDay']);
  const carryOn = step(answered.snapshot, pick('carryOn'));
  expect(promptOf(carryOn.snapshot)?.key).toBe('intake:askingWhen.prompt');
});

test('a full report validates against the report schema, and a failed save keeps everything for a retry', () => {
  const review = drive([
    ...SAFE, pick('victim'), pick('asb'), pick('noise'), pick('no'), pick('socialRent'),
    type('every night'), pick('home'), type('Music until 3am'), pick('done'),
    pick('yes'), pick('no'), pick('no'), pick('yes'), type('flat 4'), pick('yes'), pick('no'), pick('no'), pick('no'),
    type('', ['media-1']), pick('done'), type('I cannot sleep'), pick('no'),
    pick('named'), type('Sam Jones'), pick('sms'), pick('done'), type('07700900123'), pick('anytime'), pick('no'), type('bluebell'),
  ]);
  expect(review.sayings).toContain('intake:askingEvidence.noiseApp');
  expect(promptOf(review.snapshot)?.key).toBe('intake:reviewing.prompt');
  const sent = step(review.snapshot, pick('send'));
  const [submit] = effects(sent.emitted);
  expect(submit?.kind).toBe('submitReport');
  const report = submit?.kind === 'submitReport' ? submit.report : undefined;
  expect(reportDraftSchema.safeParse(report).success).toBe(true);
  expect(report).toMatchObject({
    reporter: { role: 'victim', person: { name: 'Sam Jones' } },
    incident: { categoryId: 'asb', subcategoryId: 'noise', ongoing: 'yes', violenceOrThreats: 'no', targetedPropertyDamage: 'no', when: { text: 'every night', recurring: true } },
    evidence: { mediaIds: ['media-1'] },
    safeContact: { channels: ['sms'], phone: '07700900123', voicemailOk: false, othersReadMessages: false, codeWord: 'bluebell' },
  });

  const failed = step(sent.snapshot, { type: 'effect.submitReport.failed', error: 'down' });
  expect(said(failed.emitted)).toEqual(['intake:submitFailed.sorry']);
  expect(promptOf(failed.snapshot)?.key).toBe('intake:submitFailed.prompt');
  const retry = step(failed.snapshot, pick('tryAgain'));
  expect(effects(retry.emitted)).toEqual([submit]);
  const done = step(retry.snapshot, { type: 'effect.submitReport.done', output: { reference: 'OVH-1', teamKey: 'policy:team.neighbourhoodServices', contactable: true, firstResponseDue: '2026-11-24', helplineIds: ['victimSupport'] } });
  expect(said(done.emitted)).toEqual(['intake:submitted.reference', 'intake:submitted.contact', 'policy:helpline.victimSupport']);
  expect(done.snapshot.status).toBe('done');
});

test('correcting the category at review to domestic abuse offers Dash, then returns to the review without stale answers', () => {
  const review = drive([
    ...SAFE, pick('victim'), pick('hateCrime'), pick('race'), pick('done'), pick('socialRent'),
    type('last week'), type('Mill Road'), type('He shouted at me'), pick('done'),
    pick('no'), pick('no'), pick('yes'), pick('no'), { type: 'user.skip' }, pick('no'), pick('no'), pick('no'), pick('no'), pick('none'), { type: 'user.skip' },
    pick('no'), pick('anonymous'),
  ]);
  expect(promptOf(review.snapshot)?.key).toBe('intake:reviewing.prompt');
  const skipped = drive([pick('what'), pick('domesticAbuse'), { type: 'user.skip' }, pick('adult')], review);
  expect(skipped.sayings).toContain('intake:askingAbuseForm.helpline');
  expect(promptOf(skipped.snapshot)?.key).toBe('intake:offeringDash.prompt');
  const back = drive([pick('later')], skipped);
  expect(promptOf(back.snapshot)?.key).toBe('intake:reviewing.prompt');
  const sent = step(back.snapshot, pick('send'));
  const [submit] = effects(sent.emitted);
  expect(submit?.kind === 'submitReport' && submit.report.incident).toMatchObject({ categoryId: 'domesticAbuse', hateMotivations: [] });
  expect(submit?.kind === 'submitReport' && submit.report.risk).toEqual({ dashDeferred: true });
});

test('a photo sent with any answer, or on its own where words were expected, is kept as evidence', () => {
  const atWhen = drive([...SAFE, pick('victim'), pick('harassment'), pick('no'), pick('socialRent')]);
  const withAnswer = step(atWhen.snapshot, type('last night', ['photo-1']));
  expect(promptOf(withAnswer.snapshot)?.key).toBe('intake:askingWhere.prompt');
  const alone = step(withAnswer.snapshot, type('', ['photo-2']));
  expect(said(alone.emitted)).toEqual(['intake:media.kept']);
  expect(promptOf(alone.snapshot)?.key).toBe('intake:askingWhere.prompt');
  expect(alone.snapshot.context.fields['evidence.mediaIds']).toEqual(['photo-1', 'photo-2']);
});

test('starting again forgets every answer and asks about danger first', () => {
  const atWhen = drive([...SAFE, pick('victim'), pick('harassment'), pick('no'), pick('socialRent')]);
  const restarted = step(atWhen.snapshot, { type: 'user.restart' });
  expect(promptOf(restarted.snapshot)?.key).toBe('intake:askingDanger.prompt');
  expect(restarted.snapshot.context.fields).toEqual({});
});

test('a witness to domestic abuse is not asked the Dash questions, which speak to the person harmed', () => {
  const witness = drive([...SAFE, pick('witness'), pick('domesticAbuse'), { type: 'user.skip' }, pick('adult')]);
  expect(witness.sayings).toEqual(['intake:askingAbuseForm.helpline']);
  expect(promptOf(witness.snapshot)?.key).toBe('intake:askingTenure.promptOther');
  const victim = drive([...SAFE, pick('victim'), pick('domesticAbuse'), { type: 'user.skip' }, pick('adult')]);
  expect(promptOf(victim.snapshot)?.key).toBe('intake:offeringDash.prompt');
});

test('danger raised half-way counts as danger now for triage, and the report carries on where it was', () => {
  const atWhere = drive([...SAFE, pick('victim'), pick('harassment'), pick('no'), pick('socialRent'), type('last night')]);
  expect(atWhere.snapshot.context.fields['safety.immediateDangerAtStart']).toBeUndefined();
  const danger = drive([{ type: 'user.danger' }, pick('carryOn')], atWhere);
  expect(danger.sayings).toEqual(['intake:danger.guidance']);
  expect(promptOf(danger.snapshot)?.key).toBe('intake:askingWhere.prompt');
  expect(danger.snapshot.context.fields['safety.immediateDangerAtStart']).toBe(true);
});

test('correcting who at review to the person harmed in a domestic-abuse report offers Dash, then returns to the review', () => {
  const review = drive([
    ...SAFE, pick('witness'), pick('domesticAbuse'), { type: 'user.skip' }, pick('adult'), pick('socialRent'),
    type('last week'), type('next door'), type('I heard him hit her'), pick('done'),
    pick('no'), pick('no'), pick('no'), { type: 'user.skip' }, pick('no'), pick('no'), pick('no'), pick('no'), pick('none'), { type: 'user.skip' },
    pick('anonymous'),
  ]);
  expect(promptOf(review.snapshot)?.key).toBe('intake:reviewing.prompt');
  const corrected = drive([pick('who'), pick('victim')], review);
  expect(promptOf(corrected.snapshot)?.key).toBe('intake:offeringDash.prompt');
  const back = drive([pick('later')], corrected);
  expect(promptOf(back.snapshot)?.key).toBe('intake:reviewing.prompt');
  const [submit] = effects(step(back.snapshot, pick('send')).emitted);
  expect(submit?.kind === 'submitReport' && submit.report.reporter.role).toBe('victim');
  expect(submit?.kind === 'submitReport' && submit.report.risk).toEqual({ dashDeferred: true });
});

test('words and photos sent while waiting for a person are kept with the report, not dropped', () => {
  const atWhen = drive([...SAFE, pick('victim'), pick('harassment'), pick('no'), pick('socialRent')]);
  const asked = step(atWhen.snapshot, { type: 'user.handoff' });
  const waiting = step(asked.snapshot, { type: 'effect.handoff.done', output: { expectedReply: 'in_hours' } });
  const typed = drive([type('he is outside the door again'), type('', ['photo-1'])], waiting);
  expect(typed.sayings).toEqual(['intake:waitingForPerson.inHours', 'intake:media.kept', 'intake:media.kept']);
  expect(promptOf(typed.snapshot)?.key).toBe('intake:waitingForPerson.prompt');
  expect(typed.snapshot.context.fields['incident.description']).toBe('he is outside the door again');
  expect(typed.snapshot.context.fields['evidence.mediaIds']).toEqual(['photo-1']);
  const carryOn = step(typed.snapshot, pick('carryOn'));
  expect(promptOf(carryOn.snapshot)?.key).toBe('intake:askingWhen.prompt');
});

describe('corrections recompute the report', () => {
  const allYes = [...Array.from({ length: 4 }, () => pick('yes')), pick('carryOn'), ...Array.from({ length: 20 }, () => pick('yes'))];
  const toReview = [
    pick('socialRent'), type('last week'), pick('home'), type('He hits me and says he will kill me'), pick('done'),
    pick('yes'), pick('no'), pick('no'), { type: 'user.skip' as const }, pick('no'), pick('no'), pick('no'), pick('no'), pick('none'), { type: 'user.skip' as const },
    pick('anonymous'),
  ];

  test('domestic abuse with every Dash answer yes, corrected to noise, keeps none of the checklist or the flags it raised', () => {
    const review = drive([...SAFE, pick('victim'), pick('domesticAbuse'), { type: 'user.skip' }, pick('adult'), pick('now'), ...allYes, ...toReview]);
    expect(promptOf(review.snapshot)?.key).toBe('intake:reviewing.prompt');
    // High risk was known half-way through: the urgent case had been opened.
    expect(review.snapshot.context.urgent?.indicators).toEqual(expect.arrayContaining(['dashHighRisk', 'threatsToKill', 'strangulation', 'weapons']));

    const corrected = drive([pick('what'), pick('asb'), pick('noise'), pick('no')], review);
    expect(promptOf(corrected.snapshot)?.key).toBe('intake:reviewing.prompt');
    // The urgent case is brought up to date with the corrected report straight away.
    const update = effects(corrected.emitted).find((e) => e.kind === 'openUrgentCase');
    expect(update?.kind === 'openUrgentCase' && update.report.risk).toEqual({});
    const [submit] = effects(step(corrected.snapshot, pick('send')).emitted);
    const report = submit?.kind === 'submitReport' ? submit.report : undefined;
    expect(report?.incident).toMatchObject({ categoryId: 'asb', subcategoryId: 'noise', domesticAbuseForms: [] });
    expect(report?.risk).toEqual({});
    expect(urgentIndicators(report!, 'asb')).toEqual([]);
  });

  test('a professional corrected to the person harmed keeps nothing of the referral', () => {
    const review = drive([
      ...SAFE, pick('professional'), type('Safe Haven'), type('IDVA'), pick('yes'), pick('yes'), pick('yes'), type('Jo'), type('phone only'),
      pick('harassment'), pick('no'), pick('socialRent'), type('last week'), type('Mill Road'), type('She is followed home'), pick('done'),
      pick('yes'), pick('no'), pick('no'), pick('no'), { type: 'user.skip' }, pick('no'), pick('no'), pick('no'), pick('no'), pick('none'), { type: 'user.skip' },
      pick('anonymous'),
    ]);
    expect(review.snapshot.context.fields['reporter.maracReferral']).toBe(true);
    const corrected = drive([pick('who'), pick('victim')], review);
    expect(promptOf(corrected.snapshot)?.key).toBe('intake:reviewing.prompt');
    const fields = corrected.snapshot.context.fields;
    expect([fields['reporter.organisation'], fields['reporter.maracReferral'], fields['victim.name'], fields['victim.consentGiven']]).toEqual([undefined, undefined, undefined, undefined]);
  });

  test('what happened can be kept, added to or written again', () => {
    const review = drive([...SAFE, pick('victim'), pick('harassment'), pick('no'), pick('socialRent'), type('last week'), type('Mill Road'), type('He follows me'), pick('done'),
      pick('yes'), pick('no'), pick('no'), pick('no'), { type: 'user.skip' }, pick('no'), pick('no'), pick('no'), pick('no'), pick('none'), { type: 'user.skip' }, pick('no'), pick('anonymous')]);
    const atDescription = drive([pick('details'), type('last week'), type('Mill Road')], review);
    expect(promptOf(atDescription.snapshot)?.choices?.map((c) => c.id)).toEqual(['keep', 'add', 'replace']);
    const added = drive([pick('add'), type('Now he waits outside.'), pick('done')], atDescription);
    expect(added.snapshot.context.fields['incident.description']).toBe('He follows me\nNow he waits outside.');
    const replaced = drive([pick('replace'), type('A man waits for me outside the shop.'), pick('done')], atDescription);
    expect(replaced.snapshot.context.fields['incident.description']).toBe('A man waits for me outside the shop.');
    const kept = drive([pick('keep')], atDescription);
    expect(kept.snapshot.context.fields['incident.description']).toBe('He follows me');
    expect(promptOf(kept.snapshot)?.key).toBe('intake:askingOngoing.prompt');
  });
});

test('"we will contact you by" is said only when there is a way to reach them; otherwise how to ask about it', () => {
  const review = drive([...SAFE, pick('victim'), pick('harassment'), pick('no'), pick('socialRent'), type('last week'), type('Mill Road'), type('He follows me'), pick('done'),
    pick('yes'), pick('no'), pick('no'), pick('no'), { type: 'user.skip' }, pick('no'), pick('no'), pick('no'), pick('no'), pick('none'), { type: 'user.skip' }, pick('no'),
    pick('named'), { type: 'user.skip' }, pick('phone'), pick('done'), { type: 'user.skip' }, pick('anytime'), pick('no'), pick('no'), { type: 'user.skip' }]);
  const sent = step(review.snapshot, pick('send'));
  const output = { reference: 'OVH-2', teamKey: 'policy:team.communitySafety', helplineIds: [] };
  const unreachable = step(sent.snapshot, { type: 'effect.submitReport.done', output: { ...output, contactable: false } });
  expect(said(unreachable.emitted)).toEqual(['intake:submitted.reference', 'intake:submitted.noRoute']);
  const reachable = step(sent.snapshot, { type: 'effect.submitReport.done', output: { ...output, contactable: true, firstResponseDue: 'Thursday 3 December' } });
  expect(said(reachable.emitted)).toEqual(['intake:submitted.reference', 'intake:submitted.contact']);
});

test('"is anyone still in danger from them?" yes gets the 999 reminder at once', () => {
  const atDanger = drive([...SAFE, pick('victim'), pick('harassment'), pick('no'), pick('socialRent'), type('last week'), type('Mill Road'), type('He hit me'), pick('done'), pick('yes'), pick('yes')]);
  expect(promptOf(atDanger.snapshot)?.key).toBe('intake:askingDangerRemaining.prompt');
  const yes = step(atDanger.snapshot, pick('yes'));
  expect(said(yes.emitted)[0]).toBe('intake:danger.guidance');
  // And staff can see it now: the urgent case opens with the next question.
  expect(effects(yes.emitted).map((e) => e.kind)).toEqual(['openUrgentCase']);
  expect(said(step(atDanger.snapshot, pick('no')).emitted)).toEqual([]);
});
