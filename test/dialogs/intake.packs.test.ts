// The same intake behaviour for every landlord (issue 15): both bundled packs and the fictional third one
// (test/policy/fixtures/riverside-homes.json: other category, subcategory, tenure and team ids, other thresholds,
// a matrix question of its own), loaded from a path as a landlord's own pack would be. Nothing here may depend on
// One Vision's or Seven Locks' ids: each test reads them from the pack, by kind and by what the pack says it does.
import path from 'node:path';
import type { DialogEvent, DialogPolicy } from '../../dialogs/shared/contract';
import { buildReport } from '../../dialogs/intake/intake.report';
import { reportDraftSchema } from '../../dialogs/shared/report';
import { triage } from '../../src/cases/triage';
import { createTranslations } from '../../src/conversation/i18n';
import { harmQuestionKey, toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import type { CategoryKind } from '../../src/policy/pack.schema';
import { drive, effects, pathOf, pick, promptOf, start, step, type, type Step } from './support/intake-harness';

const packs = [
  loadPolicyPack('one-vision-housing'),
  loadPolicyPack('seven-locks-housing'),
  loadPolicyPack(path.resolve(__dirname, '../policy/fixtures/riverside-homes.json')),
];
const en = { t: createTranslations().tFor('en') };
const monday10am = new Date('2026-11-23T10:00:00Z');

/** Not in danger, safe to talk (web chat), who is reporting, then the pack's category of this kind. */
const toKind = (policy: DialogPolicy, role: string, kind: CategoryKind): Step =>
  drive([pick('no'), pick('yes'), pick(role), pick(policy.categories.find((c) => c.kind === kind)!.id)], start('webchat', policy));

/**
 * Answers what is asked, as a person who says no where they can, gives short words where words are wanted and skips
 * the rest, until `until` holds; `choose` answers some questions itself (by state path).
 */
function answerUntil(from: Step, until: (at: Step) => boolean, choose: (path: string) => DialogEvent | undefined = () => undefined): Step & { said: string[] } {
  let at = from;
  const said: string[] = [];
  for (let i = 0; i < 60 && !until(at); i += 1) {
    const spec = promptOf(at.snapshot);
    const ids = spec?.choices?.map((c) => c.id) ?? [];
    const event = choose(pathOf(at.snapshot)) ?? (ids.includes('no') ? pick('no') : ids.includes('done') ? pick('done') : ids.includes('none') ? pick('none') : spec?.optional ? { type: 'user.skip' as const } : type('last week by the shops'));
    at = step(at.snapshot, event);
    said.push(...at.emitted.flatMap((e) => (e.type === 'say' ? [e.prompt.key] : [])));
  }
  return { ...at, said };
}
const at = (suffix: string) => (s: Step) => pathOf(s.snapshot).endsWith(suffix);

describe.each(packs.map((p) => [p.organisation.name, p] as const))('%s', (_name, pack) => {
  const policy = toDialogPolicy(pack);
  const inScope = pack.tenures.find((t) => t.inScope)!.id;

  test('each kind of report gets its own questions, whatever the pack calls it: grounds for hate, forms for domestic abuse, the subcategories for ASB, "because of who you are" for harassment', () => {
    const hate = toKind(policy, 'victim', 'hate_crime');
    expect(pathOf(hate.snapshot)).toBe('flow.what.askingMotivation');
    expect(promptOf(hate.snapshot)!.choices!.map((c) => c.id)).toEqual(expect.arrayContaining(pack.hateMotivations.map((m) => m.id)));
    const abuse = toKind(policy, 'victim', 'domestic_abuse');
    expect(pathOf(abuse.snapshot)).toBe('flow.what.askingAbuseForm');
    expect(promptOf(abuse.snapshot)!.choices!.map((c) => c.id)).toEqual(expect.arrayContaining(pack.domesticAbuseForms.map((f) => f.id)));
    const asb = toKind(policy, 'victim', 'asb');
    expect(pathOf(asb.snapshot)).toBe('flow.what.askingSubcategory');
    expect(promptOf(asb.snapshot)!.choices!.map((c) => c.id)).toEqual([...pack.categories.find((c) => c.kind === 'asb')!.subcategories.map((s) => s.id), 'other']);
    expect(pathOf(toKind(policy, 'victim', 'harassment').snapshot)).toBe('flow.what.askingPerceivedHate');
  });

  test('"because of who you are" answered yes with the pack\'s first ground makes an ASB or harassment report a hate incident, prioritised by the pack\'s rule', () => {
    for (const kind of ['asb', 'harassment'] as const) {
      const asked = answerUntil(toKind(policy, 'victim', kind), at('askingPerceivedHate'));
      const yes = drive([pick('yes'), pick(pack.hateMotivations[0]!.id), pick('done')], asked);
      const result = triage(buildReport(yes.snapshot.context), pack, monday10am, { earlier: [] }, en);
      expect({ kind, hate: result.risk.hateIncident, priority: result.priority }).toEqual({ kind, hate: true, priority: 'high' });
      expect(result.rules).toContain(pack.routing.rules.find((r) => r.when.hateMotivated)!.id);
    }
  });

  test('a form of domestic abuse with specialist help has it said as soon as it is picked', () => {
    const form = pack.domesticAbuseForms.find((f) => f.helplineIds.length > 0)!;
    const picked = drive([pick(form.id)], toKind(policy, 'victim', 'domestic_abuse'));
    expect(picked.sayings).toEqual(expect.arrayContaining(form.helplineIds.map((h) => `policy:helpline.${h}`)));
  });

  test('each of the pack\'s category responses is said when its subcategory is picked; only "not usually us" asks whether to report still', () => {
    for (const response of pack.categoryResponses.filter((r) => r.subcategoryId !== undefined)) {
      const kind = pack.categories.find((c) => c.id === response.categoryId)!.kind;
      const picked = drive([pick(response.subcategoryId!)], toKind(policy, 'victim', kind));
      expect({ sub: response.subcategoryId, said: picked.sayings }).toEqual({ sub: response.subcategoryId, said: expect.arrayContaining([response.key]) });
      const stillAsked = pathOf(picked.snapshot) === 'flow.what.askingStillReport';
      expect({ sub: response.subcategoryId, stillAsked }).toEqual({ sub: response.subcategoryId, stillAsked: response.action === 'signpost_elsewhere' });
    }
  });

  test('every tenure is in or out of scope as the pack says: out of scope is signposted, or asked about the perpetrator where the pack accepts that', () => {
    for (const tenure of pack.tenures) {
      const asked = answerUntil(toKind(policy, 'victim', 'harassment'), at('askingTenure'));
      const answered = step(asked.snapshot, pick(tenure.id));
      const next = pathOf(answered.snapshot);
      const expected = tenure.inScope ? 'flow.details.askingWhen' : pack.outOfScope.acceptWhenPerpetratorIsTenant ? 'flow.scope.askingIfPerpetratorRents' : 'flow.scope.outOfScope';
      expect({ tenure: tenure.id, next }).toEqual({ tenure: tenure.id, next: expected });
    }
  });

  test('the evidence app is offered where the pack asks for evidence, and nowhere else', () => {
    const asb = pack.categories.find((c) => c.kind === 'asb')!;
    for (const sub of asb.subcategories) {
      const response = pack.categoryResponses.find((r) => r.categoryId === asb.id && r.subcategoryId === sub.id);
      if (response?.action === 'signpost_elsewhere') continue;
      const evidence = answerUntil(drive([pick(sub.id)], toKind(policy, 'victim', 'asb')), at('askingEvidence'), (p) => (/askingTenure(_other)?$/.test(p) ? pick(inScope) : undefined));
      const offered = evidence.said.includes('intake:askingEvidence.noiseApp');
      expect({ sub: sub.id, offered }).toEqual({ sub: sub.id, offered: pack.evidenceApp !== undefined && response?.action === 'request_evidence' });
    }
  });

  test('OVH 3.7.3: the person harmed is asked the pack\'s matrix in its order and words, a witness the questions marked askWitness', () => {
    const asked = (role: string) => {
      const offered = answerUntil(toKind(policy, role, 'harassment'), at('offeringHarm'), (p) => (/askingTenure(_other)?$/.test(p) ? pick(inScope) : undefined));
      let current: Step = drive([pick('now')], offered);
      const keys: string[] = [];
      while (pathOf(current.snapshot) === 'flow.harm.askingHarm') {
        keys.push(promptOf(current.snapshot)!.key);
        current = step(current.snapshot, pick('no'));
      }
      return keys;
    };
    expect(asked('victim')).toEqual(pack.risk.matrix.questions.map(harmQuestionKey));
    expect(asked('witness')).toEqual(pack.risk.matrix.questions.filter((q) => q.askWitness).map(harmQuestionKey));
  });

  test('a whole domestic-abuse report, sent: a valid report the pack\'s own routing sends to its domestic-abuse team', () => {
    const sent = answerUntil(
      toKind(policy, 'victim', 'domestic_abuse'),
      (s) => effects(s.emitted).some((e) => e.kind === 'submitReport'),
      (p) => (/askingTenure(_other)?$/.test(p) ? pick(inScope) : p.endsWith('askingAge') ? pick('adult') : p.endsWith('askingAnonymity') ? pick('anonymous') : p.endsWith('reviewing') ? pick('send') : undefined),
    );
    const submit = effects(sent.emitted).find((e) => e.kind === 'submitReport');
    const report = reportDraftSchema.parse(submit?.kind === 'submitReport' ? submit.report : undefined);
    expect(report).toMatchObject({ landlordId: pack.id, tenure: inScope, incident: { categoryId: pack.categories.find((c) => c.kind === 'domestic_abuse')!.id } });
    const expectedTeam = pack.routing.rules.find((r) => r.teamId && r.when.categoryKinds?.includes('domestic_abuse'))?.teamId ?? pack.routing.defaultTeamId;
    const result = triage(report, pack, monday10am, { earlier: [] }, en);
    expect(result.teamId).toBe(expectedTeam);
    expect(['high', 'urgent']).toContain(result.priority);
  });
});
