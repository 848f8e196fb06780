// The intake's words: every key it can show exists in every shipped language, every line is plain GSM-7
// (no emoji, no curly quotes), and every prompt, as an SMS with its numbered options, fits in two segments.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { PromptSpec } from '../../dialogs/shared/contract';
import { intakeMachine } from '../../dialogs/intake/intake.machine';
import { createTranslations } from '../../src/conversation/i18n';
import { keyLiteralsInSource, promptKeysOfMachine } from '../../src/conversation/prompt-keys';
import { render } from '../../src/conversation/prompts';
import { encodingOf, promptText, segmentCount } from '../../src/channels/twilio/render';
import { loadPolicyPack } from '../../src/policy/load';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { promptOf, reachableStates } from './support/intake-harness';

const i18n = createTranslations();
const t = i18n.tFor('en');
const reached = reachableStates();

function strings(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => strings(v, prefix ? `${prefix}.${k}` : k));
}

test('every key the intake can show or say exists in every shipped language', () => {
  const namespaces = new Set(i18n.namespaces('en'));
  const keys = [
    ...promptKeysOfMachine(intakeMachine),
    // Keys read from context (the matrix's questions, asked by one state).
    ...[...reached.values()].flatMap((snapshot) => promptOf(snapshot)?.key ?? []),
    ...keyLiteralsInSource(path.resolve(__dirname, '../../dialogs'), namespaces),
    ...[...reached.keys()].flatMap((state) => {
      const trail = reached.get(state)!.context.trail;
      const current = trail[trail.length - 1];
      return current ? [`intake:${current.split('_')[0]}.help`] : [];
    }),
  ];
  expect(keys.length).toBeGreaterThan(100);
  const missing = i18n.languages.flatMap((lng) => keys.filter((key) => !i18n.has(lng, key)).map((key) => `${lng}:${key}`));
  expect(missing).toEqual([]);
});

test('every line of intake wording is plain GSM-7 text: no emoji, no curly quotes', () => {
  const file = JSON.parse(readFileSync(path.resolve(__dirname, '../../locales/en/intake.json'), 'utf8')) as unknown;
  const notGsm = strings(file).filter(([, text]) => encodingOf(text) !== 'GSM-7' || /[\u2018\u2019\u201C\u201D]/.test(text));
  expect(notGsm).toEqual([]);
});

test('every question, sent as an SMS with its numbered options, fits in two GSM-7 segments', () => {
  const sizes: { state: string; segments: number; length: number }[] = [];
  for (const [state, snapshot] of reached) {
    const spec = promptOf(snapshot);
    if (!spec) continue;
    const text = promptText(render(t, spec));
    expect({ state, unrendered: /\$t\(|\{\{/.test(text) }).toEqual({ state, unrendered: false });
    sizes.push({ state, segments: segmentCount(text), length: text.length });
  }
  // Lines the dialog says, with realistic parameters.
  const lines: PromptSpec[] = [
    { key: 'intake:reviewing.summary', params: { roleKey: 'intake:role.third_party', categoryKey: 'policy:category.hateCrime', when: 'x'.repeat(40), where: 'y'.repeat(40), description: 'z'.repeat(80), anonymityKey: 'intake:askingAnonymity.confidential' } },
    { key: 'intake:submitted.contact', params: { teamKey: 'policy:team.neighbourhoodServices', due: '2026-11-24' } },
    { key: 'intake:submitted.noContact', params: { teamKey: 'policy:team.neighbourhoodServices' } },
    { key: 'intake:submitted.reference', params: { reference: 'OVH-2026-000123' } },
    { key: 'intake:askingEvidence.noiseApp', params: { app: 'The Noise App', url: 'https://www.thenoiseapp.com' } },
  ];
  lines.push({ ...lines[0]!, key: 'intake:reviewing.summaryAtHome' });
  for (const spec of lines) {
    const text = promptText(render(t, spec));
    expect({ key: spec.key, unrendered: /\$t\(|\{\{/.test(text) }).toEqual({ key: spec.key, unrendered: false });
    sizes.push({ state: spec.key, segments: segmentCount(text), length: text.length });
  }
  const longest = [...sizes].sort((a, b) => b.length - a.length)[0]!;
  console.log(`longest SMS: ${longest.state}, ${longest.length} characters, ${longest.segments} segment(s)`);
  expect(sizes.filter((s) => s.segments > 2)).toEqual([]);
});

describe.each(['one-vision-housing', 'seven-locks-housing'])('with the %s policy pack', (packId) => {
  const policy = toDialogPolicy(loadPolicyPack(packId));
  const states = reachableStates(policy);

  test('every state of the intake is reachable and every prompt and pack label exists in every language', () => {
    // These depend on what the pack has (subcategories, out-of-scope tenures, category responses).
    const packDependent = /askingSubcategory|askingIfPerpetratorRents|askingStillReport|outOfScope|closedWithAdvice|signposted/;
    expect([...reachableStates().keys()].filter((s) => !states.has(s) && !packDependent.test(s))).toEqual([]);
    const missing = [...states.values()].flatMap((snapshot) => {
      const spec = promptOf(snapshot);
      return spec ? [spec.key, ...(spec.choices ?? []).map((c) => c.key)].filter((key) => i18n.languages.some((lng) => !i18n.has(lng, key))) : [];
    });
    expect(missing).toEqual([]);
  });

  test('every question with the pack options fits in two SMS segments', () => {
    const over = [...states].flatMap(([state, snapshot]) => {
      const spec = promptOf(snapshot);
      if (!spec) return [];
      const text = promptText(render(t, spec));
      return segmentCount(text) > 2 ? [`${state}: ${text.length} chars, ${segmentCount(text)} segments`] : [];
    });
    expect(over).toEqual([]);
  });
});
