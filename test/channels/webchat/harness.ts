// A web chat endpoint on a real listening server (port 0) and the run's database, with a TurnHandler
// written for the test: it answers each message with a prompt that offers two choices.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import pino from 'pino';
import { createApp } from '../../../src/http/app';
import { createWebChatRouter, type WebChat, type WebChatDeps } from '../../../src/channels/webchat/webchat.routes';
import type { InboundMessage, TurnHandler, TurnResult } from '../../../src/conversation/types';
import { randomBytes } from 'node:crypto';
import { createFieldCipher } from '../../../src/crypto/field-cipher';
import { openTestDatabase } from '../../support/database';

export const SECRET = 'test-direct-line-secret-0123456789abcdef';

export interface Harness {
  base: string;
  db: Awaited<ReturnType<typeof openTestDatabase>>;
  server: http.Server;
  webchat: WebChat;
  turns: InboundMessage[];
  erasedSessions: string[];
  evidenceErased: string[];
  stored: { contentType: string; size: number; conversationKey: string }[];
  close(): Promise<void>;
}

/** Replies "You said: <text>" with Yes/No buttons; "exit" erases, "boom" fails. */
export const echoTurn =
  (turns: InboundMessage[]): TurnHandler =>
  async (message) => {
    turns.push(message);
    if (message.text === 'boom') throw new Error('turn failed');
    const erased = message.text.toLowerCase() === 'exit';
    const result: TurnResult = {
      prompts: [
        {
          key: 'test:reply.prompt',
          text: erased ? 'Chat deleted.' : message.text === '' ? 'Are you in immediate danger?' : `You said: ${message.text}`,
          ...(erased ? {} : { choiceLabels: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] }),
        },
      ],
      locale: 'en',
      ended: erased,
      erased,
      duplicate: false,
    };
    return result;
  };

export async function startHarness(overrides: Partial<WebChatDeps> = {}): Promise<Harness> {
  const db = await openTestDatabase();
  const turns: InboundMessage[] = [];
  const erasedSessions: string[] = [];
  const evidenceErased: string[] = [];
  const stored: Harness['stored'] = [];
  const logger = pino({ level: process.env['TEST_LOG'] ?? 'silent' });
  // As the composed app wires it: the runtime's one way to forget a conversation clears its transcripts (and
  // tells every open page) and its evidence, besides the session recorded here.
  const forget = async (key: string): Promise<void> => {
    erasedSessions.push(key);
    evidenceErased.push(key);
    await webchat.eraseByConversationKey(key);
  };
  const webchat: ReturnType<typeof createWebChatRouter> = createWebChatRouter({
    connection: db.connection,
    handleTurn: echoTurn(turns),
    secret: SECRET,
    hashSecret: 'test-hash-secret-0123456789abcdefghijkl',
    quickExitUrl: 'http://127.0.0.1:9/neutral',
    organisationName: 'Test Housing',
    publicBaseUrl: 'http://127.0.0.1',
    evidence: {
      put: async (input) => {
        stored.push({ contentType: input.contentType, size: input.data.length, conversationKey: input.conversationKey });
        return { id: `ev${stored.length}` };
      },
      deleteUnattached: async (key) => {
        evidenceErased.push(key);
      },
    },
    cipher: createFieldCipher(new Map([['k1', randomBytes(32)]]), 'k1'),
    eraseSession: forget,
    logger,
    ...overrides,
  });
  await webchat.ensureIndexes();
  const app = createApp({ logger, isDatabaseReady: async () => true, routes: [{ path: '/', router: webchat.router }] });
  const server = http.createServer(app);
  webchat.attachWebSocket(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    db,
    server,
    webchat,
    turns,
    erasedSessions,
    evidenceErased,
    stored,
    close: async () => {
      webchat.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.drop();
    },
  };
}
