// Storage for the outbound path: where to reply (encrypted address and the WhatsApp window), who has opted
// out (by contact hash), and every message we sent with its delivery status.
import { Schema, type Connection } from 'mongoose';
import type { OutboundChannel } from './message-sender';
import { deleteInBatches, ensureIndexes, modelFor } from '../db/store.mongo';

export type DeliveryStatus = 'refused' | 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered';

/** Later states never go back to earlier ones, whatever order Twilio's callbacks arrive in. */
export const STATUS_RANK: Record<DeliveryStatus, number> = {
  refused: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  failed: 4,
  undelivered: 4,
  read: 5,
};

export interface ContactRecord {
  conversationKey: string;
  channel: OutboundChannel;
  contactHash: string;
  /** The raw address, sealed with the field cipher (`v1:<keyId>:…`). */
  address: string;
  lastInboundAt: Date;
  /** Discreet mode (docs/discreet-mode.md): someone else may read these messages; only neutral words may go. */
  discreet?: boolean;
}

export interface OptOutRecord {
  contactHash: string;
  optedOut: boolean;
  keyword: string;
  changedAt: Date;
}

export interface OutboundMessageRecord {
  id: string;
  providerMessageId?: string;
  caseId?: string;
  channel: OutboundChannel;
  conversationKey: string;
  kind: 'reply' | 'proactive';
  template?: string;
  status: DeliveryStatus;
  statusRank: number;
  errorCode?: number;
  refusedReason?: string;
  /** What the message belongs to (an officer's update: its id), when the sender said. */
  ref?: string;
  createdAt: Date;
  updatedAt: Date;
}

type ContactDoc = { _id: string; channel: OutboundChannel; contactHash: string; address: string; lastInboundAt: Date; discreet?: boolean };
type OptOutDoc = { _id: string; optedOut: boolean; keyword: string; changedAt: Date };
type MessageDoc = Omit<OutboundMessageRecord, 'id'> & { _id: string };
type ReplyDoc = { _id: string; conversationKey: string; kind: WebhookAnswer['kind']; refusedMedia?: number; createdAt: Date };

const contactSchema = new Schema<ContactDoc>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    contactHash: { type: String, required: true, index: true },
    address: { type: String, required: true },
    lastInboundAt: { type: Date, required: true, index: true },
    discreet: { type: Boolean },
  },
  { collection: 'outbound_contacts', versionKey: false },
);

const optOutSchema = new Schema<OptOutDoc>(
  {
    _id: { type: String, required: true },
    optedOut: { type: Boolean, required: true },
    keyword: { type: String, required: true },
    changedAt: { type: Date, required: true },
  },
  { collection: 'outbound_opt_outs', versionKey: false },
);

const messageSchema = new Schema<MessageDoc>(
  {
    _id: { type: String, required: true },
    providerMessageId: { type: String },
    caseId: { type: String },
    channel: { type: String, required: true },
    conversationKey: { type: String, required: true },
    kind: { type: String, required: true },
    template: { type: String },
    status: { type: String, required: true },
    statusRank: { type: Number, required: true },
    errorCode: { type: Number },
    refusedReason: { type: String },
    ref: { type: String },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'outbound_messages', versionKey: false },
);
messageSchema.index({ providerMessageId: 1 });
messageSchema.index({ caseId: 1, createdAt: -1 });
messageSchema.index({ conversationKey: 1, createdAt: -1 });

/**
 * How a Twilio message was answered, so a retry of the same MessageSid gets the same answer without doing
 * the work again. Only the kind of answer is kept, never its words: a turn's words are rebuilt from the
 * conversation's own (sealed) dedupe record, and the fixed answers come from locales.
 */
export type WebhookAnswer = { kind: 'turn'; refusedMedia: number } | { kind: 'optOut' | 'optIn' | 'slow' };

const replySchema = new Schema<ReplyDoc>(
  {
    _id: { type: String, required: true },
    conversationKey: { type: String, required: true, index: true },
    kind: { type: String, required: true },
    refusedMedia: { type: Number },
    createdAt: { type: Date, required: true, index: true },
  },
  { collection: 'outbound_webhook_replies', versionKey: false },
);

export interface OutboundRepositories {
  ensureIndexes(): Promise<void>;
  contacts: {
    upsert(record: ContactRecord): Promise<void>;
    find(conversationKey: string): Promise<ContactRecord | undefined>;
    /** From now on only neutral words go to this conversation (kept through later upserts; gone with the contact). */
    markDiscreet(conversationKey: string): Promise<void>;
    remove(conversationKey: string): Promise<void>;
    /** Addresses of people who have not written since `before`. */
    removeIdleSince(before: Date): Promise<number>;
  };
  optOuts: {
    set(contactHash: string, optedOut: boolean, keyword: string, at: Date): Promise<void>;
    isOptedOut(contactHash: string): Promise<boolean>;
  };
  messages: {
    insert(record: OutboundMessageRecord): Promise<void>;
    /** Moves a message forward (never back); returns the record after the update, or undefined if unknown. */
    advance(providerMessageId: string, status: DeliveryStatus, errorCode: number | undefined, at: Date): Promise<OutboundMessageRecord | undefined>;
    listForConversation(conversationKey: string): Promise<OutboundMessageRecord[]>;
    listForCase(caseId: string): Promise<OutboundMessageRecord[]>;
    /** Retention: the delivery records of cases that are gone. */
    removeForCases(caseIds: string[]): Promise<number>;
    /** Quick exit: replies to this conversation that belong to no case. */
    removeRepliesForConversation(conversationKey: string): Promise<number>;
  };
  replies: {
    find(messageSid: string): Promise<WebhookAnswer | undefined>;
    /** First writer wins; a retry that raced us keeps the stored answer. */
    save(messageSid: string, conversationKey: string, answer: WebhookAnswer, at: Date): Promise<void>;
    /** Quick exit: the bot's words to this person go too. */
    removeForConversation(conversationKey: string): Promise<void>;
    removeOlderThan(before: Date): Promise<number>;
  };
}

