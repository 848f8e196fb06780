// Evidence in two plain collections (metadata + 255 kB chunks) rather than GridFS: the same layout, but
// only single-document writes and simple queries, which MongoDB and the embedded engine both support.
// A chunk's _id is `<fileId>:<n>` and the file records how many there are, so reading or deleting one file
// is a lookup of its own chunks by key: it never touches another file's.
// The bytes are encrypted with AES-256-GCM per item (key id kept with the item), since photos can identify.
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, modelFor } from '../db/store.mongo';
import type { EvidenceItem, EvidenceStore } from './evidence.store';

const CHUNK_BYTES = 255 * 1024;

/** The stored item plus how its encrypted bytes are laid out in chunks. */
type FileDoc = Omit<EvidenceItem, 'id'> & {
  _id: string;
  chunks: number;
  complete: boolean;
  keyId: string;
  iv: string;
  tag: string;
};
type ChunkDoc = { _id: string; fileId: string; n: number; data: Buffer };

const fileSchema = new Schema<FileDoc>(
  {
    _id: { type: String, required: true },
    conversationKey: { type: String, required: true },
    channel: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    caseId: { type: String },
    chunks: { type: Number, required: true },
    complete: { type: Boolean, required: true },
    keyId: { type: String, required: true },
    iv: { type: String, required: true },
    tag: { type: String, required: true },
  },
  { collection: 'evidence_files', versionKey: false },
);
fileSchema.index({ conversationKey: 1, caseId: 1 });
fileSchema.index({ caseId: 1, receivedAt: 1 });

const chunkSchema = new Schema<ChunkDoc>(
  {
    _id: { type: String, required: true },
    fileId: { type: String, required: true },
    n: { type: Number, required: true },
    data: { type: Buffer, required: true },
  },
  { collection: 'evidence_chunks', versionKey: false },
);
chunkSchema.index({ fileId: 1, n: 1 }, { unique: true });

function toItem(doc: FileDoc): EvidenceItem {
  const item: EvidenceItem = {
    id: doc._id,
    conversationKey: doc.conversationKey,
    channel: doc.channel,
    contentType: doc.contentType,
    size: doc.size,
    sha256: doc.sha256,
    receivedAt: doc.receivedAt,
  };
  if (doc.caseId) item.caseId = doc.caseId;
  return item;
}

export function createMongoEvidenceStore(
  connection: Connection,
  secrets: { encryptionKeys: Map<string, Buffer>; activeKeyId: string },
): EvidenceStore {
  const File = modelFor<FileDoc>(connection, 'EvidenceFile', fileSchema);
  const Chunk = modelFor<ChunkDoc>(connection, 'EvidenceChunk', chunkSchema);
  const activeKey = secrets.encryptionKeys.get(secrets.activeKeyId);
  if (!activeKey) throw new Error('the active encryption key is missing');

  const chunkIds = (fileId: string, chunks: number) => Array.from({ length: chunks }, (_, n) => `${fileId}:${n}`);

  async function removeFiles(files: { _id: string; chunks: number }[]): Promise<void> {
    if (files.length === 0) return;
    await Chunk.deleteMany({ _id: { $in: files.flatMap((f) => chunkIds(f._id, f.chunks)) } });
    await File.deleteMany({ _id: { $in: files.map((f) => f._id) } });
  }

  return {
    ensureIndexes: () => ensureIndexes(File, Chunk),

    async put(input) {
      const id = randomUUID();
      const sha256 = createHash('sha256').update(input.data).digest('hex');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', activeKey, iv);
      const sealed = Buffer.concat([cipher.update(input.data), cipher.final()]);
      const chunks = Math.max(1, Math.ceil(sealed.length / CHUNK_BYTES));
      // The file is written incomplete first so a crash mid-way leaves a record that can be cleaned up,
      // never chunks that nothing points at.
      await File.create({
        _id: id,
        conversationKey: input.conversationKey,
        channel: input.channel,
        contentType: input.contentType,
        size: input.data.length,
        sha256,
        receivedAt: input.receivedAt,
        chunks,
        complete: false,
        keyId: secrets.activeKeyId,
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
      });
      try {
        const docs = Array.from({ length: chunks }, (_, n) => ({ _id: `${id}:${n}`, fileId: id, n, data: sealed.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES) }));
        await Chunk.insertMany(docs, { ordered: true });
        await File.updateOne({ _id: id }, { $set: { complete: true } });
      } catch (error) {
        await removeFiles([{ _id: id, chunks }]).catch(() => {});
        throw error;
      }
      return { id, sha256, size: input.data.length };
    },

    async attachToCase(ids, caseId) {
      if (ids.length === 0) return 0;
      // Only items nobody holds yet: evidence never moves from one case to another.
      const result = await File.updateMany({ _id: { $in: ids }, caseId: { $exists: false } }, { $set: { caseId } });
      return result.modifiedCount;
    },

    async attachConversation(conversationKey, caseId) {
      const result = await File.updateMany({ conversationKey, caseId: { $exists: false } }, { $set: { caseId } });
      return result.modifiedCount;
    },

    async unlinkFromConversation(caseId) {
      const result = await File.updateMany({ caseId }, { $set: { conversationKey: `case:${caseId}` } });
      return result.modifiedCount;
    },

    async deleteForCases(caseIds) {
      if (caseIds.length === 0) return 0;
      const docs = await File.find({ caseId: { $in: caseIds } }, { _id: 1, chunks: 1 }).lean<{ _id: string; chunks: number }[]>();
      await removeFiles(docs);
      return docs.length;
    },

    async deleteUnattached(conversationKey) {
      const docs = await File.find({ conversationKey, caseId: { $exists: false } }, { _id: 1, chunks: 1 }).lean<{ _id: string; chunks: number }[]>();
      await removeFiles(docs);
      return docs.length;
    },

    async listForCase(caseId) {
      const docs = await File.find({ caseId, complete: true }).sort({ receivedAt: 1 }).lean<FileDoc[]>();
      return docs.map(toItem);
    },

    async read(id) {
      const doc = await File.findById(id).lean<FileDoc>();
      if (!doc || !doc.complete) return undefined;
      const key = secrets.encryptionKeys.get(doc.keyId);
      if (!key) throw new Error('no key to decrypt this evidence');
      const chunks = await Chunk.find({ _id: { $in: chunkIds(id, doc.chunks) } }).sort({ n: 1 }).lean<ChunkDoc[]>();
      if (chunks.length !== doc.chunks) return undefined;
      const sealed = Buffer.concat(chunks.map((c) => bytesOf(c.data)));
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(doc.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(doc.tag, 'base64'));
      const data = Buffer.concat([decipher.update(sealed), decipher.final()]);
      return { item: toItem(doc), data };
    },
  };
}

/** Lean reads give BSON Binary, not Buffer; a Buffer's own .buffer is its whole pool, so never use that. */
function bytesOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const inner = (value as { buffer?: unknown }).buffer;
  if (inner instanceof Uint8Array) return Buffer.from(inner.buffer, inner.byteOffset, inner.byteLength);
  throw new Error('evidence chunk is not binary');
}
