import { contactHash, conversationKey, normaliseAddress } from '../../src/crypto/keyed-hash';

describe('keyed hashes of addresses', () => {
  it('treats the same phone number written differently as one person', () => {
    expect(normaliseAddress('whatsapp:+44 7700 900123')).toBe('+447700900123');
    expect(contactHash('s'.repeat(32), 'whatsapp:+44 7700 900123')).toBe(contactHash('s'.repeat(32), '+447700900123'));
  });

  it('keeps SMS and WhatsApp conversations from one phone apart, and never contains the number', () => {
    const sms = conversationKey('s'.repeat(32), 'sms', '+447700900123');
    const wa = conversationKey('s'.repeat(32), 'whatsapp', 'whatsapp:+447700900123');
    expect(sms).not.toBe(wa);
    expect(sms).not.toContain('7700900123');
  });

  it('gives a different hash under a different secret', () => {
    expect(contactHash('a'.repeat(32), '+447700900123')).not.toBe(contactHash('b'.repeat(32), '+447700900123'));
  });
});
