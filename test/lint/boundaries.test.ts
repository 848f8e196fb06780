// The layering of ARCHITECTURE.md is enforced by lint; these cases prove each rule fires where it should
// and stays quiet where the import is allowed.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

// ESLint loads its (ESM) flat config with a dynamic import, which jest's module sandbox cannot do, so the
// cases are linted in one plain node process with ESLint's own API.
const LINT_SCRIPT = `
const { ESLint } = require('eslint');
const cases = JSON.parse(process.argv[1]);
(async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const [file, code] of cases) {
    const [result] = await eslint.lintText(code, { filePath: require('path').join(process.cwd(), file) });
    out.push(result.messages.filter((m) => (m.ruleId || '').startsWith('no-restricted')).map((m) => m.message));
  }
  process.stdout.write(JSON.stringify(out));
})();`;

let lintedCases: [string, string][] = [];
let results: string[][] = [];
async function violations(file: string, code: string): Promise<string[]> {
  const at = lintedCases.findIndex(([f, c]) => f === file && c === code);
  return results[at] ?? ['(case was not linted)'];
}

const refused: [string, string, RegExp][] = [
    ['dialogs/intake/x.ts', "import { loadConfig } from '../../src/config';\nexport const a = loadConfig;", /must not import src/],
    ['dialogs/intake/x.ts', "import i18next from 'i18next';\nexport const a = i18next;", /pure/],
    ['src/cases/case.service2.ts', "import mongoose from 'mongoose';\nexport const a = mongoose;", /mongoose lives only/],
    ['src/conversation/y.ts', "import twilio from 'twilio';\nexport const a = twilio;", /twilio is imported only/],
    ['src/conversation/y.ts', "import { BotAdapter } from 'botbuilder';\nexport const a = BotAdapter;", /botbuilder is imported only/],
    ['src/channels/twilio/z.ts', "import { createWebChatRouter } from '../webchat/webchat.routes';\nexport const a = createWebChatRouter;", /No channel imports another/],
    ['src/channels/webchat/z.ts', "import { createTwilioRouter } from '../twilio/twilio.routes';\nexport const a = createTwilioRouter;", /No channel imports another/],
    ['src/cases/z.ts', 'export const port = process.env.PORT;', /Read configuration through src\/config/],
    ['src/conversation/interpret/z.ts', "import i18next from 'i18next';\nexport const a = i18next;", /interpret is pure/],
    ['src/conversation/interpret/z.ts', "import { shippedTranslations } from '../i18n';\nexport const a = shippedTranslations;", /reads only its own files/],
    ['src/staff/web/z.ts', "import { createWebChatRouter } from '../../channels/webchat/webchat.routes';\nexport const a = createWebChatRouter;", /does not import channels/],
    ['src/staff/web/z.ts', "import mongoose from 'mongoose';\nexport const a = mongoose;", /mongoose lives only/],
];
const allowed: [string, string][] = [
  ['src/conversation/interpret/z.ts', "import type { DialogPolicy } from '../../../dialogs/shared/contract';\nimport { wordsOf } from './text';\nexport type A = DialogPolicy;\nexport const a = wordsOf;"],
    ['src/cases/case.mongo.ts', "import mongoose from 'mongoose';\nexport const a = mongoose;"],
    ['src/channels/twilio/z.ts', "import twilio from 'twilio';\nexport const a = twilio;"],
    ['src/channels/webchat/z.ts', "import { BotAdapter } from 'botbuilder';\nexport const a = BotAdapter;"],
    ['src/config/z.ts', 'export const port = process.env.PORT;'],
    ['src/compose.ts', "import { createTwilioRouter } from './channels/twilio/twilio.routes';\nexport const a = createTwilioRouter;"],
    ['dialogs/intake/x.ts', "import { setup } from 'xstate';\nexport const a = setup;"],
];

beforeAll(() => {
  lintedCases = [...refused.map(([f, c]) => [f, c] as [string, string]), ...allowed];
  results = JSON.parse(execFileSync(process.execPath, ['-e', LINT_SCRIPT, JSON.stringify(lintedCases)], { cwd: root, encoding: 'utf8' })) as string[][];
}, 60000);

describe('import boundaries', () => {
  it.each(refused)('refuses %s: %s', async (file, code, message) => {
    expect(await violations(file, code)).toEqual([expect.stringMatching(message)]);
  });

  it.each(allowed)('allows %s', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
