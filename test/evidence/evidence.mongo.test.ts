import { createHash, randomBytes } from 'node:crypto';
import { createMongoEvidenceStore } from '../../src/evidence/evidence.mongo';
import { isAllowedEvidenceType, type EvidenceStore } from '../../src/evidence/evidence.store';
import { openTestDatabase } from '../support/database';

const secrets = { encryptionKeys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1' };

describe('evidence kept in the database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let store: EvidenceStore;

  beforeAll(async () => {
    db = await openTestDatabase();
    store = createMongoEvidenceStore(db.connection, secrets);
    await store.ensureIndexes();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives back exactly the bytes a reporter sent, with their SHA-256, even when larger than one chunk', async () => {
    const photo = randomBytes(600 * 1024);
    const receivedAt = new Date('2026-11-22T10:00:00Z');
    const saved = await store.put({ conversationKey: 'conv-a', channel: 'whatsapp', contentType: 'image/jpeg', data: photo, receivedAt });
    expect(saved.sha256).toBe(createHash('sha256').update(photo).digest('hex'));
    expect(saved.size).toBe(photo.length);

    const read = await store.read(saved.id);
    expect(read?.data.equals(photo)).toBe(true);
    expect(read?.item).toMatchObject({ contentType: 'image/jpeg', sha256: saved.sha256, receivedAt });
  });

  it('keeps the largest upload web chat accepts (10 MB) whole', async () => {
    const video = randomBytes(10 * 1024 * 1024);
    const saved = await store.put({ conversationKey: 'conv-big', channel: 'webchat', contentType: 'video/mp4', data: video, receivedAt: new Date() });
    const read = await store.read(saved.id);
    expect(read?.data.equals(video)).toBe(true);
  });

  it('does not keep the photo readable in the database', async () => {
    const marker = Buffer.from('PLAINTEXT-MARKER-'.repeat(20));
    const saved = await store.put({ conversationKey: 'conv-p', channel: 'sms', contentType: 'image/png', data: marker, receivedAt: new Date() });
    const raw = await db.connection.collection('evidence_chunks').findOne({ fileId: saved.id });
    expect(Buffer.from(JSON.stringify(raw)).includes('PLAINTEXT-MARKER')).toBe(false);
    expect((await store.read(saved.id))?.data.equals(marker)).toBe(true);
  });

  it('lists evidence on a case once attached, and quick exit deletes only what no case holds', async () => {
    const a = await store.put({ conversationKey: 'conv-b', channel: 'sms', contentType: 'image/png', data: Buffer.from('one'), receivedAt: new Date('2026-11-22T10:00:00Z') });
    const b = await store.put({ conversationKey: 'conv-b', channel: 'sms', contentType: 'audio/ogg', data: Buffer.from('two'), receivedAt: new Date('2026-11-22T10:01:00Z') });
    expect(await store.attachToCase([a.id], 'case-1')).toBe(1);
    // Evidence never moves from one case to another.
    expect(await store.attachToCase([a.id], 'case-2')).toBe(0);

    expect(await store.deleteUnattached('conv-b')).toBe(1);
    expect(await store.read(b.id)).toBeUndefined();
    const listed = await store.listForCase('case-1');
    expect(listed.map((i) => i.id)).toEqual([a.id]);
    expect((await store.read(a.id))?.data.toString()).toBe('one');
  });

  it.each([
    ['image/jpeg', true],
    ['audio/ogg; codecs=opus', true],
    ['video/mp4', true],
    ['application/pdf', true],
    ['text/html', false],
    ['application/x-msdownload', false],
    ['image/svg+xml', false],
  ])('accepts %s as evidence: %s', (type, allowed) => {
    expect(isAllowedEvidenceType(type)).toBe(allowed);
  });
});
