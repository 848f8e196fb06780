// Carrier-reserved words on SMS and WhatsApp. STOP (and STOPALL, UNSUBSCRIBE, END, QUIT, CANCEL, REVOKE, OPTOUT)
// unsubscribes a person from every text, and HELP and INFO may be answered by the carrier: none of them may be
// an option a person is offered, or a word a person is told to send, anywhere in the intake on these channels.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createTranslations } from '../../src/conversation/i18n';
import { promptVariants, render } from '../../src/conversation/prompts';
import { promptText } from '../../src/channels/twilio/render';
import { loadPolicyPack } from '../../src/policy/load';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { promptOf, reachableOn } from './support/intake-harness';
import { fixturePolicy } from './fixtures/policy';

const RESERVED = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'END', 'QUIT', 'CANCEL', 'REVOKE', 'OPTOUT', 'HELP', 'INFO'];
const asWord = new RegExp(`\\b(${RESERVED.join('|')})\\b`, 'i');
const asInstruction = new RegExp(`\\b(send|reply|text|type|choose|pick|press|say|write)( with)? ["']?(${RESERVED.join('|')})\\b`, 'i');
const t = createTranslations().tFor('en');

describe.each(['sms', 'whatsapp'] as const)('on %s', (channel) => {
  test.each([
    ['the fixture pack', fixturePolicy],
    ['One Vision Housing', toDialogPolicy(loadPolicyPack('one-vision-housing'))],
    ['Seven Locks Housing', toDialogPolicy(loadPolicyPack('seven-locks-housing'))],
  ] as const)('with %s, no question offers a reserved word as an option or tells the person to send one', (_name, policy) => {
    const found: string[] = [];
    for (const [state, snapshot] of reachableOn(channel, policy)) {
      const spec = promptOf(snapshot);
      if (!spec) continue;
      const out = render(t, spec, promptVariants(channel));
      for (const label of out.choiceLabels ?? []) if (asWord.test(label.label)) found.push(`${state}: option "${label.label}"`);
      if (asInstruction.test(promptText(out))) found.push(`${state}: ${promptText(out)}`);
    }
    expect(found).toEqual([]);
  });

  test('no line the intake or the runtime can say, help included, tells the person to send a reserved word', () => {
    const lines = ['intake', 'common', 'risk', 'policy'].flatMap((ns) => {
      const file = JSON.parse(readFileSync(path.resolve(__dirname, `../../locales/en/${ns}.json`), 'utf8')) as unknown;
      const walk = (node: unknown, prefix: string): string[] =>
        typeof node === 'string' ? [prefix] : Array.isArray(node) ? [] : Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => walk(v, prefix ? `${prefix}.${k}` : k));
      return walk(file, '').filter((key) => !/_web$/.test(key)).map((key) => `${ns}:${key}`);
    });
    const telling = lines.map((key) => ({ key, text: render(t, { key }, promptVariants(channel)).text })).filter(({ text }) => asInstruction.test(text));
    expect(telling).toEqual([]);
  });
});
