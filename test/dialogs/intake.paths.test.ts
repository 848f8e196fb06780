// Model-based tests over each sub-dialog of the intake (xstate/graph): every state can be reached, every
// waiting state has a prompt whose words exist in every shipped locale, and danger, self-harm, quick exit and
// a person work from every waiting state.
import { intakeMachine } from '../../dialogs/intake/intake.machine';
import { createTranslations } from '../../src/conversation/i18n';
import { effects, pathOf, promptOf, reachableStates, said, step } from './support/intake-harness';

const SECTIONS = ['safety', 'who', 'what', 'dash', 'referral', 'scope', 'details', 'harm', 'anonymity', 'safeContact', 'review'] as const;

const reached = reachableStates();

interface NodeLike {
  key: string;
  type: string;
  always?: unknown[];
  states: Record<string, NodeLike>;
  meta?: { prompt?: unknown };
}
/** Resting states of a section: not transient (`always`), not history, not the final hand-back. */
function restingStates(section: string): string[] {
  const out: string[] = [];
  const walk = (node: NodeLike, prefix: string) => {
    for (const child of Object.values(node.states)) {
      const path = `${prefix}.${child.key}`;
      if (Object.keys(child.states).length > 0) walk(child, path);
      else if (child.type !== 'history' && child.type !== 'final' && (child.always?.length ?? 0) === 0) out.push(path);
    }
  };
  walk((intakeMachine.root as unknown as NodeLike).states['flow']!.states[section]!, `flow.${section}`);
  return out;
}

const i18n = createTranslations();
const missing = (key: string) => i18n.languages.filter((lng) => !i18n.has(lng, key));

describe.each(SECTIONS)('the %s sub-dialog', (section) => {
  const states = restingStates(section);

  test('every state can be reached by some conversation', () => {
    expect(states.length).toBeGreaterThan(0);
    expect(states.filter((s) => !reached.has(s))).toEqual([]);
  });

  test('every waiting state asks something whose words exist in every language, with help', () => {
    for (const state of states) {
      const snapshot = reached.get(state)!;
      const spec = promptOf(snapshot);
      if (state.endsWith('submitting')) {
        expect(spec).toBeUndefined(); // waits for the saved case, asks nothing
        continue;
      }
      expect({ state, prompt: spec?.key }).toEqual({ state, prompt: expect.any(String) });
      const keys = [spec!.key, ...(spec!.choices ?? []).map((c) => c.key)];
      const help = step(snapshot, { type: 'user.help' });
      keys.push(...said(help.emitted));
      expect(said(help.emitted)[0]).toMatch(/^intake:.*\.help$/);
      expect({ state, missing: keys.flatMap(missing) }).toEqual({ state, missing: [] });
    }
  });

  test('immediate danger from every state gives 999 guidance first, keeps the words, then returns to the same question', () => {
    for (const state of states) {
      const snapshot = reached.get(state)!;
      const danger = step(snapshot, { type: 'user.danger', text: 'he is outside with a knife' });
      expect({ state, first: said(danger.emitted)[0] }).toEqual({ state, first: 'intake:danger.guidance' });
      const fields = danger.snapshot.context.fields;
      expect({ state, kept: fields['incident.description']?.endsWith('he is outside with a knife'), flagged: fields['safety.immediateDangerAtStart'] }).toEqual({ state, kept: true, flagged: true });
      const back = step(danger.snapshot, { type: 'user.message', text: '1', choice: 'carryOn' });
      // Danger in words answers "are you in danger?": once safe, the person goes on to the next safety question.
      const answersIt = state === 'flow.safety.askingDanger' || state === 'flow.safety.dangerAdvised';
      expect({ state, after: pathOf(back.snapshot) }).toEqual({ state, after: answersIt ? 'flow.safety.askingSafeToTalk' : state });
    }
  });

  test('self-harm from every state gets a kind word and free lines first, the offer of a person, then back to the same question', () => {
    for (const state of states) {
      const snapshot = reached.get(state)!;
      const support = step(snapshot, { type: 'user.selfHarm', text: 'i just want to die' });
      expect({ state, first: said(support.emitted)[0] }).toEqual({ state, first: 'intake:selfHarm.support' });
      const fields = support.snapshot.context.fields;
      expect({ state, kept: fields['incident.description']?.endsWith('i just want to die'), flagged: fields['safety.selfHarmDisclosed'] }).toEqual({ state, kept: true, flagged: true });
      // Getting safe comes first: with danger advised, the support is said and the safety advice stays.
      if (state === 'flow.safety.dangerAdvised') {
        expect(pathOf(support.snapshot)).toBe(state);
        continue;
      }
      expect({ state, offered: promptOf(support.snapshot)?.choices?.map((c) => c.id) }).toEqual({ state, offered: ['person', 'carryOn'] });
      const person = step(support.snapshot, { type: 'user.message', text: '1', choice: 'person' });
      expect({ state, effect: effects(person.emitted)[0]?.kind }).toEqual({ state, effect: 'handoff' });
      const back = step(support.snapshot, { type: 'user.message', text: '2', choice: 'carryOn' });
      expect({ state, after: pathOf(back.snapshot) }).toEqual({ state, after: state });
    }
  });

  test('quick exit from every state erases the conversation and ends it', () => {
    for (const state of states) {
      const exit = step(reached.get(state)!, { type: 'user.quickExit' });
      expect({ state, status: exit.snapshot.status, value: exit.snapshot.value }).toEqual({ state, status: 'done', value: 'exited' });
      expect(effects(exit.emitted)).toEqual([{ kind: 'erase', key: 'session-1:erase' }]);
    }
  });

  test('talk to a person from every state asks for a hand-off with what was gathered so far', () => {
    for (const state of states) {
      const handoff = step(reached.get(state)!, { type: 'user.handoff' });
      const [effect] = effects(handoff.emitted);
      expect({ state, kind: effect?.kind }).toEqual({ state, kind: 'handoff' });
      expect(effect?.kind === 'handoff' && effect.summary.landlordId).toBe('fixture-housing');
    }
  });
});

test('the interrupt states themselves are reached and worded in every language', () => {
  for (const state of ['inDanger', 'offeringSupport', 'waitingForPerson']) {
    const snapshot = reached.get(state);
    expect({ state, reached: snapshot !== undefined }).toEqual({ state, reached: true });
    const spec = promptOf(snapshot!);
    expect([spec!.key, ...(spec!.choices ?? []).map((c) => c.key)].flatMap(missing)).toEqual([]);
  }
  for (const end of ['exited', 'submitted', 'signposted', 'closedWithAdvice']) expect(reached.has(end)).toBe(true);
});
