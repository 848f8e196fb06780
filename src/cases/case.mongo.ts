// The Case collection. Nested parts are plain sub-documents (Mixed: the shape is owned by CaseRecord and
// checked by the service). A change to a case is one conditional update (`{_id, status: from}`, or "this
// SLA time not set yet"), atomic on MongoDB and on the embedded engine, that also raises its revision.
// History and alerts are insert-only documents of their own, so the history is append-only by construction
// and concurrent appends never overwrite each other. The staff queue reads `case_queue`, a projection of the
// open cases only (queue fields, one document per open case, rewritten after every change), so what the queue
// reads and counts grows with the open work, never with history.
import { Schema, type Connection } from 'mongoose';
import { duplicateKeyIndex, ensureIndexes, insertOnce, modelFor } from '../db/store.mongo';
import { randomUUID } from 'node:crypto';
import { DuplicateCaseError, OPEN_STATUSES, type CaseAlert, type CaseEvent, type CaseRecord, type CaseRepository, type CaseSnapshot, type CaseWriteObserver, type QueueRow } from './case.repository';

type CaseDoc = Omit<CaseRecord, 'id' | 'events' | 'alerts'> & { _id: string; openAlerts?: number };
type EventDoc = CaseEvent & { _id: string; caseId: string };
type AlertDoc = Omit<CaseAlert, 'id'> & { _id: string; caseId: string };

const mixed = Schema.Types.Mixed;
const caseSchema = new Schema<CaseDoc>(
  {
    _id: { type: String, required: true },
    reference: { type: String, required: true },
    landlordId: { type: String, required: true },
    channel: { type: String, required: true },
    locale: { type: String, required: true },
    sessionId: { type: String, required: true },
    conversationKey: { type: String },
    partial: { type: Boolean },
    furtherReportOf: { type: String },
    category: { type: mixed, required: true },
    incident: { type: mixed, required: true },
    perpetrator: { type: mixed, required: true },
    reporter: { type: mixed, required: true },
    victim: { type: mixed },
    consent: { type: mixed, required: true },
    anonymity: { type: String, required: true },
    identityAccess: { type: String, required: true },
    identityFields: { type: [String], default: [] },
    safeContact: { type: mixed },
    contactHashes: { type: [String], default: [] },
    tenure: { type: String },
    safety: { type: mixed, required: true },
    police: { type: mixed, required: true },
    evidence: { type: mixed, required: true },
    vulnerability: { type: mixed, required: true },
    risk: { type: mixed, required: true },
    triage: { type: mixed, required: true },
    teamId: { type: String, required: true },
    priority: { type: String, required: true },
    priorityRank: { type: Number },
    status: { type: String, required: true },
    outcome: { type: String },
    assignedTo: { type: String },
    /** Unacknowledged alerts, kept on the case so the queue shows them without reading the alerts. */
    openAlerts: { type: Number },
    firstResponseDue: { type: Date },
    appointmentOfferDue: { type: Date },
    sla: { type: mixed, default: {} },
    survey: { type: mixed },
    revision: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'cases', versionKey: false, minimize: false },
);
caseSchema.index({ reference: 1 }, { unique: true, name: 'reference_unique' });
caseSchema.index({ sessionId: 1 }, { unique: true, name: 'sessionId_unique' });
caseSchema.index({ teamId: 1, status: 1, firstResponseDue: 1 }, { name: 'staff_queue' });
caseSchema.index({ teamId: 1, status: 1, priorityRank: 1, firstResponseDue: 1 }, { name: 'staff_queue_by_priority' });
caseSchema.index({ updatedAt: 1 }, { name: 'recently_changed' });
caseSchema.index({ landlordId: 1, createdAt: 1 }, { name: 'reporting' });
caseSchema.index({ contactHashes: 1, createdAt: 1 }, { name: 'contact_history' });
// Housekeeping finds closed cases past their retention without reading the others.
caseSchema.index({ status: 1, 'category.kind': 1, 'sla.closedAt': 1 }, { name: 'retention' });

const eventSchema = new Schema<EventDoc>(
  { _id: { type: String, required: true }, caseId: { type: String, required: true }, at: { type: Date, required: true }, type: { type: String, required: true }, actor: { type: String, required: true }, note: { type: String }, detail: { type: String } },
  { collection: 'case_events', versionKey: false },
);
eventSchema.index({ caseId: 1, at: 1 }, { name: 'case_history' });

