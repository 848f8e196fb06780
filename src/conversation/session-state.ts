// What a conversation keeps between turns: sealed at rest, restored into a running dialog, and written back as
// the next revision of its session record.
import type { ChannelKind, DialogDefinition, DialogInput } from '../../dialogs/shared/contract';
import type { Logger } from '../log/logger';
import type { TurnState } from './apply-message';
import { migrate, startActor, type LiveActor } from './dialog-actor';
import { errorCode } from './effects-runner';
import type { SessionRecord } from './session.mongo';

/** How many of a conversation's last replies are kept with it, to answer a repeated delivery the same way. */
export const RECENT_REPLIES = 10;

export interface Sealing {
  seal(plain: string): string;
  open(stored: string): string;
}

/**
 * Seals what a session holds at rest with the field cipher; without one (tests, the terminal chat) values are
 * plain JSON. Values written before a cipher was configured are still plain JSON or text, and open as they are.
 */
export function createSealing(cipher?: { encrypt(plain: string): string; decrypt(sealed: string): string }): Sealing {
  return {
    seal: (plain) => (cipher ? cipher.encrypt(plain) : plain),
    open: (stored) => {
      if (!cipher || /^[[{"]/.test(stored)) return stored;
      try {
        return cipher.decrypt(stored);
      } catch {
        return stored;
      }
    },
  };
}

/**
 * The stored conversation's dialog running again where it stopped (migrated if the dialog changed version), or
 * undefined when it cannot be (its dialog is gone, no migration, a snapshot that no longer fits): the caller
 * then starts again kindly, and the reason is logged without anything the person wrote.
 */
export function restoreDialog(
  live: SessionRecord,
  dialogs: ReadonlyMap<string, DialogDefinition>,
  input: DialogInput,
  open: (stored: string) => string,
  logger: Logger,
): { dialog: DialogDefinition; run: LiveActor } | undefined {
  try {
    const dialog = dialogs.get(live.dialogId);
    if (!dialog) throw new Error('dialog no longer registered');
    const persisted = JSON.parse(open(live.snapshot)) as unknown;
    const current = live.dialogVersion === dialog.version ? persisted : migrate(dialog, live.dialogVersion, persisted);
    if (current === undefined) throw new Error('no migration');
    return { dialog, run: startActor(dialog, input, current) };
  } catch (error) {
    logger.warn({ sessionId: live.sessionId, dialogId: live.dialogId, fromVersion: live.dialogVersion, err: { type: errorCode(error) } }, 'session could not be restored; starting again');
    return undefined;
  }
}

export interface NextRecordInput {
  conversationKey: string;
  state: TurnState;
  channel: ChannelKind;
  dialog: DialogDefinition;
  run: LiveActor;
  /** The session as loaded (any revision, even expired) and the live one (not expired), if any. */
  stored: SessionRecord | null;
  live: SessionRecord | null;
  /** A new conversation (none before, or started again this turn). */
  fresh: boolean;
  pageLocale: string | undefined;
  /** The SMS page of a long question just shown, if any. */
  shown: SessionRecord['smsPage'] | undefined;
  providerMessageId: string;
  /** This turn's reply, sealed. */
  reply: string;
  now: Date;
  expiryMs: number;
  seal: (plain: string) => string;
}

/** The session record this turn saves: the dialog's snapshot and the person's kept texts sealed, expiry renewed. */
export function nextSessionRecord(input: NextRecordInput): SessionRecord {
  const { state, stored, live, fresh, now, seal } = input;
  const pageLocale = input.pageLocale ?? live?.pageLocale;
  return {
    conversationKey: input.conversationKey,
    sessionId: state.sessionId,
    channel: input.channel,
    dialogId: input.dialog.id,
    dialogVersion: input.dialog.version,
    snapshot: seal(JSON.stringify(input.run.actor.getPersistedSnapshot())),
    locale: state.locale,
    ...(pageLocale ? { pageLocale } : {}),
    revision: (stored?.revision ?? 0) + 1,
    createdAt: fresh ? now : (live?.createdAt ?? now),
    lastActivityAt: now,
    expiresAt: new Date(now.getTime() + input.expiryMs),
    notUnderstoodCount: state.notUnderstood,
    unmatched: state.unmatched.map((u) => ({ text: u.sealed ?? seal(u.text), at: u.at })),
    pending: state.pending,
    ...(input.shown ? { smsPage: input.shown } : {}),
    recent: [...(stored && !fresh ? stored.recent : []), { providerMessageId: input.providerMessageId, reply: input.reply }].slice(-RECENT_REPLIES),
  };
}
