// What the runtime needs from every registered dialog: a version, no timers (an `after` is not re-armed
// when a snapshot is restored, so someone coming back would find it never fired), no invoked actors.
import { dialogs } from '../../dialogs/index';
import { fixtureDialog } from '../support/fixture-dialogs';

interface NodeLike {
  id: string;
  after: unknown[];
  invoke: unknown[];
  states: Record<string, NodeLike>;
}

function walk(node: NodeLike, visit: (n: NodeLike) => void): void {
  visit(node);
  for (const child of Object.values(node.states)) walk(child, visit);
}

test.each([...dialogs, fixtureDialog].map((d) => [d.id, d] as const))('%s: versioned, no timers, no invoked actors', (_id, dialog) => {
  expect(Number.isInteger(dialog.version) && dialog.version >= 1).toBe(true);
  for (const migration of dialog.migrations ?? []) expect(migration.from).toBeLessThan(dialog.version);
  const timed: string[] = [];
  const invoking: string[] = [];
  walk(dialog.machine.root as unknown as NodeLike, (node) => {
    if (node.after.length > 0) timed.push(node.id);
    if (node.invoke.length > 0) invoking.push(node.id);
  });
  expect(timed).toEqual([]);
  expect(invoking).toEqual([]);
});

test('the runtime can find the main intake dialog', () => {
  expect(dialogs.map((d) => d.id)).toContain('intake');
});
