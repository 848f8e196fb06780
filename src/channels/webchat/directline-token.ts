// Direct Line tokens: HMAC-signed with the Direct Line secret, short-lived, bound to one conversation.
// A token is `base64url(json).base64url(hmac)`; nothing about the person is in it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_LIFETIME_SECONDS = 30 * 60;

export interface TokenClaims {
  /** The Direct Line conversation the token opens. */
  cid: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; status: 401 | 403; reason: 'missing' | 'malformed' | 'bad_signature' | 'expired' | 'other_conversation' };

const CONVERSATION_ID = /^[A-Za-z0-9_-]{16,64}$/;

export function newConversationId(): string {
  return randomBytes(18).toString('base64url');
}

/** A Direct Line activity id: its conversation, then a random part. */
export function activityId(conversationId: string): string {
  return `${conversationId}|${randomBytes(9).toString('base64url')}`;
}

export function isConversationId(value: string): boolean {
  return CONVERSATION_ID.test(value);
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`directline-token:${payload}`).digest('base64url');
}

export function signToken(secret: string, conversationId: string, now: Date, lifetimeSeconds = TOKEN_LIFETIME_SECONDS): string {
  const claims: TokenClaims = { cid: conversationId, exp: Math.floor(now.getTime() / 1000) + lifetimeSeconds };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** Checks a token; with `conversationId`, also that it is for that conversation. */
export function verifyToken(secret: string, token: string | undefined, now: Date, conversationId?: string): TokenCheck {
  if (!token) return { ok: false, status: 401, reason: 'missing' };
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, status: 401, reason: 'malformed' };
  const [payload, signature] = parts as [string, string];
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, status: 401, reason: 'bad_signature' };
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return { ok: false, status: 401, reason: 'malformed' };
  }
  if (typeof claims.cid !== 'string' || typeof claims.exp !== 'number' || !isConversationId(claims.cid)) return { ok: false, status: 401, reason: 'malformed' };
  // directlinejs treats 403 as "token expired" and stops; that is what it should do for both cases below.
  if (claims.exp * 1000 <= now.getTime()) return { ok: false, status: 403, reason: 'expired' };
  if (conversationId !== undefined && claims.cid !== conversationId) return { ok: false, status: 403, reason: 'other_conversation' };
  return { ok: true, claims };
}

/** The secret itself, as a landlord's server presents it to /tokens/generate (never sent to a browser). */
export function isSecret(secret: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = createHmac('sha256', 'cmp').update(secret).digest();
  const b = createHmac('sha256', 'cmp').update(given).digest();
  return timingSafeEqual(a, b);
}

export function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
