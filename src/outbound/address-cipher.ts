// AES-256-GCM for the one raw value the outbound path must keep: the address to reply to. The key id is
// stored with the ciphertext so that keys can be rotated (old ones still decrypt).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedText {
  k: string;
  iv: string;
  tag: string;
  ct: string;
}

export interface AddressCipher {
  seal(plain: string): SealedText;
  open(sealed: SealedText): string;
}

export function createAddressCipher(keys: Map<string, Buffer>, activeKeyId: string): AddressCipher {
  const active = keys.get(activeKeyId);
  if (!active) throw new Error('the active encryption key is missing');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', active, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return { k: activeKeyId, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
    },
    open(sealed) {
      const key = keys.get(sealed.k);
      if (!key) throw new Error('no key to decrypt this address');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}
