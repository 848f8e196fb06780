// The same triage behaviour for every landlord: both bundled packs and a fictional third one with other
// category, subcategory, tenure and team ids and other thresholds (test/policy/fixtures/riverside-homes.json),
// loaded from a path as a landlord's own pack would be. Nothing here may depend on One Vision's or Seven
// Locks' ids: each table reads them from the pack by kind.
import path from 'node:path';
import { DASH_QUESTION_IDS } from '../../dialogs/shared/risk-instruments';
import { triage } from '../../src/cases/triage';
import { createTranslations } from '../../src/conversation/i18n';
import { loadPolicyPack } from '../../src/policy/load';
import type { CategoryKind, PolicyPack } from '../../src/policy/pack.schema';
import { draft, type DraftOverrides } from './support/drafts';

const packs = [
  loadPolicyPack('one-vision-housing'),
  loadPolicyPack('seven-locks-housing'),
  loadPolicyPack(path.resolve(__dirname, '../policy/fixtures/riverside-homes.json')),
];
const monday10am = new Date('2026-11-23T10:00:00Z');
const en = { t: createTranslations().tFor('en') };

/** The pack's own ids, found by kind and by what a subcategory is about. */
function idsOf(pack: PolicyPack) {
  const of = (kind: CategoryKind) => pack.categories.find((c) => c.kind === kind)!.id;
  const asb = pack.categories.find((c) => c.kind === 'asb')!;
  const drugs = pack.categoryResponses.find((r) => r.action === 'pass_to_police_as_intelligence' || r.helplineIds.includes('crimestoppers'));
  return {
    asb: asb.id,
    hate: of('hate_crime'),
    harassment: of('harassment'),
    abuse: of('domestic_abuse'),
    drugs: drugs?.subcategoryId,
    inScope: pack.tenures.find((t) => t.inScope)!.id,
  };
}

function run(pack: PolicyPack, report: (ids: ReturnType<typeof idsOf>) => DraftOverrides, earlier: { at: Date; matchedOn: ('victim' | 'place' | 'problem')[]; marac: boolean }[] = []) {
  const ids = idsOf(pack);
  const base: DraftOverrides = { incident: { categoryId: ids.asb }, tenure: ids.inScope };
  return triage(draft({ ...base, ...report(ids) }, pack.id), pack, monday10am, { earlier }, en);
}
const yes = (n: number) => Object.fromEntries(DASH_QUESTION_IDS.map((id, i) => [id, i < n ? ('yes' as const) : ('no' as const)]));

describe.each(packs.map((p) => [p.organisation.name, p] as const))('%s', (_name, pack) => {
  it('domestic abuse is at least high priority, with the domestic abuse helpline', () => {
    const result = run(pack, (ids) => ({ incident: { categoryId: ids.abuse } }));
    expect(['high', 'urgent']).toContain(result.priority);
    expect(result.helplineIds).toContain('nationalDomesticAbuseHelpline');
  });

  it("visible high risk on the pack's own count is MARAC and urgent; one below is not", () => {
    const at = pack.risk.marac.visibleHighRiskYesCount;
    expect(run(pack, (ids) => ({ incident: { categoryId: ids.abuse }, risk: { dash: { answers: yes(at), completed: true } } }))).toMatchObject({ priority: 'urgent', flags: { marac: true } });
    expect(run(pack, (ids) => ({ incident: { categoryId: ids.abuse }, risk: { dash: { answers: yes(at - 1), completed: true } } })).flags.marac).toBe(false);
  });

  it("medium Dash risk starts at the pack's band", () => {
    const at = pack.risk.dashMediumYesCount;
    expect(run(pack, (ids) => ({ incident: { categoryId: ids.abuse }, risk: { dash: { answers: yes(at), completed: true } } })).risk.dash?.level).toBe('medium');
    expect(run(pack, (ids) => ({ incident: { categoryId: ids.abuse }, risk: { dash: { answers: yes(at - 1), completed: true } } })).risk.dash?.level).toBe('standard');
  });

  it("potential escalation at the pack's call-out threshold", () => {
    const n = pack.risk.marac.potentialEscalation.policeCallOutsAtLeast;
    expect(run(pack, (ids) => ({ incident: { categoryId: ids.abuse }, risk: { policeCallOuts: n } })).flags.maracCriteria).toEqual(['potentialEscalation']);
    expect(run(pack, (ids) => ({ incident: { categoryId: ids.abuse }, risk: { policeCallOuts: n - 1 } })).flags.maracCriteria).toEqual([]);
  });

  it('strangulation is urgent and named, whatever the count', () => {
    const result = run(pack, (ids) => ({ incident: { categoryId: ids.abuse }, risk: { dash: { answers: { strangulation: 'yes' }, completed: false } } }));
    expect(result.priority).toBe('urgent');
    expect(result.flags.riskIndicators).toEqual(['strangulation']);
  });

  it('hate grounds given in any category make it a hate incident, prioritised', () => {
    for (const category of ['asb', 'harassment'] as const) {
      const result = run(pack, (ids) => ({ incident: { categoryId: ids[category], hateMotivations: [pack.hateMotivations[0]!.id] } }));
      expect(result.risk.hateIncident).toBe(true);
      expect(result.priority).toBe('high');
    }
  });

  it('urgent is due before high, and high no later than normal', () => {
    const due = (report: (ids: ReturnType<typeof idsOf>) => DraftOverrides) => run(pack, report).firstResponseDue!.getTime();
    const urgent = due(() => ({ safety: { immediateDangerAtStart: true } }));
    const high = due((ids) => ({ incident: { categoryId: ids.abuse } }));
    const normal = due(() => ({}));
    expect(urgent).toBeLessThan(high);
    expect(high).toBeLessThanOrEqual(normal);
  });

  it("repeat victim and Community Trigger follow the pack's counts and windows", () => {
    const within = (months: number) => new Date(monday10am.getTime() - months * 15 * 86_400_000);
    const victim = (n: number, months: number) => Array.from({ length: n }, () => ({ at: within(months), matchedOn: ['victim' as const], marac: false }));
    const prior = pack.repeatVictim.priorReportsAtLeast;
    expect(run(pack, () => ({}), victim(prior, pack.repeatVictim.windowMonths)).flags.repeatVictim).toBe(true);
    expect(run(pack, () => ({}), victim(prior - 1, pack.repeatVictim.windowMonths)).flags.repeatVictim).toBe(false);
    const trigger = pack.communityTrigger.reportsAtLeast - 1;
    expect(run(pack, () => ({}), victim(trigger, pack.communityTrigger.windowMonths)).noticeKeys).toContain('policy:notice.caseReview');
    expect(run(pack, () => ({}), victim(trigger - 1, pack.communityTrigger.windowMonths)).flags.communityTriggerCandidate).toBe(false);
  });

  it('drugs information: police and Crimestoppers given', () => {
    const result = run(pack, (ids) => ({ incident: { categoryId: ids.asb, subcategoryId: ids.drugs } }));
    expect(result.helplineIds).toEqual(expect.arrayContaining(['police101', 'crimestoppers']));
  });

  it('FGM is a child-safeguarding concern', () => {
    expect(run(pack, (ids) => ({ incident: { categoryId: ids.abuse, domesticAbuseForms: ['fgm'] } })).flags.childAtRisk).toBe(true);
  });

  it('an anonymous case still has a deadline to act by', () => {
    expect(run(pack, () => ({ anonymity: 'anonymous' })).deadlines?.firstResponse.to).toBe('none');
  });
});
