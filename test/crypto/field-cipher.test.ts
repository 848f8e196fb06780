import { randomBytes } from 'node:crypto';
import { createFieldCipher } from '../../src/crypto/field-cipher';

const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe('field cipher (AES-256-GCM)', () => {
  it('round-trips text, including accents and emoji, and never shows the plain text', () => {
    const cipher = createFieldCipher(new Map([['k1', k1]]), 'k1');
    const plain = 'He said he would burn the flat down. Zoë, 07700 900123';
    const sealed = cipher.encrypt(plain);
    expect(sealed).toMatch(/^v1:k1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain('burn');
    expect(cipher.decrypt(sealed)).toBe(plain);
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
  });

  it('gives a different ciphertext each time for the same text', () => {
    const cipher = createFieldCipher(new Map([['k1', k1]]), 'k1');
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('still decrypts values written under an old key after rotation, and writes new ones with the new key', () => {
    const before = createFieldCipher(new Map([['k1', k1]]), 'k1');
    const old = before.encrypt('written last year');
    const after = createFieldCipher(new Map([['k1', k1], ['k2', k2]]), 'k2');
    expect(after.decrypt(old)).toBe('written last year');
    expect(after.keyIdOf(after.encrypt('new'))).toBe('k2');
  });

  it('refuses a value that was tampered with or relabelled to another key', () => {
    const cipher = createFieldCipher(new Map([['k1', k1], ['k2', k2]]), 'k1');
    const sealed = cipher.encrypt('secret');
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => cipher.decrypt([...parts.slice(0, 4), flipped.toString('base64url')].join(':'))).toThrow(/could not be decrypted/);
    expect(() => cipher.decrypt(sealed.replace('v1:k1:', 'v1:k2:'))).toThrow(/could not be decrypted/);
  });

  it('says clearly when a key is missing or the wrong size', () => {
    const sealed = createFieldCipher(new Map([['gone', k1]]), 'gone').encrypt('x');
    expect(() => createFieldCipher(new Map([['k2', k2]]), 'k2').decrypt(sealed)).toThrow(/key "gone" is not configured/);
    expect(() => createFieldCipher(new Map([['short', randomBytes(16)]]), 'short')).toThrow(/32 bytes/);
    expect(() => createFieldCipher(new Map([['k1', k1]]), 'k9')).toThrow(/active key "k9"/);
  });
});
