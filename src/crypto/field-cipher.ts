// Field-level encryption at rest: AES-256-GCM with a fresh 96-bit IV per value. The key id travels with
// the ciphertext (`v1:<keyId>:<iv>:<tag>:<ct>`, base64url parts) so keys can rotate: new values use the
// active key, values written under an older key still decrypt while that key is configured.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface FieldCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** The key id a sealed value was written with (for re-encryption jobs). */
  keyIdOf(sealed: string): string;
  readonly activeKeyId: string;
}

export class FieldCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldCipherError';
  }
}

const VERSION = 'v1';

export function createFieldCipher(keys: Map<string, Buffer>, activeKeyId: string): FieldCipher {
  for (const [id, key] of keys) {
    if (key.length !== 32) throw new FieldCipherError(`key "${id}" is not 32 bytes`);
    if (id.includes(':')) throw new FieldCipherError(`key id "${id}" must not contain ":"`);
  }
  const active = keys.get(activeKeyId);
  if (!active) throw new FieldCipherError(`active key "${activeKeyId}" is not configured`);

  const parse = (sealed: string) => {
    const parts = sealed.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new FieldCipherError('not an encrypted value');
    const [, keyId, iv, tag, ct] = parts as [string, string, string, string, string];
    return { keyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), ct: Buffer.from(ct, 'base64url') };
  };

  return {
    activeKeyId,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', active, iv);
      // The key id is authenticated too, so a value cannot be relabelled to another key.
      cipher.setAAD(Buffer.from(`${VERSION}:${activeKeyId}`));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, activeKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
    },
    decrypt(sealed) {
      const { keyId, iv, tag, ct } = parse(sealed);
      const key = keys.get(keyId);
      if (!key) throw new FieldCipherError(`key "${keyId}" is not configured`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(`${VERSION}:${keyId}`));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
      } catch {
        throw new FieldCipherError('value could not be decrypted (tampered, or the wrong key)');
      }
    },
    keyIdOf(sealed) {
      return parse(sealed).keyId;
    },
  };
}
