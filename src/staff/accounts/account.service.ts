// Staff accounts: creating and managing them, and the two factors of a local sign-in. Passwords are
// argon2id hashes; the TOTP secret is sealed; recovery codes are kept only as keyed hashes and each works
// once. A code is accepted once: the time step it belonged to is remembered.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import QRCode from 'qrcode';
import type { FieldCipher } from '../../crypto/field-cipher';
import { AppError } from '../../errors';
import { DuplicateAccountError, type AccountStore, type StaffAccount } from './account.store';

export const MIN_PASSWORD_LENGTH = 12;
const LOCK_AFTER_FAILURES = 10;
const LOCK_MINUTES = 15;
const RECOVERY_CODES = 10;
const SETUP_LINK_MINUTES = 60;

export interface AccountServiceDeps {
  store: AccountStore;
  cipher: FieldCipher;
  /** Keys the recovery-code hashes. */
  hashSecret: string;
  /** Team ids from the policy pack; role ids from the roles file. */
  teamIds: string[];
  roleIds: string[];
  /** Shown in authenticator apps. */
  issuer: string;
  now?: () => Date;
}

export type PasswordCheck =
  | { ok: true; account: StaffAccount }
  | { ok: false; reason: 'wrong' | 'locked' | 'disabled' | 'not_local'; account?: StaffAccount };

export interface NewAccount {
  username: string;
  displayName: string;
  teamId: string;
  roles: string[];
  signIn?: 'local' | 'entra';
  /** Local accounts: omitted → a random one is made and returned (to be changed at first sign-in). */
  password?: string;
}

/** A password nobody will ever be given: unknown usernames are checked against it so timing says nothing. */
let decoyHash: Promise<string> | undefined;

