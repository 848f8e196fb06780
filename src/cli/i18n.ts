// Translations against English (docs/translation.md):
//   npm run i18n:check [-- <lng> …]        each language's missing, extra, stale and unstamped keys, placeholders
//                                            and plural forms that differ, tier 1 strings awaiting sign-off;
//                                            exits 1 when a key is missing or extra or a placeholder or plural differs
//   npm run i18n:stamp -- <lng> [<key> …]    records the English each string was translated from: with keys, those
//                                            (after translating them again); without, only strings never recorded
//   npm run i18n:sign-off -- <lng> --by "<name, qualification>" <key or pattern> …
//                                            a qualified translator's sign-off of tier 1 strings as they stand
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findUp } from '../channels/webchat/page';
import { byLanguageOrder } from '../conversation/i18n';
import { englishHashes, isTier1, readMeta, translationStatus, type LanguageStatus } from '../conversation/translation-status';

// `--locales <dir>` checks another catalogue (the tests' own); by default the shipped one.
const argv = process.argv.slice(2);
const at = argv.indexOf('--locales');
const localesDir = at >= 0 && argv[at + 1] ? path.resolve(argv.splice(at, 2)[1]!) : (findUp('locales') ?? path.resolve('locales'));
const languages = readdirSync(localesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'en' && !d.name.startsWith('_'))
  .map((d) => d.name)
  .sort(byLanguageOrder);

function writeMeta(language: string, change: (meta: ReturnType<typeof readMeta>) => void): void {
  const meta = readMeta(localesDir, language);
  change(meta);
  const sorted = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  const body = {
    _readme: 'The English each string was translated from (a hash), and tier 1 sign-offs. Written by npm run i18n:stamp and i18n:sign-off; see docs/translation.md.',
    source: sorted(meta.source),
    signedOff: sorted(meta.signedOff),
  };
  writeFileSync(path.join(localesDir, language, '_meta.json'), `${JSON.stringify(body, null, 2)}\n`);
}

let all = false;

function report(status: LanguageStatus): boolean {
  const problems: [string, string[]][] = [
    ['missing', status.missing],
    ['extra', status.extra],
    ['placeholders differ', status.placeholders],
    ['plural forms', status.plurals],
    ['stale (English changed)', status.stale],
    ['unstamped', status.unstamped],
  ];
  console.log(`${status.language}: ${status.strings} strings; tier 1: ${status.tier1.length}, awaiting sign-off: ${status.awaitingSignOff.length}`);
  for (const [label, keys] of problems) {
    if (keys.length === 0) continue;
    const shown = all ? keys : keys.slice(0, 12);
    const more = keys.length > shown.length ? `\n    … and ${keys.length - shown.length} more (--all lists them)` : '';
    console.log(`  ${label} (${keys.length}):\n${shown.map((k) => `    ${k}`).join('\n')}${more}`);
  }
  return status.missing.length + status.extra.length + status.placeholders.length + status.plurals.length === 0;
}

function main(argv: string[]): number {
  all = argv.includes('--all');
  const [command, ...args] = argv.filter((a) => a !== '--all');
  if (command === 'check') {
    const chosen = args.length > 0 ? args : languages;
    const results = chosen.map((lng) => report(translationStatus(localesDir, lng)));
    return results.every(Boolean) ? 0 : 1;
  }
  const language = args[0];
  if (!language || !languages.includes(language)) {
    console.error(`Which language? One of: ${languages.join(', ')}`);
    return 2;
  }
  const hashes = englishHashes(localesDir);
  const status = translationStatus(localesDir, language);
  if (command === 'stamp') {
    const keys = args.slice(1);
    const chosen = keys.length > 0 ? keys : status.unstamped;
    const unknown = chosen.filter((k) => !hashes.has(k));
    if (unknown.length > 0) {
      console.error(`Not English keys: ${unknown.join(', ')}`);
      return 2;
    }
    const present = chosen.filter((k) => !status.missing.includes(k));
    writeMeta(language, (meta) => present.forEach((k) => (meta.source[k] = hashes.get(k)!)));
    console.log(`${language}: recorded the English of ${present.length} strings`);
    return 0;
  }
  if (command === 'sign-off') {
    const by = args[args.indexOf('--by') + 1];
    const patterns = args.slice(1).filter((a, i, all) => a !== '--by' && all[i - 1] !== '--by');
    if (!args.includes('--by') || !by || patterns.length === 0) {
      console.error('Usage: npm run i18n:sign-off -- <lng> --by "<name, qualification>" <key or pattern> …');
      return 2;
    }
    const on = new Date().toISOString().slice(0, 10);
    const keys = status.tier1.filter((k) => isTier1(k, patterns) && !status.missing.includes(k) && !status.stale.includes(k) && !status.unstamped.includes(k));
    writeMeta(language, (meta) => keys.forEach((k) => (meta.signedOff[k] = { by, on, source: hashes.get(k)! })));
    console.log(`${language}: ${keys.length} tier 1 strings signed off by ${by}`);
    return 0;
  }
  console.error('Usage: npm run i18n:check | i18n:stamp -- <lng> [keys] | i18n:sign-off -- <lng> --by "<name>" <keys>');
  return 2;
}

process.exitCode = main(argv);
