// Keyed hashes of sender addresses: a conversation (and a case's contact) can be found again from the
// address the next message comes from, without the raw address being stored where it must not be.
import { createHmac } from 'node:crypto';

/** Normalises an address so that the same person hashes the same way ("whatsapp:+44 7700…" → "+447700…"). */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim().toLowerCase().replace(/^(whatsapp|sms|tel):/, '');
  if (/^\+?[\d\s().-]+$/.test(trimmed)) return trimmed.replace(/[^\d+]/g, '');
  return trimmed;
}

/** Hash for one channel's conversation with one address (SMS and WhatsApp from one phone are two conversations). */
export function conversationKey(secret: string, channel: string, address: string): string {
  return createHmac('sha256', secret).update(`conv:${channel}:${normaliseAddress(address)}`).digest('base64url');
}

/** Hash of a contact address regardless of channel, for "is this number on an open case?". */
export function contactHash(secret: string, address: string): string {
  return createHmac('sha256', secret).update(`contact:${normaliseAddress(address)}`).digest('base64url');
}
