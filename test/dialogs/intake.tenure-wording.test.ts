// The tenure question in the words of the person reading it: the person harmed is asked about "your home" and
// answers "I rent ..."; a witness is asked about the home of the person affected and answers "They rent ...".
import type { DialogEvent } from '../../dialogs/shared/contract';
import { createTranslations } from '../../src/conversation/i18n';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import { drive, pathOf, pick, promptOf, start } from './support/intake-harness';

const policy = toDialogPolicy(loadPolicyPack('one-vision-housing'));
const translations = createTranslations();

/** Not in danger, safe to talk (web chat), who is reporting, harassment not because of who they are: to the tenure question. */
const toTenure = (role: string) => drive([pick('no'), pick('yes'), pick(role), pick('harassment'), pick('no')] satisfies DialogEvent[], start('webchat', policy));

/** The question and its options as a reader of `lng` sees them. */
function asked(role: string, lng: string): { question: string; options: string[] } {
  const t = translations.tFor(lng);
  const at = toTenure(role);
  expect(pathOf(at.snapshot)).toMatch(/askingTenure(_other)?$/);
  const prompt = promptOf(at.snapshot)!;
  return { question: String(t(prompt.key)), options: (prompt.choices ?? []).map((c) => String(t(c.key))) };
}

test.each([
  ['en', 'Which best describes your home?', 'I rent from this housing association (social rent)', 'Which best describes the home of the person affected?', 'They rent from this housing association (social rent)'],
  ['cy', "Beth sy'n disgrifio'ch cartref orau?", /^Rwy'n rhentu/, "Beth sy'n disgrifio cartref y person yr effeithir arno orau?", /^Maen nhw'n rhentu/],
])('%s: the person harmed is asked about "your home", a witness about the home of the person affected', (lng, victimAsked, victimOption, witnessAsked, witnessOption) => {
  const victim = asked('victim', lng);
  expect(victim.question).toBe(victimAsked);
  expect(victim.options).toContainEqual(typeof victimOption === 'string' ? victimOption : expect.stringMatching(victimOption));
  const witness = asked('witness', lng);
  expect(witness.question).toBe(witnessAsked);
  expect(witness.options).toContainEqual(typeof witnessOption === 'string' ? witnessOption : expect.stringMatching(witnessOption));
  expect(witness.question).not.toBe(victim.question);
});
