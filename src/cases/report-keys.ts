// Keys that find earlier reports about the same victim, problem or place without reading every case: keyed
// hashes (never the words) of the person harmed's contact and name, of the place, and of who is causing it.
// Only what a report says about the person harmed counts as the victim: a referrer's own contact does not (a
// MARAC coordinator's unrelated referrals are not one victim). An anonymous report gives no victim keys:
// nothing stored may lead back to its sender.
import { createHmac } from 'node:crypto';
import type { ReportDraft, SafeContact } from '../../dialogs/shared/report';
import { normaliseAddress } from '../crypto/keyed-hash';
import type { EarlierReport, MatchedOn } from './repeats';

export interface ReportKey {
  key: string;
  matchedOn: MatchedOn;
}

/** Earlier reports found by key, and this report's keys recorded once it is stored. Implemented in *.mongo.ts. */
export interface ReportKeyStore {
  ensureIndexes(): Promise<void>;
  /** Reports with any of these keys since `since`, one entry per case, with what they matched on. */
  findEarlier(keys: readonly ReportKey[], since: Date): Promise<EarlierReport[]>;
  /** Idempotent: recording the same case's keys twice changes nothing. */
  record(caseId: string, at: Date, keys: readonly ReportKey[], marac: boolean): Promise<void>;
  /** Removes the keys of purged cases. */
  forget(caseIds: readonly string[]): Promise<void>;
}

// Words that say where or who without telling places or people apart.
const FILLER = new Set(['a', 'an', 'the', 'at', 'on', 'in', 'by', 'of', 'near', 'outside', 'opposite', 'behind', 'next', 'to', 'my', 'our', 'their', 'his', 'her', 'from', 'and', 'road', 'street', 'st', 'rd']);
const POSTCODE = /\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})\b/i;

/** "Outside the shops, Mill Road" and "mill road shops" → "mill shops"; a postcode when there is one. */
export function normalisePlace(text: string): string | undefined {
  const postcode = POSTCODE.exec(text);
  if (postcode) return `postcode ${postcode[1]!.toUpperCase()} ${postcode[2]!.toUpperCase()}`;
  const words = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(' ').filter((w) => w !== '' && !FILLER.has(w));
  // One word ("home", "outside") does not tell one place from another.
  return words.length >= 2 ? [...new Set(words)].sort().join(' ') : undefined;
}

const contactsOf = (c: SafeContact | undefined) => [c?.phone, c?.email].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
// A phone number or email address written in free text ("text 07700 900123 after 6").
const ADDRESS_IN_TEXT = /[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d\s-]{8,}\d/g;

export function reportKeys(report: ReportDraft, secret: string, senderAddress?: string): ReportKey[] {
  const hash = (kind: string, value: string) => createHmac('sha256', secret).update(`report-key:${kind}:${value}`).digest('base64url');
  const keys = new Map<string, ReportKey>();
  const add = (matchedOn: MatchedOn, value: string | undefined) => {
    if (value === undefined || value === '') return;
    const key = hash(matchedOn, value);
    keys.set(key, { key, matchedOn });
  };
  const atHome = report.incident.where?.atReporterHome === true;
  const place = atHome || !report.incident.where ? undefined : normalisePlace(report.incident.where.text);
  add('place', place);

  const anonymous = report.anonymity === 'anonymous';
  const forSomeoneElse = report.reporter.role === 'third_party' || report.reporter.role === 'professional';
  let victimName: string | undefined;
  if (!anonymous && forSomeoneElse && report.victim) {
    const v = report.victim;
    const written = [v.contact?.safeTimes ?? '', v.person?.address ?? ''].join(' ').match(ADDRESS_IN_TEXT) ?? [];
    for (const address of [...contactsOf(v.contact), ...written]) add('victim', normaliseAddress(address));
    victimName = v.person?.name;
  } else if (!anonymous && report.reporter.role === 'victim') {
    for (const address of [senderAddress, ...contactsOf(report.safeContact), ...contactsOf(report.reporter.contact)]) {
      if (address) add('victim', normaliseAddress(address));
    }
    victimName = report.reporter.person?.name;
  }
  // A name tells people apart only together with where they are.
  const name = victimName?.toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  if (name && place) add('victim', `${name}|${place}`);

  const who = report.perpetrator.description ? normalisePlace(report.perpetrator.description) : undefined;
  // "The man at number 12" is one problem only in one place or for one victim.
  if (who && place) add('problem', `${who}|${place}`);
  return [...keys.values()];
}
