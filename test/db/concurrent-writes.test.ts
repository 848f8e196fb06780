// Many writes to one document at once must all be kept (a lost update loses what a person sent). These tests send many
// writes to one document at once, as a person typing fast or Twilio's callbacks do, and check nothing
// is lost or goes backwards.
import { randomBytes } from 'node:crypto';
import { createTranscriptStore } from '../../src/channels/webchat/transcript.mongo';
import { createFieldCipher } from '../../src/crypto/field-cipher';
import { createOutboundRepositories } from '../../src/outbound/outbound.mongo';
import { openTestDatabase, useTestDatabase } from '../support/database';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
useTestDatabase((opened) => (db = opened));

describe('many writes to one document at once', () => {
  it('keeps every web chat activity sent at once, with gap-free watermarks', async () => {
    const transcripts = createTranscriptStore(db.connection, createFieldCipher(new Map([['k1', randomBytes(32)]]), 'k1'));
    await transcripts.ensureIndexes();
    const now = new Date();
    await transcripts.open('conv-1', { conversationKey: 'key-1', locale: 'en' }, now);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => transcripts.append('conv-1', [{ id: `conv-1|${i}`, type: 'message', text: `m${i}` }], now, { clientId: `client-${i}` })),
    );
    expect(results.every((r) => r.status === 'stored')).toBe(true);
    const stored = await transcripts.since('conv-1', 0);
    expect(stored?.watermark).toBe(20);
    expect(new Set(stored?.activities.map((a) => a.id)).size).toBe(20);
  });

  it('never moves a message back from delivered when callbacks race', async () => {
    const repos = createOutboundRepositories(db.connection);
    await repos.ensureIndexes();
    for (let round = 0; round < 5; round += 1) {
      const sid = `SM${round}${'0'.repeat(31)}`;
      const at = new Date();
      await repos.messages.insert({ id: `m${round}`, providerMessageId: sid, channel: 'sms', conversationKey: 'k', kind: 'proactive', status: 'queued', statusRank: 1, createdAt: at, updatedAt: at });
      await Promise.all([
        repos.messages.advance(sid, 'sent', undefined, at),
        repos.messages.advance(sid, 'delivered', undefined, at),
        repos.messages.advance(sid, 'sending', undefined, at),
        repos.messages.advance(sid, 'sent', undefined, at),
      ]);
      const [record] = await repos.messages.listForConversation('k').then((all) => all.filter((m) => m.providerMessageId === sid));
      expect(record?.status).toBe('delivered');
    }
  });
});
