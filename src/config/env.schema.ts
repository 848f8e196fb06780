// The one description of the service's environment. Every key here is documented in .env.example;
// test/config/env-example.test.ts keeps the two in step.
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  MONGODB_URI: optionalText.pipe(z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional()),
  MONGODB_DB_NAME: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, - and _ only').default('safe_report'),
  DATA_DIR: z.string().min(1).default('./var'),
  TOOLS_DIR: z.string().min(1).default('./.tools'),
  POLICY_PACK: z.string().min(1).default('one-vision-housing'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60000).default(10000),
  // Which proxies in front of the service are believed about the client's address (X-Forwarded-For):
  // false (none), a number of hops, or a comma list of loopback / uniquelocal / linklocal / addresses / CIDRs.
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(false|\d{1,2}|((loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?))*))$/, 'false, a number of hops, or a comma list of loopback, uniquelocal, linklocal, addresses or CIDRs')
    .default('false'),

  // Secrets. In development they are generated once into DATA_DIR/secrets.json; production must set them.
  ENCRYPTION_KEYS: optionalText.pipe(
    z
      .string()
      .regex(/^([A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44})(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44})*$/, 'a comma list of keyId:base64(32 bytes); the first is used for new data')
      .optional(),
  ),
  HASH_SECRET: optionalText.pipe(z.string().min(32, 'at least 32 characters').optional()),
  DIRECTLINE_SECRET: optionalText.pipe(z.string().min(32, 'at least 32 characters').optional()),

  // Conversations.
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_EXPIRY_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(72),
  // Deadlines that speak: how many working hours before a case's deadline the console is alerted.
  DEADLINE_ALERT_WORKING_HOURS: z.coerce.number().int().min(1).max(40).default(4),

  // Twilio (SMS and WhatsApp). Without the account SID and auth token both channels are switched off.
  TWILIO_ACCOUNT_SID: optionalText.pipe(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'looks like AC followed by 32 hex digits').optional()),
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_MESSAGING_SERVICE_SID: optionalText.pipe(z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'looks like MG followed by 32 hex digits').optional()),
  TWILIO_SMS_FROM: optionalText,
  TWILIO_WHATSAPP_FROM: optionalText,
  TWILIO_WHATSAPP_TEMPLATES: optionalText,

  // Azure Bot Service (/api/messages). Without an app id the endpoint is switched off.
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),

  // Staff console (/staff).
  STAFF_SESSION_SECRET: optionalText.pipe(z.string().min(32, 'at least 32 characters').optional()),
  STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(240).default(30),
  STAFF_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(10),
  STAFF_ROLES_FILE: optionalText,
  STAFF_LOCAL_SIGN_IN: boolean.default(true),
  STAFF_ASSETS_DIR: z.string().min(1).default('./.cache/staff'),
  ENTRA_TENANT_ID: optionalText.pipe(z.string().regex(/^[0-9a-fA-F-]{36}$/, 'the directory (tenant) id, a GUID').optional()),
  ENTRA_CLIENT_ID: optionalText,
  ENTRA_CLIENT_SECRET: optionalText,
  ENTRA_AUTHORITY: z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com'),

  // Embedded database behaviour.
  EMBEDDED_DB_FALLBACK: boolean.default(true),
});

export type Env = z.infer<typeof envSchema>;
