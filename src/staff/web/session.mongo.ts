// Staff sessions in MongoDB (connect-mongo). Expiry without a TTL index: every read ignores an expired
// session, and a timer removes them every few minutes. Ids are stored hashed, so a copy of the collection
// cannot be used to take over a session.
import { createHash } from 'node:crypto';
import MongoStore from 'connect-mongo';
import type { Connection } from 'mongoose';
import type { Store } from 'express-session';

export function createMongoSessionStore(connection: Connection, idleMinutes: number): Store {
  return MongoStore.create({
    client: connection.getClient() as never,
    dbName: connection.name,
    collectionName: 'staff_sessions',
    ttl: idleMinutes * 60,
    autoRemove: 'interval',
    autoRemoveInterval: 10,
    transformId: (sid: string) => createHash('sha256').update(sid).digest('base64url'),
  }) as unknown as Store;
}
