// Triage of a report made by a child or young person (docs/children-and-young-people.md): a child-safeguarding
// flag and the reason staff read, for both packs; harmed at home, urgent.
import { loadPolicyPack } from '../../src/policy/load';
import { triage } from '../../src/cases/triage';
import { createTranslations } from '../../src/conversation/i18n';
import { draft } from './support/drafts';

const monday10am = new Date('2026-11-23T10:00:00Z');
const en = { t: createTranslations().tFor('en') };
const abuseAtHome = { incident: { categoryId: 'domesticAbuse', domesticAbuseForms: ['physical'] } };

describe.each([['one-vision-housing'], ['seven-locks-housing']])('%s', (packId) => {
  const pack = loadPolicyPack(packId);

  test('under 16: child safeguarding, Childline given, no adult Dash; harmed at home, urgent', () => {
    const result = triage(draft({ ...abuseAtHome, reporter: { role: 'victim', ageBand: 'under16' } }, packId), pack, monday10am, { earlier: [] }, en);
    expect(result.flags.childSafeguarding).toBe(true);
    expect(result.priority).toBe('urgent');
    expect(result.reasons.map((r) => r.text).join('\n')).toMatch(/under 16: a child\. Follow child safeguarding procedures.*Childline \(0800 1111\).*not asked the adult Dash/);
    expect(result.disposition).toBe('case');
  });

  test('16 or 17: child safeguarding too, with the young people\'s approach named for staff', () => {
    const result = triage(draft({ ...abuseAtHome, reporter: { role: 'witness', ageBand: '16to17' } }, packId), pack, monday10am, { earlier: [] }, en);
    expect(result.flags.childSafeguarding).toBe(true);
    expect(result.priority).toBe('urgent');
    expect(result.reasons.map((r) => r.text).join('\n')).toMatch(/16 or 17: a young person\..*young people's Dash checklist, not the adult one/);
  });

  test('an adult, or someone who did not say, raises no child-safeguarding flag', () => {
    for (const ageBand of ['adult', 'not_said', undefined] as const) {
      const result = triage(draft({ ...abuseAtHome, reporter: { role: 'victim', ...(ageBand ? { ageBand } : {}) } }, packId), pack, monday10am, { earlier: [] }, en);
      expect(result.flags.childSafeguarding).toBe(false);
    }
  });
});
