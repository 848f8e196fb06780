import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, envSchema, loadConfig } from '../../src/config';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'cfg-'));

describe('configuration', () => {
  it('starts on defaults with nothing set: port 3000, embedded database, local secrets kept for the next start', () => {
    const dataDir = tmp();
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.port).toBe(3000);
    expect(first.mongodbUri).toBeUndefined();
    expect(first.publicBaseUrl).toBe('http://localhost:3000');
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.secrets.hashSecret).toBe(first.secrets.hashSecret);
    expect([...second.secrets.encryptionKeys.values()][0]?.equals([...first.secrets.encryptionKeys.values()][0] as Buffer)).toBe(true);
  });

  it('lists every bad key at once, in words a person can act on', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud', TWILIO_ACCOUNT_SID: 'nope', DATA_DIR: tmp() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const keys = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(keys).toEqual(expect.arrayContaining(['PORT', 'MONGODB_URI', 'LOG_LEVEL', 'TWILIO_ACCOUNT_SID']));
    expect((error as ConfigError).message).toContain('MONGODB_URI: must start with mongodb://');
  });

  it('switches a channel off, with a reason, when its credentials are missing, instead of failing', () => {
    const config = loadConfig({ DATA_DIR: tmp() });
    expect(config.twilio).toBeUndefined();
    expect(config.disabledChannels.map((c) => c.channel)).toEqual(['sms', 'whatsapp', 'azure-bot-service']);
    const on = loadConfig({ DATA_DIR: tmp(), TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_SMS_FROM: '+447700900000' });
    expect(on.twilio?.accountSid).toBe(`AC${'a'.repeat(32)}`);
    expect(on.disabledChannels.map((c) => c.channel)).not.toContain('sms');
  });

  it('refuses half a Twilio account, and production without its secrets', () => {
    expect(() => loadConfig({ DATA_DIR: tmp(), TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toThrow(/set both or neither/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: tmp() })).toThrow(/ENCRYPTION_KEYS: required/);
  });

  it('documents every key of the schema in .env.example, and nothing else', () => {
    const example = readFileSync(path.join(__dirname, '../../.env.example'), 'utf8');
    const documented = example
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => line.split('=')[0]);
    expect(documented.sort()).toEqual(Object.keys(envSchema.shape).sort());
    // and each has a comment line just above it
    const lines = example.split('\n');
    for (const key of documented) {
      const at = lines.findIndex((l) => l.startsWith(`${key}=`));
      const above = lines.slice(0, at).reverse().find((l) => !/^[A-Z][A-Z0-9_]*=/.test(l));
      expect({ key, comment: above?.startsWith('#') }).toEqual({ key, comment: true });
    }
  });
});