export function createAccountService(deps: AccountServiceDeps) {
  const { store, cipher } = deps;
  const now = deps.now ?? (() => new Date());
  const codeHash = (code: string) => createHmac('sha256', deps.hashSecret).update(`recovery:${code.replace(/[^a-z0-9]/gi, '').toLowerCase()}`).digest('base64url');
  const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

  function check(input: NewAccount): void {
    const problems: string[] = [];
    if (!/^[a-z0-9][a-z0-9._@+-]{1,99}$/.test(input.username.trim().toLowerCase())) problems.push('username: letters, digits and . _ @ + - only (2 to 100)');
    if (input.displayName.trim().length < 1 || input.displayName.length > 100) problems.push('name: 1 to 100 characters');
    if (!deps.teamIds.includes(input.teamId)) problems.push(`team: one of ${deps.teamIds.join(', ')}`);
    if (input.roles.length === 0) problems.push(`role: at least one of ${deps.roleIds.join(', ')}`);
    for (const r of input.roles) if (!deps.roleIds.includes(r)) problems.push(`role "${r}": one of ${deps.roleIds.join(', ')}`);
    if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) problems.push(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
    if (problems.length) throw new AppError(problems.join('; '), { status: 400, code: 'invalid_account' });
  }

  async function mustFind(id: string): Promise<StaffAccount> {
    const account = await store.findById(id);
    if (!account) throw new AppError('no such account', { status: 404, code: 'account_not_found' });
    return account;
  }

  /** Applies a change to the newest revision; retried a few times when two changes meet. */
  async function change(id: string, decide: (a: StaffAccount) => { set: Partial<StaffAccount>; unset?: (keyof StaffAccount)[] }): Promise<StaffAccount> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const account = await mustFind(id);
      const { set, unset } = decide(account);
      if (await store.update(id, account.revision, { ...set, updatedAt: now() }, unset)) return { ...account, ...set, revision: account.revision + 1 };
    }
    throw new AppError('the account is being changed by someone else; try again', { status: 409, code: 'account_busy' });
  }

  const randomPassword = () => randomBytes(12).toString('base64url');
  const newRecoveryCodes = () => Array.from({ length: RECOVERY_CODES }, () => randomBytes(5).toString('hex').replace(/(.{5})/, '$1-'));

  return {
    ensureIndexes: () => store.ensureIndexes(),
    find: (id: string) => store.findById(id),
    findByUsername: (username: string) => store.findByUsername(username),
    list: () => store.list(),
    listTeam: (teamId: string) => store.listTeam(teamId),
    hasAdministrator: () => store.existsWithRole('admin'),

    async create(input: NewAccount): Promise<{ account: StaffAccount; password?: string }> {
      check(input);
      const signIn = input.signIn ?? 'local';
      const password = signIn === 'local' ? (input.password ?? randomPassword()) : undefined;
      const at = now();
      const account: StaffAccount = {
        id: randomUUID(),
        username: input.username.trim().toLowerCase(),
        displayName: input.displayName.trim(),
        teamId: input.teamId,
        roles: [...new Set(input.roles)],
        signIn,
        ...(password ? { passwordHash: await argonHash(password), mustChangePassword: input.password === undefined } : {}),
        recoveryCodeHashes: [],
        disabled: false,
        failedSignIns: 0,
        createdAt: at,
        updatedAt: at,
        revision: 0,
      };
      try {
        await store.insert(account);
      } catch (error) {
        if (error instanceof DuplicateAccountError) throw new AppError(`an account "${account.username}" already exists`, { status: 409, code: 'account_exists' });
        throw error;
      }
      return { account, ...(password && input.password === undefined ? { password } : {}) };
    },

    async checkPassword(username: string, password: string): Promise<PasswordCheck> {
      const account = await store.findByUsername(username);
      if (!account?.passwordHash) {
        decoyHash ??= argonHash(randomPassword());
        await argonVerify(await decoyHash, password).catch(() => false);
        return account ? { ok: false, reason: account.disabled ? 'disabled' : 'not_local', account } : { ok: false, reason: 'wrong' };
      }
      if (account.lockedUntil && account.lockedUntil > now()) return { ok: false, reason: 'locked', account };
      const right = await argonVerify(account.passwordHash, password).catch(() => false);
      if (!right) {
        await change(account.id, (a) => {
          const failed = a.failedSignIns + 1;
          return { set: { failedSignIns: failed, ...(failed >= LOCK_AFTER_FAILURES ? { lockedUntil: new Date(now().getTime() + LOCK_MINUTES * 60_000), failedSignIns: 0 } : {}) } };
        });
        return { ok: false, reason: 'wrong', account };
      }
      if (account.disabled) return { ok: false, reason: 'disabled', account };
      return { ok: true, account };
    },

    /** Starts (or restarts, while not yet confirmed) TOTP enrolment: the secret as text, its URI and a QR code as SVG. */
    async beginTotp(id: string): Promise<{ secret: string; uri: string; qrSvg: string }> {
      let account = await mustFind(id);
      if (account.totp?.enrolledAt) throw new AppError('already enrolled', { status: 409, code: 'totp_enrolled' });
      if (!account.totp) {
        const fresh = generateSecret();
        account = await change(id, () => ({ set: { totp: { secret: cipher.encrypt(fresh) } } }));
      }
      const secret = cipher.decrypt(account.totp!.secret);
      const uri = generateURI({ issuer: deps.issuer, label: account.username, secret });
      const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret, uri, qrSvg };
    },

    /** Checks a six-digit code; a code is good once (replays of the same time step fail). */
    async checkTotp(id: string, code: string): Promise<boolean> {
      const account = await mustFind(id);
      if (!account.totp || !/^\d{6}$/.test(code.replace(/\s/g, ''))) return false;
      const result = await verifyTotp({ secret: cipher.decrypt(account.totp.secret), token: code.replace(/\s/g, ''), epoch: Math.floor(now().getTime() / 1000), epochTolerance: 30 }).catch(() => ({ valid: false }) as const);
      if (!result.valid || !('timeStep' in result)) return false;
      const step = result.timeStep;
      if (account.totp.lastStep !== undefined && step <= account.totp.lastStep) return false;
      return store.update(id, account.revision, { totp: { ...account.totp, lastStep: step }, failedSignIns: 0, updatedAt: now() });
    },

    /** The first good code confirms enrolment; returns the recovery codes, shown once. */
    async confirmTotp(id: string): Promise<string[]> {
      const codes = newRecoveryCodes();
      await change(id, (a) => ({ set: { totp: { ...a.totp!, enrolledAt: now() }, recoveryCodeHashes: codes.map(codeHash) } }));
      return codes;
    },

    /** Uses up one recovery code; true when it was one of the account's. */
    async useRecoveryCode(id: string, code: string): Promise<boolean> {
      const wanted = codeHash(code);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const account = await mustFind(id);
        if (!account.recoveryCodeHashes.includes(wanted)) return false;
        const left = account.recoveryCodeHashes.filter((h) => h !== wanted);
        if (await store.update(id, account.revision, { recoveryCodeHashes: left, updatedAt: now() })) return true;
      }
      return false;
    },

    async recordSignIn(id: string): Promise<void> {
      await change(id, () => ({ set: { lastSignInAt: now(), failedSignIns: 0 }, unset: ['lockedUntil'] }));
    },

    async setPassword(id: string, password: string): Promise<void> {
      if (password.length < MIN_PASSWORD_LENGTH) throw new AppError(`at least ${MIN_PASSWORD_LENGTH} characters`, { status: 400, code: 'weak_password' });
      const passwordHash = await argonHash(password);
      await change(id, () => ({ set: { passwordHash, mustChangePassword: false } }));
    },

    async bindOidcSubject(id: string, subject: string): Promise<void> {
      await change(id, () => ({ set: { oidcSubject: subject } }));
    },
    findByOidcSubject: (subject: string) => store.findByOidcSubject(subject),

    async setDisabled(username: string, disabled: boolean): Promise<StaffAccount> {
      const account = await store.findByUsername(username);
      if (!account) throw new AppError(`no account "${username}"`, { status: 404, code: 'account_not_found' });
      return change(account.id, () => ({ set: { disabled } }));
    },

    /** A forgotten password or a lost phone: a new temporary password, and TOTP to be enrolled again. */
    async reset(username: string): Promise<{ account: StaffAccount; password: string }> {
      const account = await store.findByUsername(username);
      if (!account) throw new AppError(`no account "${username}"`, { status: 404, code: 'account_not_found' });
      if (account.signIn !== 'local') throw new AppError('this account signs in with Microsoft Entra ID; reset it there', { status: 400, code: 'not_local' });
      const password = randomPassword();
      const passwordHash = await argonHash(password);
      const updated = await change(account.id, () => ({ set: { passwordHash, mustChangePassword: true, recoveryCodeHashes: [], failedSignIns: 0 }, unset: ['totp', 'lockedUntil'] }));
      return { account: updated, password };
    },

    /** First run: a link that creates the first administrator, valid for an hour, once. */
    async createSetupToken(): Promise<{ token: string; expiresAt: Date }> {
      const token = randomBytes(24).toString('base64url');
      const expiresAt = new Date(now().getTime() + SETUP_LINK_MINUTES * 60_000);
      await store.saveSetupToken(tokenHash(token), expiresAt);
      return { token, expiresAt };
    },
    setupTokenValid: (token: string) => store.setupTokenValid(tokenHash(token), now()),
    consumeSetupToken: (token: string) => store.consumeSetupToken(tokenHash(token), now()),
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
