// The slice of a policy pack that dialogs need (they take it as machine input and never see the pack).
import type { DialogPolicy } from '../../dialogs/shared/contract';
import type { PolicyPack } from './pack.schema';

export function toDialogPolicy(pack: PolicyPack): DialogPolicy {
  return {
    landlordId: pack.id,
    organisationName: pack.organisation.name,
    categories: pack.categories.map((c) => ({
      id: c.id,
      kind: c.kind,
      key: c.key,
      synonyms: c.synonyms,
      subcategories: c.subcategories.map((s) => ({ id: s.id, key: s.key, synonyms: s.synonyms })),
    })),
    hateMotivations: pack.hateMotivations.map(({ id, key }) => ({ id, key })),
    domesticAbuseForms: pack.domesticAbuseForms.map(({ id, key, helplineIds }) => ({ id, key, ...(helplineIds.length > 0 ? { helplineIds } : {}) })),
    tenures: pack.tenures.map(({ id, key, inScope }) => ({ id, key, keyOther: tenureKeyOther(key), inScope })),
    acceptOutOfScopeWhenPerpetratorIsTenant: pack.outOfScope.acceptWhenPerpetratorIsTenant,
    categoryResponses: pack.categoryResponses.map((r) => ({
      categoryId: r.categoryId,
      ...(r.subcategoryId !== undefined ? { subcategoryId: r.subcategoryId } : {}),
      key: r.key,
      helplineIds: r.helplineIds,
      action: r.action,
    })),
    ...(pack.supportOnFirstReport ? { supportOnFirstReportKey: pack.supportOnFirstReport.key } : {}),
    harmQuestions: pack.risk.matrix.questions.map(({ id, askWitness }) => ({ id, askWitness })),
    outOfScopeKey: pack.outOfScope.key,
    ...(pack.evidenceApp ? { evidenceApp: { name: pack.evidenceApp.name, url: pack.evidenceApp.url } } : {}),
  };
}

/** A tenure's label for a witness or someone reporting for another: `policy:tenure.x` is said as `policy:tenureOther.x`. */
function tenureKeyOther(key: string): string {
  return key.replace(/^policy:tenure\./, 'policy:tenureOther.');
}

/** Every i18n key a pack refers to, so a test can check that locales/en/policy.json has them all. */
export function packWordingKeys(pack: PolicyPack): string[] {
  return [
    ...pack.tenures.flatMap((t) => [t.key, tenureKeyOther(t.key)]),
    pack.outOfScope.key,
    ...pack.categories.flatMap((c) => [c.key, ...c.subcategories.map((s) => s.key)]),
    ...pack.hateMotivations.map((h) => h.key),
    ...pack.domesticAbuseForms.map((f) => f.key),
    ...pack.categoryResponses.map((r) => r.key),
    ...pack.teams.map((t) => t.key),
    ...pack.helplines.map((h) => h.key),
    ...pack.notices.map((n) => n.key),
    ...pack.outcomes.map((o) => o.key),
    ...(pack.supportOnFirstReport ? [pack.supportOnFirstReport.key] : []),
  ];
}
