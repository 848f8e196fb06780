// Staff accounts in MongoDB: one document per account, changed by compare-and-set on `revision`; setup
// links are made single-use by a unique insert (the one write that is atomic on every engine we run on).
import { Schema, type Connection, type Model } from 'mongoose';
import { DuplicateAccountError, type AccountStore, type StaffAccount } from './account.store';

type AccountDoc = Omit<StaffAccount, 'id'> & { _id: string };

const accountSchema = new Schema<AccountDoc>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    displayName: { type: String, required: true },
    teamId: { type: String, required: true },
    roles: { type: [String], default: [] },
    signIn: { type: String, required: true },
    passwordHash: { type: String },
    mustChangePassword: { type: Boolean },
    totp: { type: Schema.Types.Mixed },
    recoveryCodeHashes: { type: [String], default: [] },
    oidcSubject: { type: String },
    disabled: { type: Boolean, required: true },
    failedSignIns: { type: Number, default: 0 },
    lockedUntil: { type: Date },
    lastSignInAt: { type: Date },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    revision: { type: Number, required: true },
  },
  { collection: 'staff_accounts', versionKey: false, minimize: false },
);
accountSchema.index({ username: 1 }, { unique: true, name: 'username_unique' });
accountSchema.index({ oidcSubject: 1 }, { name: 'oidc_subject' });
accountSchema.index({ teamId: 1 }, { name: 'team' });
accountSchema.index({ roles: 1, disabled: 1 }, { name: 'role' });

const tokenSchema = new Schema<{ _id: string; expiresAt: Date }>({ _id: String, expiresAt: { type: Date, required: true } }, { collection: 'staff_setup_tokens', versionKey: false });
const usedSchema = new Schema<{ _id: string; at: Date }>({ _id: String, at: { type: Date, required: true } }, { collection: 'staff_setup_tokens_used', versionKey: false });

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

const toAccount = ({ _id, ...rest }: AccountDoc): StaffAccount => ({ id: _id, ...rest });
const isDuplicate = (error: unknown) => (error as { code?: number } | null)?.code === 11000;

export function createMongoAccountStore(connection: Connection): AccountStore {
  const Accounts = model(connection, 'StaffAccount', accountSchema);
  const Tokens = model(connection, 'StaffSetupToken', tokenSchema);
  const Used = model(connection, 'StaffSetupTokenUsed', usedSchema);
  const one = async (filter: Record<string, unknown>) => {
    const doc = await Accounts.findOne(filter).lean<AccountDoc>();
    return doc ? toAccount(doc) : undefined;
  };
  return {
    async ensureIndexes() {
      for (const m of [Accounts, Tokens, Used] as unknown as Model<unknown>[]) {
        await m.createCollection().catch(() => {});
        await m.createIndexes();
      }
    },
    async insert(account) {
      const { id, ...rest } = account;
      try {
        await Accounts.collection.insertOne({ _id: id, ...rest } as never);
      } catch (error) {
        if (isDuplicate(error)) throw new DuplicateAccountError();
        throw error;
      }
    },
    findById: (id) => one({ _id: id }),
    findByUsername: (username) => one({ username: username.trim().toLowerCase() }),
    findByOidcSubject: (subject) => one({ oidcSubject: subject }),
    list: async () => (await Accounts.find({}).sort({ username: 1 }).limit(2000).lean<AccountDoc[]>()).map(toAccount),
    listTeam: async (teamId) => (await Accounts.find({ teamId, disabled: false }).sort({ displayName: 1 }).limit(500).lean<AccountDoc[]>()).map(toAccount),
    existsWithRole: async (role) => (await Accounts.exists({ roles: role, disabled: false })) !== null,
    async update(id, revision, change, unset = []) {
      const $unset = Object.fromEntries(unset.map((k) => [k, '']));
      const result = await Accounts.collection.updateOne(
        { _id: id, revision } as never,
        { $set: { ...change, revision: revision + 1 }, ...(unset.length ? { $unset } : {}) } as never,
      );
      return result.modifiedCount === 1;
    },
    async saveSetupToken(hash, expiresAt) {
      await Tokens.collection.insertOne({ _id: hash, expiresAt } as never);
    },
    async setupTokenValid(hash, at) {
      const token = await Tokens.findOne({ _id: hash }).lean<{ _id: string; expiresAt: Date }>();
      return !!token && token.expiresAt > at && !(await Used.exists({ _id: hash }));
    },
    async consumeSetupToken(hash, at) {
      const token = await Tokens.findOne({ _id: hash }).lean<{ _id: string; expiresAt: Date }>();
      if (!token || token.expiresAt <= at) return false;
      try {
        await Used.collection.insertOne({ _id: hash, at } as never);
        return true;
      } catch (error) {
        if (isDuplicate(error)) return false;
        throw error;
      }
    },
  };
}
