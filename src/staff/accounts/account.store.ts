// Staff accounts as stored, and the store's port. Secrets arrive sealed or hashed: the TOTP secret is sealed
// by the field cipher, the password is an argon2id hash, recovery codes are keyed hashes.
export interface StaffAccount {
  id: string;
  /** Lower case; an e-mail address or a short name. Entra ID accounts use the user's sign-in name. */
  username: string;
  displayName: string;
  teamId: string;
  roles: string[];
  /** 'local': password and TOTP here; 'entra': Microsoft Entra ID (MFA is the tenant's). */
  signIn: 'local' | 'entra';
  passwordHash?: string;
  /** A reset password must be changed at the next sign-in. */
  mustChangePassword?: boolean;
  /** Sealed base32 secret; `enrolledAt` unset until the first code has been checked. */
  totp?: { secret: string; enrolledAt?: Date; lastStep?: number };
  recoveryCodeHashes: string[];
  /** Entra ID: "<tenant id>:<object id>", bound at the first sign-in. */
  oidcSubject?: string;
  disabled: boolean;
  failedSignIns: number;
  lockedUntil?: Date;
  lastSignInAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  revision: number;
}

export class DuplicateAccountError extends Error {
  constructor() {
    super('an account with this username already exists');
    this.name = 'DuplicateAccountError';
  }
}

export type AccountChange = Partial<Omit<StaffAccount, 'id' | 'createdAt' | 'revision'>>;

export interface AccountStore {
  ensureIndexes(): Promise<void>;
  /** Throws DuplicateAccountError when the username is taken. */
  insert(account: StaffAccount): Promise<void>;
  findById(id: string): Promise<StaffAccount | undefined>;
  findByUsername(username: string): Promise<StaffAccount | undefined>;
  findByOidcSubject(subject: string): Promise<StaffAccount | undefined>;
  list(): Promise<StaffAccount[]>;
  /** Accounts of one team, for "assign to a colleague" (bounded by the size of a team). */
  listTeam(teamId: string): Promise<StaffAccount[]>;
  /** Is there an enabled account holding this role? */
  existsWithRole(role: string): Promise<boolean>;
  /** Compare-and-set on `revision`: false when someone changed the account first. */
  update(id: string, revision: number, change: AccountChange, unset?: (keyof StaffAccount)[]): Promise<boolean>;
  /** One-time setup links: stored as a hash; `consume` is true exactly once, and only before expiry. */
  saveSetupToken(hash: string, expiresAt: Date): Promise<void>;
  consumeSetupToken(hash: string, at: Date): Promise<boolean>;
  setupTokenValid(hash: string, at: Date): Promise<boolean>;
}