const alertSchema = new Schema<AlertDoc>(
  { _id: { type: String, required: true }, caseId: { type: String, required: true }, at: { type: Date, required: true }, type: { type: String, required: true }, detail: { type: String, required: true }, acknowledgedAt: { type: Date } },
  { collection: 'case_alerts', versionKey: false },
);
alertSchema.index({ caseId: 1, at: 1 }, { name: 'case_alerts' });

type QueueDoc = Pick<CaseDoc, '_id' | 'reference' | 'category' | 'priority' | 'priorityRank' | 'status' | 'channel' | 'locale' | 'assignedTo' | 'firstResponseDue' | 'appointmentOfferDue' | 'createdAt' | 'updatedAt' | 'teamId' | 'anonymity' | 'revision' | 'openAlerts' | 'partial'> & {
  risk: { level: CaseDoc['risk']['level'] };
  triage: { flags: CaseDoc['triage']['flags'] };
  sla?: { firstRespondedAt?: Date };
};
const queueSchema = new Schema<QueueDoc>({ _id: { type: String, required: true }, teamId: { type: String, required: true } }, { collection: 'case_queue', versionKey: false, strict: false });
// The queue's own order after the team and rank (due date, then the oldest first), so that a page of the queue is
// read straight from the index however many cases are open; an index without createdAt left the tie to a sort,
// which read every open case of the rank first.
queueSchema.index({ teamId: 1, priorityRank: 1, firstResponseDue: 1, createdAt: 1 }, { name: 'queue_by_due' });
/** Indexes this collection had before, dropped at start (on MongoDB they would cost every write). */
const RETIRED_QUEUE_INDEXES = ['queue_order'];

let sequence = 0;
const historyId = (at: Date) => `${at.toISOString()}:${String((sequence = (sequence + 1) % 1e9)).padStart(9, '0')}:${randomUUID().slice(0, 8)}`;
const QUEUE_FIELDS = { _id: 1, reference: 1, category: 1, priority: 1, priorityRank: 1, revision: 1, status: 1, channel: 1, locale: 1, assignedTo: 1, firstResponseDue: 1, appointmentOfferDue: 1, createdAt: 1, updatedAt: 1, teamId: 1, anonymity: 1, 'risk.level': 1, 'triage.flags': 1, 'sla.firstRespondedAt': 1, openAlerts: 1, partial: 1 };
const SNAPSHOT_FIELDS = { _id: 1, reference: 1, landlordId: 1, channel: 1, anonymity: 1, identityAccess: 1, teamId: 1, priority: 1, status: 1, outcome: 1, furtherReportOf: 1, createdAt: 1, updatedAt: 1, revision: 1, 'category.id': 1, 'category.kind': 1, 'category.subcategoryId': 1, 'category.hateMotivations': 1, 'risk.level': 1, 'risk.hateIncident': 1, 'triage.disposition': 1, 'triage.flags.marac': 1, 'deadlines.receivedAt': 1, 'sla.firstRespondedAt': 1, 'sla.closedAt': 1, survey: 1 };
const queueRow = (d: CaseDoc): QueueRow => ({
  id: d._id,
  reference: d.reference,
  category: d.category,
  priority: d.priority,
  status: d.status,
  channel: d.channel,
  // Rows written before the language was kept on them read as English, as those cases were.
  locale: d.locale ?? 'en',
  ...(d.assignedTo ? { assignedTo: d.assignedTo } : {}),
  ...(d.firstResponseDue ? { firstResponseDue: d.firstResponseDue } : {}),
  ...(d.appointmentOfferDue ? { appointmentOfferDue: d.appointmentOfferDue } : {}),
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  teamId: d.teamId,
  anonymity: d.anonymity,
  riskLevel: d.risk.level,
  flags: d.triage.flags,
  ...(d.sla?.firstRespondedAt ? { firstRespondedAt: d.sla.firstRespondedAt } : {}),
  openAlerts: d.openAlerts ?? 0,
  ...(d.partial ? { partial: true } : {}),
});

const strip = <T extends { _id: string; caseId: string }>(doc: T): Omit<T, '_id' | 'caseId'> => {
  const { _id: _i, caseId: _c, ...rest } = doc;
  return rest;
};

