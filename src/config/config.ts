// Turns the environment into a typed, checked Config. The only module that reads process.env.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { envSchema, type Env } from './env.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface Secrets {
  /** keyId → 32-byte key; `activeKeyId` encrypts new data, the others still decrypt old data. */
  encryptionKeys: Map<string, Buffer>;
  activeKeyId: string;
  /** Keys the conversation hash of a sender address, so the raw address is not needed to find a session. */
  hashSecret: string;
  directLineSecret: string;
  /** Signs staff console session cookies. */
  staffSessionSecret: string;
}

export interface StaffConsoleConfig {
  idleMinutes: number;
  maxHours: number;
  rolesFile: string | undefined;
  localSignIn: boolean;
  assetsDir: string;
  entra: { tenantId: string; clientId: string; clientSecret: string; authority: string; redirectUri: string } | undefined;
}

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  publicBaseUrl: string;
  mongodbUri: string | undefined;
  mongodbDbName: string;
  dataDir: string;
  toolsDir: string;
  policyPack: string;
  logLevel: Env['LOG_LEVEL'];
  shutdownTimeoutMs: number;
  /** Express's `trust proxy`: whose X-Forwarded-For is believed (false: nobody's). */
  trustProxy: false | number | string;
  secrets: Secrets;
  session: { idleMinutes: number; expiryHours: number };
  /** Working hours before a deadline that the console is alerted (then again when it passes). */
  deadlineAlertWorkingHours?: number;
  staff: StaffConsoleConfig;
  twilio:
    | {
        accountSid: string;
        authToken: string;
        messagingServiceSid: string | undefined;
        smsFrom: string | undefined;
        whatsappFrom: string | undefined;
        whatsappTemplates: Record<string, string>;
      }
    | undefined;
  botFramework: { appId: string; appPassword: string | undefined; tenantId: string | undefined; appType: Env['MICROSOFT_APP_TYPE'] } | undefined;
  embeddedDbFallback: boolean;
  /** Why a channel is off, for one log line each at start-up. */
  disabledChannels: { channel: string; reason: string }[];
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const key = issue.path.join('.') || '(environment)';
    return `${key}: ${issue.message}`;
  });
}

function parseKeys(spec: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(',')) {
    const [id, b64] = part.split(':') as [string, string];
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new ConfigError([`ENCRYPTION_KEYS: key "${id}" is not 32 bytes`]);
    keys.set(id, key);
  }
  return keys;
}

interface StoredSecrets {
  encryptionKeys: string;
  hashSecret: string;
  directLineSecret: string;
  staffSessionSecret: string;
}

