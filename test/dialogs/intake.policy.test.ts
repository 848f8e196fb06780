// The intake's side of the landlords' policies (issue 15), with the bundled packs: what a reporter is asked and
// told because a clause says so. Each test name starts with the clause it proves (docs/policy-packs.md).
import type { DialogEvent, DialogPolicy } from '../../dialogs/shared/contract';
import { buildReport } from '../../dialogs/intake/intake.report';
import { triage } from '../../src/cases/triage';
import { createTranslations } from '../../src/conversation/i18n';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import { drive, pathOf, pick, promptOf, start } from './support/intake-harness';

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