export interface CaseRepositoryOptions {
  /** Told of the case after every write (the report's counts per day keep in step through this). */
  afterWrite?: CaseWriteObserver;
  /** Told of the cases a purge removed (the report forgets their rows; its counts hold nothing about anyone). */
  afterPurge?: (caseIds: string[]) => Promise<void>;
}

/** How far back a start looks for cases whose queue row a crash may have left behind. */
const QUEUE_REPAIR_WINDOW_MS = 24 * 3_600_000;

export function createMongoCaseRepository(connection: Connection, options: CaseRepositoryOptions = {}): CaseRepository {
  const Case = modelFor<CaseDoc>(connection, 'Case', caseSchema);
  const Events = modelFor<EventDoc>(connection, 'CaseEvent', eventSchema);
  const Alerts = modelFor<AlertDoc>(connection, 'CaseAlert', alertSchema);
  const Queue = modelFor<QueueDoc>(connection, 'CaseQueue', queueSchema);

  /**
   * After every write: the queue's copy of the case agrees with it (there while it is open, gone once closed),
   * and the observer (the report's counts) is told of the case as it now is.
   */
  async function syncQueue(id: string): Promise<void> {
    const doc = await Case.findOne({ _id: id }, QUEUE_FIELDS).lean<QueueDoc>();
    if (doc && (OPEN_STATUSES as readonly string[]).includes(doc.status)) await Queue.collection.replaceOne({ _id: id } as never, doc as never, { upsert: true });
    else await Queue.collection.deleteOne({ _id: id } as never);
    if (!options.afterWrite) return;
    const snapshot = await Case.findOne({ _id: id }, SNAPSHOT_FIELDS).lean<CaseDoc>();
    if (snapshot) {
      const { _id, ...rest } = snapshot;
      await options.afterWrite({ id: _id, ...rest } as unknown as CaseSnapshot);
    }
  }

  async function assemble(docs: CaseDoc[]): Promise<CaseRecord[]> {
    if (docs.length === 0) return [];
    const ids = docs.map((d) => d._id);
    const [events, alerts] = await Promise.all([
      Events.find({ caseId: { $in: ids } }).sort({ at: 1, _id: 1 }).lean<EventDoc[]>(),
      Alerts.find({ caseId: { $in: ids } }).sort({ at: 1, _id: 1 }).lean<AlertDoc[]>(),
    ]);
    return docs.map(({ _id, openAlerts: _o, ...rest }) => ({
      id: _id,
      ...rest,
      events: events.filter((e) => e.caseId === _id).map(strip),
      alerts: alerts.filter((a) => a.caseId === _id).map(({ _id: alertId, caseId: _c, ...a }) => ({ id: alertId, ...a })),
    }));
  }
  const one = async (filter: Record<string, unknown>) => {
    const doc = await Case.findOne(filter).lean<CaseDoc>();
    return doc ? (await assemble([doc]))[0] : undefined;
  };
  const append = (caseId: string, event: CaseEvent) => Events.collection.insertOne({ _id: historyId(event.at), caseId, ...event } as never);

  /** One conditional update of a case: true when `filter` still matched (nobody changed it first). */
  async function changeOnce(id: string, filter: Record<string, unknown>, $set: Record<string, unknown>): Promise<boolean> {
    const result = await Case.collection.updateOne({ ...filter, _id: id } as never, { $set, $inc: { revision: 1 } } as never);
    return result.modifiedCount === 1;
  }

  return {
    async ensureIndexes() {
      await ensureIndexes(Case, Events, Alerts, Queue);
      const existing = new Set((await Queue.collection.indexes()).map((i) => i.name));
      for (const name of RETIRED_QUEUE_INDEXES) if (existing.has(name)) await Queue.collection.dropIndex(name);
      // A database from before the projection: build it once from the open cases (a scan, at start only).
      if ((await Queue.estimatedDocumentCount()) === 0) {
        for await (const doc of Case.find({ status: { $in: [...OPEN_STATUSES] } }, QUEUE_FIELDS).lean<QueueDoc[]>().cursor()) {
          await Queue.collection.replaceOne({ _id: doc._id } as never, doc as never, { upsert: true });
        }
        return;
      }
      // A process killed between changing a case and rewriting its queue row left the queue behind: a new case
      // missing from it, or a closed one still in it. Every start brings the cases changed lately back into step
      // (a bounded read by the updatedAt index: a day's changes, not the history).
      const since = new Date(Date.now() - QUEUE_REPAIR_WINDOW_MS);
      for await (const doc of Case.find({ updatedAt: { $gte: since } }, { _id: 1 }).lean<Pick<CaseDoc, '_id'>[]>().cursor()) await syncQueue(doc._id);
    },
    async insert(record) {
      const { id, events, alerts, revision: _revision, ...rest } = record;
      try {
        await Case.collection.insertOne({ _id: id, ...rest, revision: 0, openAlerts: alerts.filter((a) => !a.acknowledgedAt).length } as never);
      } catch (error) {
        const index = duplicateKeyIndex(error);
        if (index === undefined) throw error;
        throw new DuplicateCaseError(index === 'sessionId_unique' ? 'sessionId' : index === 'reference_unique' ? 'reference' : 'unknown');
      }
      for (const event of events) await append(id, event);
      for (const { id: alertId, ...alert } of alerts) await Alerts.collection.insertOne({ _id: alertId, caseId: id, ...alert } as never);
      await syncQueue(id);
    },
    findById: (id) => one({ _id: id }),
    findByReference: (reference) => one({ reference }),
    findBySessionId: (sessionId) => one({ sessionId }),
    async locate(by) {
      const doc = await Case.findOne('id' in by ? { _id: by.id } : { reference: by.reference }, { _id: 1, reference: 1, status: 1, furtherReportOf: 1 }).lean<Pick<CaseDoc, '_id' | 'reference' | 'status' | 'furtherReportOf'>>();
      return doc ? { id: doc._id, reference: doc.reference, status: doc.status, ...(doc.furtherReportOf ? { furtherReportOf: doc.furtherReportOf } : {}) } : undefined;
    },
    async findOpenByContactHash(contactHash) {
      return assemble(await Case.find({ contactHashes: contactHash, status: { $in: [...OPEN_STATUSES] } }).sort({ createdAt: 1 }).lean<CaseDoc[]>());
    },
    async countByContactHashSince(contactHash, since) {
      return Case.countDocuments({ contactHashes: contactHash, createdAt: { $gte: since } });
    },
    async listQueue(teamId, filter, limit) {
      const where: Record<string, unknown> = { teamId, status: { $in: filter.statuses?.length ? filter.statuses : [...OPEN_STATUSES] } };
      if (filter.kind) where['category.kind'] = filter.kind;
      if (filter.channel) where['channel'] = filter.channel;
      // null matches a case never assigned as well as one unassigned again.
      if (filter.assignedTo !== undefined) where['assignedTo'] = filter.assignedTo;
      const rows: QueueRow[] = [];
      // Bounded reads, most urgent first: the queue never reads more than `limit` cases.
      for (const priorityRank of [1, 2, 3]) {
        // Cases with a due date by that date, then those without one (no promise was made for them) oldest first.
        for (const due of [{ $ne: null }, null]) {
          if (rows.length >= limit) break;
          const docs = await Queue.find({ ...where, priorityRank, firstResponseDue: due }).sort({ firstResponseDue: 1, createdAt: 1 }).limit(limit - rows.length).lean<CaseDoc[]>();
          rows.push(...docs.map(queueRow));
        }
      }
      return rows;
    },
    async queueVersion(teamId) {
      const where = { teamId };
      const [open, latest] = await Promise.all([
        Queue.countDocuments(where),
        Queue.find(where, { updatedAt: 1, revision: 1 }).sort({ updatedAt: -1 }).limit(1).lean<Pick<CaseDoc, 'updatedAt' | 'revision'>[]>(),
      ]);
      const newest = latest[0];
      return { open, version: `${open}.${newest ? newest.updatedAt.getTime() : 0}.${newest?.revision ?? 0}` };
    },
    async change(id, revision, change, event) {
      const $set: Record<string, unknown> = { updatedAt: event.at };
      if (change.status !== undefined) $set['status'] = change.status;
      if (change.outcome !== undefined) $set['outcome'] = change.outcome;
      if (change.assignedTo !== undefined) $set['assignedTo'] = change.assignedTo;
      if (change.teamId !== undefined) $set['teamId'] = change.teamId;
      if (change.priority !== undefined) {
        const p = change.priority;
        Object.assign($set, { priority: p.priority, priorityRank: p.priorityRank, firstResponseDue: p.firstResponseDue ?? null, appointmentOfferDue: p.appointmentOfferDue ?? null });
        if (p.deadlines) $set['deadlines'] = p.deadlines;
      }
      if (change.riskLevel !== undefined) $set['risk.level'] = change.riskLevel;
      for (const [k, v] of Object.entries(change.sla ?? {})) if (v !== undefined) $set[`sla.${k}`] = v;
      if (await changeOnce(id, { revision }, $set)) {
        await append(id, event);
        await syncQueue(id);
        return 'changed';
      }
      return (await Case.exists({ _id: id })) ? 'conflict' : 'missing';
    },
    async acknowledgeAlert(caseId, alertId, at, event) {
      // Acknowledged once: the conditional update decides between two officers at once.
      const result = await Alerts.collection.updateOne({ _id: alertId, caseId, acknowledgedAt: { $exists: false } } as never, { $set: { acknowledgedAt: at } } as never);
      if (result.modifiedCount !== 1) return false;
      await Case.collection.updateOne({ _id: caseId } as never, { $inc: { openAlerts: -1, revision: 1 }, $set: { updatedAt: at } } as never);
      await append(caseId, event);
      await syncQueue(caseId);
      return true;
    },
    async appendEvent(id, event) {
      if (!(await Case.exists({ _id: id }))) return false;
      await append(id, event);
      return true;
    },
    async addAlert(id, alert, event) {
      if (!(await Case.exists({ _id: id }))) return false;
      const { id: alertId, ...rest } = alert;
      // Raised once: an id that is a key (case, kind, deadline) is refused the second time.
      if (!(await insertOnce(Alerts.collection, { _id: alertId, caseId: id, ...rest }))) return false;
      // Counted on the case, and the case moves on (the queue updates; an officer mid-change is told).
      await Case.collection.updateOne({ _id: id } as never, { $inc: { openAlerts: 1, revision: 1 }, $set: { updatedAt: alert.at } } as never);
      await append(id, event);
      await syncQueue(id);
      return true;
    },
    async purgeClosedBefore(kind, before, limit) {
      const docs = await Case.find({ status: 'closed', 'category.kind': kind, 'sla.closedAt': { $lt: before } }, { _id: 1 }).limit(limit).lean<{ _id: string }[]>();
      const ids = docs.map((d) => d._id);
      if (ids.length === 0) return [];
      await Events.deleteMany({ caseId: { $in: ids } });
      await Alerts.deleteMany({ caseId: { $in: ids } });
      await Case.deleteMany({ _id: { $in: ids } });
      await Queue.deleteMany({ _id: { $in: ids } });
      await options.afterPurge?.(ids);
      return ids;
    },
    async updateReport(id, revision, update, event) {
      const $set = update.set;
      const unset = Object.fromEntries(update.unset.map((field) => [field, '']));
      const result = await Case.collection.updateOne({ _id: id, revision } as never, { $set, ...(update.unset.length > 0 ? { $unset: unset } : {}), $inc: { revision: 1 } } as never);
      if (result.modifiedCount === 1) {
        if (event) await append(id, event);
        await syncQueue(id);
        return 'changed';
      }
      return (await Case.exists({ _id: id })) ? 'conflict' : 'missing';
    },
    async recordSurvey(id, survey, event) {
      const $set: Record<string, unknown> = { updatedAt: event.at };
      for (const [k, v] of Object.entries(survey)) if (v !== undefined) $set[`survey.${k}`] = v;
      const result = await Case.collection.updateOne({ _id: id } as never, { $set, $inc: { revision: 1 } } as never);
      if (result.matchedCount !== 1) return false;
      await append(id, event);
      await syncQueue(id);
      return true;
    },
    async setSlaOnce(id, field, at, event) {
      const changed = await changeOnce(id, { [`sla.${field}`]: { $exists: false } }, { [`sla.${field}`]: at, updatedAt: at });
      if (changed) await append(id, event);
      if (changed) await syncQueue(id);
      return changed;
    },
  };
}
