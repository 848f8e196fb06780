// The intake through the real conversation runtime and the file's own test database, with stand-in effects, for
// the understanding tests; and a conversation stored waiting at a question, as the runtime stores one.
import pino from 'pino';
import { dialogs } from '../../../dialogs';
import { intakeMachine, INTAKE_DIALOG_VERSION } from '../../../dialogs/intake/intake.machine';
import type { ChannelKind } from '../../../dialogs/shared/contract';
import type { EffectPorts } from '../../../src/conversation/effects';
import { shippedTranslations } from '../../../src/conversation/i18n';
import { createConversationRuntime, type ConversationRuntime } from '../../../src/conversation/runtime';
import { createConversationStores, type ConversationStores } from '../../../src/conversation/stores.mongo';
import { openTestDatabase } from '../../support/database';
import { forgetRecording } from '../../support/forget';
import type { IntakeSnapshot } from '../../dialogs/support/intake-harness';
import { policy } from './evaluate';

export interface IntakeRuntime {
  runtime: ConversationRuntime;
  stores: ConversationStores;
}

/**
 * The runtime started on a new database before the tests of the file (or describe block), handed to `started`,
 * and stopped with its database dropped after them; `effects` replaces any of the stand-in effects.
 */
export function useIntakeRuntime(started: (intake: IntakeRuntime) => void, effects: Partial<EffectPorts> = {}): void {
  let db: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
  let runtime: ConversationRuntime | undefined;
  beforeAll(async () => {
    db = await openTestDatabase();
    const stores = createConversationStores(db.connection);
    runtime = createConversationRuntime({
      stores,
      forget: forgetRecording(stores),
      dialogs,
      defaultDialogId: 'intake',
      dialogPolicy: policy,
      effects: {
        submitReport: async () => ({ reference: 'R-1', teamKey: 'policy:team.communitySafety', contactable: true, helplineIds: [] }),
        openUrgentCase: async () => ({ reference: 'R-1' }),
        requestHandoff: async () => ({ expectedReply: 'in_hours' }),
        ...effects,
      },
      i18n: shippedTranslations(),
      session: { idleMinutes: 30, expiryHours: 72 },
      logger: pino({ level: 'silent' }),
    });
    await runtime.ensureIndexes();
    started({ runtime, stores });
  });
  afterAll(async () => {
    await runtime?.stop();
    await db?.drop();
  });
}

/** Stores a conversation in English waiting at this intake state, begun `at`, as the runtime stores one. */
export async function storeWaitingAt(stores: ConversationStores, snapshot: IntakeSnapshot, session: { conversationKey: string; sessionId: string; channel: ChannelKind; at: Date }): Promise<void> {
  const { at, ...keys } = session;
  await stores.sessions.insert({
    ...keys,
    dialogId: 'intake',
    dialogVersion: INTAKE_DIALOG_VERSION,
    snapshot: JSON.stringify(intakeMachine.getPersistedSnapshot(snapshot)),
    locale: 'en',
    revision: 1,
    createdAt: at,
    lastActivityAt: at,
    expiresAt: new Date(at.getTime() + 3_600_000),
    notUnderstoodCount: 0,
    unmatched: [],
    pending: null,
    recent: [],
  });
}
