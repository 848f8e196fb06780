// Pick-several questions (hate motivations, forms of abuse, safe ways to contact), model-based over every
// such state xstate/graph reaches with each real pack: the list never changes between picks, so a number
// keeps its meaning for the whole question; several picks at once are all recorded; and what was recorded is
// read back in words after each pick.
import { currentPromptMeta } from '../../src/conversation/prompts';
import { loadPolicyPack } from '../../src/policy/load';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { pathOf, promptOf, reachableStates, step, type IntakeSnapshot } from './support/intake-harness';
import { fixturePolicy } from './fixtures/policy';

const FIELD: Record<string, 'incident.hateMotivations' | 'incident.domesticAbuseForms' | 'contact.channels'> = {
  askingMotivation: 'incident.hateMotivations',
  askingMoreMotivations: 'incident.hateMotivations',
  askingAbuseForm: 'incident.domesticAbuseForms',
  askingMoreAbuseForms: 'incident.domesticAbuseForms',
  askingContactChannel: 'contact.channels',
  askingMoreChannels: 'contact.channels',
};

const packs = [
  ['the fixture pack', fixturePolicy],
  ['One Vision Housing', toDialogPolicy(loadPolicyPack('one-vision-housing'))],
  ['Seven Locks Housing', toDialogPolicy(loadPolicyPack('seven-locks-housing'))],
] as const;

describe.each(packs)('with %s', (_name, policy) => {
  const several = [...reachableStates(policy)].filter(([, s]) => currentPromptMeta(s)?.several === true);
  const ids = (s: IntakeSnapshot) => (promptOf(s)?.choices ?? []).map((c) => c.id);
  const picks = (s: IntakeSnapshot) => ids(s).filter((id) => id !== 'done');

  test('every pick-several question is reached', () => {
    expect(new Set(several.map(([path]) => path.split('.').at(-1)))).toEqual(new Set(Object.keys(FIELD)));
  });

  test.each(several.map(([path, s]) => [path, s] as const))('%s: numbers keep their meaning, several at once are kept, and read back', (path, snapshot) => {
    const field = FIELD[path.split('.').at(-1)!]!;
    const before = ids(snapshot);
    const list = picks(snapshot);
    const [first, last] = [list[0]!, list[list.length - 1]!];
    // "1 and <last>": both recorded, both read back, and the next question offers the same list in the same order.
    const both = step(snapshot, { type: 'user.message', text: `1 and ${list.length}`, choice: first, choices: [first, last] });
    expect(both.snapshot.context.fields[field]).toEqual(expect.arrayContaining([first, last]));
    const readBack = both.emitted.find((e) => e.type === 'say' && e.prompt.key === 'intake:picked.readBack');
    expect(readBack?.type === 'say' && readBack.prompt.lists?.['picked']).toEqual(expect.arrayContaining(snapshot.context[choicesOf(field)].filter((c) => c.id === first || c.id === last).map((c) => c.key)));
    if (both.snapshot.status === 'active' && promptOf(both.snapshot)) {
      const after = picks(both.snapshot);
      expect({ path, after }).toEqual({ path, after: list });
      // The number typed next means what it meant on the first list.
      const second = list[1];
      if (second !== undefined && pathOf(both.snapshot).includes('askingMore')) {
        const next = step(both.snapshot, { type: 'user.message', text: '2', choice: second });
        expect(next.snapshot.context.fields[field]).toEqual(expect.arrayContaining([first, last, second]));
      }
    }
    expect(before.slice(0, list.length)).toEqual(list);
  });
});

function choicesOf(field: string): 'motivationChoices' | 'abuseFormChoices' | 'channelChoices' {
  return field === 'incident.hateMotivations' ? 'motivationChoices' : field === 'incident.domesticAbuseForms' ? 'abuseFormChoices' : 'channelChoices';
}
