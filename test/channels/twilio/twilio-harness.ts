// Builds the Twilio channel against a real database, with signed requests made by twilio's own helper.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import twilio from 'twilio';
import { createTwilioClient, createTwilioSender } from '../../../src/channels/twilio/twilio-sender';
import { createTwilioRouter, type TwilioRouterDeps } from '../../../src/channels/twilio/twilio.routes';
import { loadConfig, type Config } from '../../../src/config';
import type { Database } from '../../../src/db/connection.mongo';
import { createMongoEvidenceStore } from '../../../src/evidence/evidence.mongo';
import { createApp } from '../../../src/http/app';
import { createOutbound, type CaseAlerts } from '../../../src/outbound/outbound.service';
import { createOutboundRepositories } from '../../../src/outbound/outbound.mongo';

export const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const PUBLIC_BASE_URL = 'https://reports.example.org';
export const NEW_MESSAGE_TEMPLATE = `HX${'b2'.repeat(16)}`;
export const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'twilio-test-')),
    PUBLIC_BASE_URL,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SMS_FROM: '+447700900000',
    TWILIO_WHATSAPP_FROM: 'whatsapp:+447700900001',
    TWILIO_WHATSAPP_TEMPLATES: JSON.stringify({ newMessage: NEW_MESSAGE_TEMPLATE }),
    ...overrides,
  });
}

/** A stand-in for the case service: open cases by contact hash, and the alerts staff would see. */
export function fakeCases(open: { id: string; contactHash: string; highRisk: boolean }[] = []) {
  const alerts: { caseId: string; type: string; detail: string }[] = [];
  const cases: CaseAlerts = {
    findOpenCasesByContactHash: async (hash) => open.filter((c) => c.contactHash === hash).map(({ id, highRisk }) => ({ id, highRisk })),
    addAlert: async (caseId, alert) => {
      alerts.push({ caseId, ...alert });
    },
  };
  return { cases, alerts, open };
}

export function buildChannel(
  database: Database,
  options: Partial<Pick<TwilioRouterDeps, 'handleTurn' | 'replyBudgetMs' | 'maxMediaBytes'>> & { cases?: CaseAlerts; now?: () => Date; env?: Record<string, string | undefined> } = {},
) {
  const config = testConfig(options.env);
  const logger = pino({ level: 'silent' });
  const twilioConfig = config.twilio!;
  const sender = createTwilioSender({ config: twilioConfig, publicBaseUrl: config.publicBaseUrl, client: createTwilioClient(twilioConfig, { keepAlive: false }) });
  const outbound = createOutbound({
    repositories: createOutboundRepositories(database.connection),
    sender,
    secrets: config.secrets,
    whatsappTemplates: twilioConfig.whatsappTemplates,
    organisationName: 'One Vision Housing',
    logger,
    ...(options.cases ? { cases: options.cases } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const evidence = createMongoEvidenceStore(database.connection, config.secrets);
  const handleTurn = options.handleTurn ?? (async () => ({ prompts: [], locale: 'en', ended: false, erased: false, duplicate: false }));
  const router = createTwilioRouter({
    config,
    handleTurn,
    // As the runtime would for this channel alone: the address and anything not on a case.
    forgetConversation: async (key) => {
      await outbound.forget(key);
      await evidence.deleteUnattached(key);
    },
    evidence,
    outbound,
    logger,
    ...(options.replyBudgetMs !== undefined ? { replyBudgetMs: options.replyBudgetMs } : {}),
    ...(options.maxMediaBytes !== undefined ? { maxMediaBytes: options.maxMediaBytes } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const app = createApp({ logger, isDatabaseReady: database.isReady, routes: [{ path: '/webhooks/twilio', router }] });
  return { app, config, outbound, evidence, ensureIndexes: async () => Promise.all([outbound.ensureIndexes(), evidence.ensureIndexes()]) };
}

export function signedPost(app: Parameters<typeof request>[0], urlPath: string, params: Record<string, string>, signature?: string | null) {
  const sig = signature === undefined ? twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_BASE_URL + urlPath, params) : signature;
  const req = request(app).post(urlPath).type('form').send(params);
  return sig === null ? req : req.set('X-Twilio-Signature', sig);
}

let counter = 0;
export function messageSid(): string {
  counter += 1;
  return `SM${counter.toString(16).padStart(32, '0')}`;
}

/** Plain text of every <Message> in a TwiML answer. */
export function messagesIn(twiml: string): string[] {
  return [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
    (m[1] ?? '').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
  );
}

/** Waits (without a time limit of its own) until a condition holds; the test timeout bounds it. */
export async function eventually(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}
