// Every i18n key a dialog can show: state prompts, choice labels and examples read from the machine,
// plus `ns:key` string literals in the dialog's source (the keys it emits with `say`). Used by the test
// that fails on any key missing from a shipped locale.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AnyStateMachine } from 'xstate';
import type { PromptMeta } from '../../dialogs/shared/contract';

interface NodeLike {
  meta?: { prompt?: PromptMeta };
  states?: Record<string, NodeLike>;
}

export function promptKeysOfMachine(machine: AnyStateMachine): string[] {
  const keys = new Set<string>();
  const walk = (node: NodeLike): void => {
    const prompt = node.meta?.prompt;
    if (prompt) {
      // A key read from context (`keyFrom`) is the pack's: its words are checked with the pack.
      if (prompt.keyFrom === undefined) keys.add(prompt.key);
      if (prompt.exampleKey) keys.add(prompt.exampleKey);
      for (const choice of prompt.choices ?? []) keys.add(choice.key);
    }
    for (const child of Object.values(node.states ?? {})) walk(child);
  };
  walk(machine.root as unknown as NodeLike);
  return [...keys];
}

/** `'ns:some.key'` literals in .ts files under a folder (tests excluded), for namespaces we know. */
export function keyLiteralsInSource(dir: string, namespaces: Set<string>): string[] {
  const keys = new Set<string>();
  const visit = (p: string): void => {
    if (statSync(p).isDirectory()) {
      for (const entry of readdirSync(p)) visit(path.join(p, entry));
      return;
    }
    if (!p.endsWith('.ts') || p.endsWith('.test.ts')) return;
    const source = readFileSync(p, 'utf8');
    for (const match of source.matchAll(/['"`]([a-z][\w-]*):([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)*)['"`]/g)) {
      const [, ns, rest] = match;
      if (ns && rest && namespaces.has(ns)) keys.add(`${ns}:${rest}`);
    }
  };
  visit(dir);
  return [...keys];
}
