// Limits on what one conversation and one address may send, set far above what a person typing or
// tapping does (a fast reporter sends a message every few seconds and a handful of photos), so that one
// client cannot slow everyone. Counted in this process; the address is req.ip, which believes
// X-Forwarded-For only from the proxies named in TRUST_PROXY.
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';

export interface WebChatLimits {
  messagesPerMinutePerConversation: number;
  messagesPerMinutePerAddress: number;
  /** Messages of more than LONG_MESSAGE_CHARS: a pasted statement or two, not a flood of them. */
  longMessagesPerTenMinutesPerConversation: number;
  longMessagesPerTenMinutesPerAddress: number;
  uploadsPerTenMinutesPerConversation: number;
  uploadsPerTenMinutesPerAddress: number;
}

export const DEFAULT_LIMITS: WebChatLimits = {
  messagesPerMinutePerConversation: 60,
  messagesPerMinutePerAddress: 300,
  longMessagesPerTenMinutesPerConversation: 10,
  longMessagesPerTenMinutesPerAddress: 30,
  uploadsPerTenMinutesPerConversation: 20,
  uploadsPerTenMinutesPerAddress: 60,
};

export const LONG_MESSAGE_CHARS = 1000;

const isLong = (body: unknown): boolean => {
  const text = (body as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' && text.length > LONG_MESSAGE_CHARS;
};

const limiter = (windowMs: number, limit: number, by: 'conversation' | 'address', reason: string, only?: (body: unknown) => boolean): RequestHandler =>
  rateLimit({
    windowMs,
    limit,
    ...(only ? { skip: (req) => !only(req.body) } : {}),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // X-Forwarded-For is believed only as TRUST_PROXY says; its presence otherwise is not a mistake here.
    validate: { xForwardedForHeader: false },
    ...(by === 'conversation' ? { keyGenerator: (req) => `conversation:${String(req.params['id'])}` } : {}),
    message: { error: { code: 'TooManyRequests', message: reason } },
  });

/** `messages` go before the body is read; `longMessages` after it (they look at the text's length). */
export function createLimiters(limits: WebChatLimits): { messages: RequestHandler[]; longMessages: RequestHandler[]; uploads: RequestHandler[] } {
  return {
    messages: [
      limiter(60_000, limits.messagesPerMinutePerAddress, 'address', 'too many messages from this address'),
      limiter(60_000, limits.messagesPerMinutePerConversation, 'conversation', 'too many messages in this conversation'),
    ],
    longMessages: [
      limiter(10 * 60_000, limits.longMessagesPerTenMinutesPerAddress, 'address', 'too many long messages from this address', isLong),
      limiter(10 * 60_000, limits.longMessagesPerTenMinutesPerConversation, 'conversation', 'too many long messages in this conversation', isLong),
    ],
    uploads: [
      limiter(10 * 60_000, limits.uploadsPerTenMinutesPerAddress, 'address', 'too many files from this address'),
      limiter(10 * 60_000, limits.uploadsPerTenMinutesPerConversation, 'conversation', 'too many files in this conversation'),
    ],
  };
}
