// The conversation runtime's stores on a mongoose connection; the composition root builds them and
// hands them to the runtime (the runtime itself never sees the database).
import type { Connection } from 'mongoose';
import { createLeaseStore, type LeaseStore } from '../db/lease.mongo';
import { createInboundStore, type InboundStore } from './inbound.mongo';
import { createSessionStore, type SessionStore } from './session.mongo';

export interface ConversationStores {
  sessions: SessionStore;
  inbound: InboundStore;
  leases: LeaseStore;
}

export function createConversationStores(connection: Connection): ConversationStores {
  return { sessions: createSessionStore(connection), inbound: createInboundStore(connection), leases: createLeaseStore(connection) };
}
