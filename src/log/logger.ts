// Structured logs with personal data removed before anything is written. Reporters' words, numbers,
// names, addresses and emails must never reach a log line; redaction here is the last line of defence,
// not an excuse to log request bodies.
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys that may carry personal data, wherever they appear (two levels deep, which is how we log). */
const SENSITIVE_KEYS = [
  'body', 'Body', 'text', 'message', 'From', 'To', 'from', 'to', 'phone', 'phoneNumber', 'email', 'name',
  'firstName', 'lastName', 'address', 'postcode', 'MediaUrl0', 'ProfileName', 'WaId', 'authorization',
  'cookie', 'token', 'password', 'codeWord', 'description', 'whatHappened', 'contact',
];

const REDACT_PATHS = [
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((k) => `*.${k}`),
  ...SENSITIVE_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
];

export function createLogger(options: { level: string; destination?: DestinationStream; pretty?: boolean }): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'safe-report' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (options.destination) return pino(base, options.destination);
  return pino(base);
}

/** Only the path of a URL: query strings can carry phone numbers and tokens. */
export function safeUrlPath(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
