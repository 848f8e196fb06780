// The web chat transcript store on the real database: bounded pages, gap-free watermarks, and what a crash
// between storing an activity and raising the watermark leaves behind.
import { randomBytes } from 'node:crypto';
import { clientKey, createTranscriptStore, PAGE_SIZE } from '../../../src/channels/webchat/transcript.mongo';
import { createFieldCipher } from '../../../src/crypto/field-cipher';
import { openTestDatabase, useTestDatabase } from '../../support/database';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
const cipher = createFieldCipher(new Map([['k1', randomBytes(32)]]), 'k1');
useTestDatabase((opened) => (db = opened));

const message = (id: string, text: string) => ({ id, type: 'message', text });

it('keeps a long conversation in pages of bounded size and reads any stretch of it back in order', async () => {
  const store = createTranscriptStore(db.connection, cipher);
  await store.ensureIndexes();
  await store.open('long-1', { conversationKey: 'k', locale: 'en' }, new Date());
  for (let i = 0; i < PAGE_SIZE * 2 + 3; i += 1) await store.append('long-1', [message(`long-1|${i}`, `m${i}`)], new Date(), { clientId: `c${i}` });
  const pages = await db.connection.collection('webchat_transcript_pages').find({ conversationId: 'long-1' }).toArray();
  expect(pages.map((p) => Object.keys(p['e'] as object).length).sort((a, b) => a - b)).toEqual([3, PAGE_SIZE, PAGE_SIZE]);
  const head = await db.connection.collection('webchat_transcripts').findOne({ _id: 'long-1' as never });
  expect(JSON.stringify(head).length).toBeLessThan(8000);
  const tail = await store.since('long-1', PAGE_SIZE - 2);
  expect(tail?.activities.map((a) => a['text'])).toEqual(Array.from({ length: PAGE_SIZE + 5 }, (_, i) => `m${PAGE_SIZE - 2 + i}`));
  expect(tail?.watermark).toBe(PAGE_SIZE * 2 + 3);
});

it('after a crash between storing an activity and raising the watermark, the retry finds it instead of storing it twice', async () => {
  const store = createTranscriptStore(db.connection, cipher);
  await store.open('crash-1', { conversationKey: 'k', locale: 'en' }, new Date());
  await store.append('crash-1', [message('crash-1|a', 'first')], new Date(), { clientId: 'a' });
  // What the crash left: the activity in its page at the next place, the head not told.
  await db.connection.collection('webchat_transcript_pages').updateOne(
    { _id: 'crash-1:0' as never },
    { $set: { 'e.1': { seq: 1, id: 'crash-1|b', c: clientKey('b'), sealed: cipher.encrypt(JSON.stringify(message('crash-1|b', 'Yes'))) } } as never },
  );
  const retried = await store.append('crash-1', [message('crash-1|b2', 'Yes')], new Date(), { clientId: 'b' });
  expect(retried).toEqual({ status: 'duplicate', id: 'crash-1|b', answered: false });
  const after = await store.since('crash-1', 0);
  expect(after?.activities.map((a) => a.id)).toEqual(['crash-1|a', 'crash-1|b']);
  // Another activity goes after it.
  await store.append('crash-1', [message('crash-1|c', 'next')], new Date(), { clientId: 'c' });
  expect((await store.since('crash-1', 0))?.activities.map((a) => a.id)).toEqual(['crash-1|a', 'crash-1|b', 'crash-1|c']);
});