/** Development and test only: secrets made once and kept beside the data, so a restart can still read it. */
function localSecrets(dataDir: string): StoredSecrets {
  const file = path.join(dataDir, 'secrets.json');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredSecrets>) : {};
  const made: StoredSecrets = {
    encryptionKeys: kept.encryptionKeys ?? `local1:${randomBytes(32).toString('base64')}`,
    hashSecret: kept.hashSecret ?? randomBytes(32).toString('base64url'),
    directLineSecret: kept.directLineSecret ?? randomBytes(32).toString('base64url'),
    // Added later than the others: an older secrets.json gains it and keeps the rest.
    staffSessionSecret: kept.staffSessionSecret ?? randomBytes(32).toString('base64url'),
  };
  if (Object.keys(kept).length !== Object.keys(made).length) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(made, null, 2), { mode: 0o600 });
  }
  return made;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  const env = parsed.data;
  const problems: string[] = [];

  const production = env.NODE_ENV === 'production';
  if (production) {
    for (const key of ['ENCRYPTION_KEYS', 'HASH_SECRET', 'DIRECTLINE_SECRET', 'STAFF_SESSION_SECRET', 'PUBLIC_BASE_URL'] as const) {
      if (!env[key]) problems.push(`${key}: required when NODE_ENV=production`);
    }
  }
  const twilioHalf = Boolean(env.TWILIO_ACCOUNT_SID) !== Boolean(env.TWILIO_AUTH_TOKEN);
  const entraKeys = [env.ENTRA_TENANT_ID, env.ENTRA_CLIENT_ID, env.ENTRA_CLIENT_SECRET].filter(Boolean).length;
  if (entraKeys !== 0 && entraKeys !== 3) problems.push('ENTRA_TENANT_ID, ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET: set all three or none');
  if (!env.STAFF_LOCAL_SIGN_IN && entraKeys !== 3) problems.push('STAFF_LOCAL_SIGN_IN: false needs Entra ID configured, or nobody could sign in');
  if (twilioHalf) problems.push('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: set both or neither');
  let whatsappTemplates: Record<string, string> = {};
  if (env.TWILIO_WHATSAPP_TEMPLATES) {
    const templates = z.record(z.string(), z.string().regex(/^HX[0-9a-fA-F]{32}$/)).safeParse(safeJson(env.TWILIO_WHATSAPP_TEMPLATES));
    if (templates.success) whatsappTemplates = templates.data;
    else problems.push('TWILIO_WHATSAPP_TEMPLATES: must be JSON like {"newMessage":"HX..."} (content SIDs)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(env.DATA_DIR);
  const stored = production ? undefined : localSecrets(dataDir);
  const keySpec = env.ENCRYPTION_KEYS ?? stored?.encryptionKeys ?? '';
  const encryptionKeys = parseKeys(keySpec);
  const activeKeyId = keySpec.split(':')[0] ?? '';

  const disabledChannels: Config['disabledChannels'] = [];
  if (!env.TWILIO_ACCOUNT_SID) {
    disabledChannels.push({ channel: 'sms', reason: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set' });
    disabledChannels.push({ channel: 'whatsapp', reason: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set' });
  } else if (!env.TWILIO_WHATSAPP_FROM && !env.TWILIO_MESSAGING_SERVICE_SID) {
    disabledChannels.push({ channel: 'whatsapp', reason: 'TWILIO_WHATSAPP_FROM or TWILIO_MESSAGING_SERVICE_SID is not set' });
  }
  if (!env.MICROSOFT_APP_ID) {
    disabledChannels.push({ channel: 'azure-bot-service', reason: 'MICROSOFT_APP_ID is not set' });
  }

  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    mongodbUri: env.MONGODB_URI,
    mongodbDbName: env.MONGODB_DB_NAME,
    dataDir,
    toolsDir: path.resolve(env.TOOLS_DIR),
    policyPack: env.POLICY_PACK,
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    trustProxy: env.TRUST_PROXY === 'false' ? false : /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY,
    secrets: {
      encryptionKeys,
      activeKeyId,
      hashSecret: env.HASH_SECRET ?? stored?.hashSecret ?? '',
      directLineSecret: env.DIRECTLINE_SECRET ?? stored?.directLineSecret ?? '',
      staffSessionSecret: env.STAFF_SESSION_SECRET ?? stored?.staffSessionSecret ?? '',
    },
    session: { idleMinutes: env.SESSION_IDLE_MINUTES, expiryHours: env.SESSION_EXPIRY_HOURS },
    deadlineAlertWorkingHours: env.DEADLINE_ALERT_WORKING_HOURS,
    staff: {
      idleMinutes: env.STAFF_SESSION_IDLE_MINUTES,
      maxHours: env.STAFF_SESSION_MAX_HOURS,
      rolesFile: env.STAFF_ROLES_FILE ? path.resolve(env.STAFF_ROLES_FILE) : undefined,
      localSignIn: env.STAFF_LOCAL_SIGN_IN,
      assetsDir: path.resolve(env.STAFF_ASSETS_DIR),
      entra:
        env.ENTRA_TENANT_ID && env.ENTRA_CLIENT_ID && env.ENTRA_CLIENT_SECRET
          ? {
              tenantId: env.ENTRA_TENANT_ID,
              clientId: env.ENTRA_CLIENT_ID,
              clientSecret: env.ENTRA_CLIENT_SECRET,
              authority: env.ENTRA_AUTHORITY,
              redirectUri: `${(env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '')}/staff/sign-in/entra/callback`,
            }
          : undefined,
    },
    twilio:
      env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
        ? {
            accountSid: env.TWILIO_ACCOUNT_SID,
            authToken: env.TWILIO_AUTH_TOKEN,
            messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
            smsFrom: env.TWILIO_SMS_FROM,
            whatsappFrom: env.TWILIO_WHATSAPP_FROM,
            whatsappTemplates,
          }
        : undefined,
    botFramework: env.MICROSOFT_APP_ID
      ? {
          appId: env.MICROSOFT_APP_ID,
          appPassword: env.MICROSOFT_APP_PASSWORD,
          tenantId: env.MICROSOFT_APP_TENANT_ID,
          appType: env.MICROSOFT_APP_TYPE,
        }
      : undefined,
    embeddedDbFallback: env.EMBEDDED_DB_FALLBACK,
    disabledChannels,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The PATH of the process, for finding tools such as `java` and `mvn`; kept here because only config reads the environment. */
export function processPath(): string {
  return process.env['PATH'] ?? '';
}

/** Environment handed to a child process we start (the embedded database), minus our own secrets. */
export function childEnv(): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'JAVA_HOME', 'MAVEN_OPTS', 'MAVEN_ARGS', 'TMPDIR', 'LANG']) {
    const value = process.env[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