function toMessage(doc: MessageDoc): OutboundMessageRecord {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

export function createOutboundRepositories(connection: Connection): OutboundRepositories {
  const Contact = modelFor<ContactDoc>(connection, 'OutboundContact', contactSchema);
  const OptOut = modelFor<OptOutDoc>(connection, 'OutboundOptOut', optOutSchema);
  const Message = modelFor<MessageDoc>(connection, 'OutboundMessage', messageSchema);
  const Reply = modelFor<ReplyDoc>(connection, 'OutboundWebhookReply', replySchema);

  return {
    ensureIndexes: () => ensureIndexes(Contact, OptOut, Message, Reply),
    contacts: {
      async upsert(record) {
        await Contact.updateOne(
          { _id: record.conversationKey },
          { $set: { channel: record.channel, contactHash: record.contactHash, address: record.address, lastInboundAt: record.lastInboundAt } },
          { upsert: true },
        );
      },
      async find(conversationKey) {
        const doc = await Contact.findById(conversationKey).lean<ContactDoc>();
        if (!doc) return undefined;
        return { conversationKey: doc._id, channel: doc.channel, contactHash: doc.contactHash, address: doc.address, lastInboundAt: doc.lastInboundAt, ...(doc.discreet === true ? { discreet: true } : {}) };
      },
      async markDiscreet(conversationKey) {
        await Contact.updateOne({ _id: conversationKey }, { $set: { discreet: true } });
      },
      async remove(conversationKey) {
        await Contact.deleteOne({ _id: conversationKey });
      },
      removeIdleSince: (before) => deleteInBatches(Contact.collection, { lastInboundAt: { $lt: before } }),
    },
    optOuts: {
      async set(contactHash, optedOut, keyword, at) {
        await OptOut.updateOne({ _id: contactHash }, { $set: { optedOut, keyword, changedAt: at } }, { upsert: true });
      },
      async isOptedOut(contactHash) {
        const doc = await OptOut.findById(contactHash).lean<OptOutDoc>();
        return doc?.optedOut === true;
      },
    },
    messages: {
      async insert(record) {
        const { id, ...rest } = record;
        await Message.create({ _id: id, ...rest });
      },
      async advance(providerMessageId, status, errorCode, at) {
        const rank = STATUS_RANK[status];
        const set: Partial<MessageDoc> = { status, statusRank: rank, updatedAt: at };
        if (errorCode !== undefined) set.errorCode = errorCode;
        // One conditional update: only a later status moves the record, whatever order callbacks arrive in.
        await Message.updateOne({ providerMessageId, statusRank: { $lt: rank } }, { $set: set });
        const doc = await Message.findOne({ providerMessageId }).lean<MessageDoc>();
        return doc ? toMessage(doc) : undefined;
      },
      async listForConversation(conversationKey) {
        const docs = await Message.find({ conversationKey }).sort({ createdAt: 1 }).lean<MessageDoc[]>();
        return docs.map(toMessage);
      },
      async listForCase(caseId) {
        const docs = await Message.find({ caseId }).sort({ createdAt: 1 }).lean<MessageDoc[]>();
        return docs.map(toMessage);
      },
      async removeRepliesForConversation(conversationKey) {
        return (await Message.deleteMany({ conversationKey, caseId: { $exists: false } })).deletedCount;
      },
      async removeForCases(caseIds) {
        if (caseIds.length === 0) return 0;
        return (await Message.deleteMany({ caseId: { $in: caseIds } })).deletedCount;
      },
    },
    replies: {
      async find(messageSid) {
        const doc = await Reply.findById(messageSid).lean<ReplyDoc>();
        if (!doc) return undefined;
        return doc.kind === 'turn' ? { kind: 'turn', refusedMedia: doc.refusedMedia ?? 0 } : { kind: doc.kind };
      },
      async save(messageSid, conversationKey, answer, at) {
        const fields = { conversationKey, kind: answer.kind, ...(answer.kind === 'turn' ? { refusedMedia: answer.refusedMedia } : {}), createdAt: at };
        await Reply.updateOne({ _id: messageSid }, { $setOnInsert: fields }, { upsert: true });
      },
      async removeForConversation(conversationKey) {
        await Reply.deleteMany({ conversationKey });
      },
      removeOlderThan: (before) => deleteInBatches(Reply.collection, { createdAt: { $lt: before } }),
    },
  };
}
