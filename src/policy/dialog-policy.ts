// The slice of a policy pack that dialogs need (they take it as machine input and never see the pack).
import type { DialogPolicy } from '../../dialogs/shared/contract';
import type { Resource } from 'i18next';
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
    harmQuestions: pack.risk.matrix.questions.map((q) => ({ id: q.id, askWitness: q.askWitness, key: harmQuestionKey(q) })),
    outOfScopeKey: pack.outOfScope.key,
    ...(pack.evidenceApp ? { evidenceApp: { name: pack.evidenceApp.name, url: pack.evidenceApp.url } } : {}),
  };
}

/** The wording of a matrix question: the intake's (`risk:harm.<id>`) or the landlord's own, from the pack (`pack:harm.<id>`). */
export function harmQuestionKey(question: PolicyPack['risk']['matrix']['questions'][number]): string {
  return question.text === undefined ? `risk:harm.${question.id}` : `pack:harm.${question.id}`;
}

/**
 * The words a pack brings with it, as i18n resources by language (the `pack` namespace): its own matrix questions.
 * The composition root adds them to the translations, so they are said and shown like any other words.
 */
export function packWords(pack: PolicyPack): Resource {
  const words: Record<string, { pack: { harm: Record<string, string> } }> = {};
  for (const q of pack.risk.matrix.questions) {
    for (const [lng, text] of Object.entries(q.text ?? {})) (words[lng] ??= { pack: { harm: {} } }).pack.harm[q.id] = text;
  }
  return words;
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
