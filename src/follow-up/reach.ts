// Reaching the person who reported, on our own initiative: which of their chosen ways is a text channel, which
// number or conversation it goes to, and the request the one outbound path decides on (their channels, safe
// times, someone else reading, STOP, the WhatsApp window). Used for officers' updates and the closing survey.
import { openCase, type CaseView } from '../cases/case-open';
import type { CaseRecord } from '../cases/case.repository';
import { discreetCase } from '../cases/case-intake';
import type { FieldCipher } from '../crypto/field-cipher';
import { contactHash, conversationKey, normaliseAddress } from '../crypto/keyed-hash';
import type { OutboundPrompt } from '../conversation/types';
import type { Outbound, SendOutcome, SendRequest } from '../outbound/outbound.service';

/** How the person who reported may be reached, from the case as the system reads it (never shown to staff here). */
export interface ReporterRoute {
  channels: string[];
  phone?: string;
  safeTimes?: string;
  codeWord?: string;
  someoneElseReads: boolean;
  /** They said someone else may read or see what we send (not only that it was not safe to talk then). */
  othersRead: boolean;
  voicemailOk: boolean;
}

/** A UK number as people write it ("07700 900123") in the international form Twilio needs. */
export function internationalNumber(phone: string): string {
  const digits = normaliseAddress(phone);
  return /^0\d{10}$/.test(digits) ? `+44${digits.slice(1)}` : digits;
}

export function reporterRoute(record: CaseRecord, cipher: FieldCipher): ReporterRoute {
  const view = openCase(record, cipher, { withIdentity: true });
  // Someone writing for another person is contacted on their own details; a victim or witness on the safe contact.
  const forSomeoneElse = view.reporter.role === 'third_party' || view.reporter.role === 'professional';
  const own: CaseView['reporter']['contact'] = forSomeoneElse ? view.reporter.contact : undefined;
  const safe = view.safeContact;
  const channels = (own?.channels ?? safe?.channels ?? []) as string[];
  const given = own?.phone ?? safe?.details?.phone;
  const phone = given && /\d{6}/.test(given.replace(/\D/g, '')) ? internationalNumber(given) : undefined;
  const safeTimes = own?.safeTimes ?? safe?.details?.safeTimes;
  const codeWord = own?.codeWord ?? safe?.details?.codeWord;
  // Discreet mode (docs/discreet-mode.md): yes or don't know to someone reading, or not safe to talk, at any point.
  const othersMayRead = record.safety.othersMayReadMessages;
  const othersRead = (own?.othersReadMessages ?? safe?.othersReadMessages) === true || othersMayRead === 'yes' || othersMayRead === 'dont_know';
  const someoneElseReads = othersRead || discreetCase(record);
  return {
    channels,
    ...(phone ? { phone } : {}),
    ...(safeTimes ? { safeTimes } : {}),
    ...(codeWord ? { codeWord } : {}),
    someoneElseReads,
    othersRead,
    voicemailOk: (own?.voicemailOk ?? safe?.voicemailOk) === true,
  };
}

/** The text channel to use: the one they reported on when they chose it, else the first text channel they chose. */
function channelFor(record: CaseRecord, route: ReporterRoute): 'sms' | 'whatsapp' {
  const reportedOn = record.channel === 'sms' || record.channel === 'whatsapp' ? record.channel : undefined;
  if (reportedOn && (route.channels.length === 0 || route.channels.includes(reportedOn))) return reportedOn;
  const chosen = route.channels.find((c): c is 'sms' | 'whatsapp' => c === 'sms' || c === 'whatsapp');
  return chosen ?? reportedOn ?? 'sms';
}

export interface Reached {
  outcome: SendOutcome;
  channel: 'sms' | 'whatsapp';
  /** The conversation a reply from them will arrive on. */
  conversationKey: string;
}

export function createReach(deps: { outbound: Outbound; cipher: FieldCipher; hashSecret: string }) {
  return {
    route: (record: CaseRecord) => reporterRoute(record, deps.cipher),

    /** One proactive message to the reporter of a case, decided on by the outbound path. */
    async send(record: CaseRecord, route: ReporterRoute, content: { prompts: OutboundPrompt[]; wordsOnly?: boolean } | { template: { name: string } }, ref?: string): Promise<Reached> {
      const channel = channelFor(record, route);
      const sameConversation = record.conversationKey !== undefined && record.channel === channel;
      const key = sameConversation ? record.conversationKey! : conversationKey(deps.hashSecret, channel, route.phone ?? `case:${record.id}`);
      const to = sameConversation || !route.phone ? undefined : { address: route.phone, contactHash: contactHash(deps.hashSecret, route.phone) };
      const request: SendRequest = {
        caseId: record.id,
        ...(ref ? { ref } : {}),
        channel,
        conversationKey: key,
        ...(to ? { to } : {}),
        safeContact: { channels: route.channels, someoneElseReads: route.someoneElseReads, ...(route.safeTimes ? { safeTimes: route.safeTimes } : {}) },
        ...content,
      };
      return { outcome: await deps.outbound.sendProactive(request), channel, conversationKey: key };
    },
  };
}

export type Reach = ReturnType<typeof createReach>;

/**
 * An officer's update in the reporter's words, with their code word when they chose one ("We will use it so you
 * know it is us"): `common:caseUpdate.message`, or `.messageCodeWord`. Never used for the neutral message.
 */
export function updateMessage(words: (locale: string, key: string, params: Record<string, string>) => string, locale: string, params: { organisation: string; reference: string; text: string }, codeWord: string | undefined): { key: string; text: string } {
  const key = codeWord ? 'common:caseUpdate.messageCodeWord' : 'common:caseUpdate.message';
  return { key, text: words(locale, key, { ...params, ...(codeWord ? { codeWord } : {}) }) };
}

/** Characters of an update's own words the code word takes from the two text messages it must fit in. */
export const codeWordCost = (codeWord: string | undefined): number => (codeWord ? codeWord.length + 12 : 0);
