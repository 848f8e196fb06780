// What this product relies on from any database engine (like botbuilder's storage base tests): one suite
// that every candidate must pass before it may be the embedded default, and that MongoDB passes by design.
// The results per candidate are in docs/adr/0004-embedded-database.md.
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { MongoClient, type Db } from 'mongodb';
import mongoose, { Schema } from 'mongoose';
import { duplicateKeyIndex } from '../../../src/db/store.mongo';
import { rawBytes, tempDir, type EngineUnderTest, type RunningEngine } from './engines';

const RACERS = 20;
/** Writers that update one document at once (issue 10 lost 41 of 50 on FerretDB). */
const WRITERS = 50;

export function describeDatabaseContract(engine: EngineUnderTest): void {
  describe(`database contract (${engine.name})`, () => {
    let running: RunningEngine | undefined;
    let client: MongoClient;
    let db: Db;
    const dirs: string[] = [];

    beforeAll(async () => {
      let uri = engine.uri;
      if (engine.launch) {
        const dir = tempDir('db-contract-');
        dirs.push(dir);
        running = await engine.launch(dir);
        uri = running.uri;
      }
      client = await MongoClient.connect(uri!, { retryWrites: false, maxPoolSize: WRITERS + 5 });
      db = client.db(`contract_${randomBytes(4).toString('hex')}`);
    }, 60_000);

    afterAll(async () => {
      await db?.dropDatabase().catch(() => {});
      await client?.close();
      await running?.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    describe('single-document updates are atomic', () => {
      it(`keeps all ${WRITERS} concurrent $inc and $push on one document`, async () => {
        const docs = db.collection<{ _id: string; n: number; items: number[] }>('atomic');
        await docs.insertOne({ _id: 'one', n: 0, items: [] });
        await Promise.all(Array.from({ length: WRITERS }, (_, i) => docs.updateOne({ _id: 'one' }, { $inc: { n: 1 }, $push: { items: i } })));
        const after = await docs.findOne({ _id: 'one' });
        expect(after?.n).toBe(WRITERS);
        expect(after?.items).toHaveLength(WRITERS);
      });

      it(`lets exactly one of ${RACERS} racing compare-and-set updates win a revision`, async () => {
        const docs = db.collection<{ _id: string; revision: number; by?: number }>('cas');
        for (let round = 0; round < 5; round += 1) {
          await docs.insertOne({ _id: `doc-${round}`, revision: 0 });
          const results = await Promise.all(
            Array.from({ length: RACERS }, (_, i) => docs.updateOne({ _id: `doc-${round}`, revision: 0 }, { $set: { revision: 1, by: i } })),
          );
          expect(results.filter((r) => r.modifiedCount === 1)).toHaveLength(1);
        }
      });

      it(`gives a findOneAndUpdate claim to exactly one of ${RACERS} racers, and a free or expired claim again`, async () => {
        const leases = db.collection<{ _id: string; owner: string | null; expiresAt: Date }>('claims');
        await leases.insertOne({ _id: 'job', owner: null, expiresAt: new Date(0) });
        const take = (owner: string, now: Date) =>
          leases.findOneAndUpdate(
            { _id: 'job', $or: [{ owner: null }, { expiresAt: { $lte: now } }] },
            { $set: { owner, expiresAt: new Date(now.getTime() + 60_000) } },
            { returnDocument: 'after' },
          );
        const first = await Promise.all(Array.from({ length: RACERS }, (_, i) => take(`a${i}`, new Date())));
        expect(first.filter((r) => r !== null)).toHaveLength(1);
        // Once the holder's time has run out, again exactly one racer takes it over.
        const later = new Date(Date.now() + 120_000);
        const second = await Promise.all(Array.from({ length: RACERS }, (_, i) => take(`b${i}`, later)));
        expect(second.filter((r) => r !== null)).toHaveLength(1);
      });

      it('creates one document when racers upsert the same key', async () => {
        const docs = db.collection<{ _id: string; createdBy?: number; seen: number }>('upserts');
        const results = await Promise.allSettled(
          Array.from({ length: RACERS }, (_, i) => docs.updateOne({ _id: 'key' }, { $setOnInsert: { createdBy: i }, $inc: { seen: 1 } }, { upsert: true })),
        );
        // MongoDB may refuse a racing upsert with a duplicate key; nothing else may fail.
        for (const r of results) if (r.status === 'rejected') expect(duplicateKeyIndex(r.reason)).toBe('_id_');
        const fulfilled = results.filter((r) => r.status === 'fulfilled').length;
        expect(await docs.countDocuments({})).toBe(1);
        expect((await docs.findOne({ _id: 'key' }))?.seen).toBe(fulfilled);
      });
    });

    describe('unique indexes', () => {
      it('refuses a second document with the same key, and says which index through mongoose too', async () => {
        const docs = db.collection('unique_keys');
        await docs.createIndex({ reference: 1 }, { unique: true, name: 'reference_unique' });
        await docs.insertOne({ _id: 'a' as never, reference: 'ABCD-EFGH' });
        const direct = await docs.insertOne({ _id: 'b' as never, reference: 'ABCD-EFGH' }).catch((e: unknown) => e);
        expect(duplicateKeyIndex(direct)).toBe('reference_unique');
        const byId = await docs.insertOne({ _id: 'a' as never, reference: 'OTHER' }).catch((e: unknown) => e);
        expect(duplicateKeyIndex(byId)).toBe('_id_');

        const connection = mongoose.createConnection(client.options.hosts.map((h) => `mongodb://${h.toString()}/`)[0]!, { dbName: db.databaseName, autoIndex: false });
        await connection.asPromise();
        try {
          const Model = connection.model('UniqueKey', new Schema({ _id: String, reference: String }, { collection: 'unique_keys', versionKey: false }));
          const viaMongoose = await Model.create({ _id: 'c', reference: 'ABCD-EFGH' }).catch((e: unknown) => e);
          expect(duplicateKeyIndex(viaMongoose)).toBe('reference_unique');
        } finally {
          await connection.close();
        }
      });

      it('inserts the rest of an unordered batch around its duplicates', async () => {
        const docs = db.collection<{ _id: string; n: number }>('batch');
        await docs.insertOne({ _id: 'k3', n: -1 });
        const batch = Array.from({ length: 10 }, (_, n) => ({ _id: `k${n % 8}`, n }));
        const error = await docs.insertMany(batch, { ordered: false }).catch((e: unknown) => e as { writeErrors?: unknown[]; code?: number });
        expect(error).toBeInstanceOf(Error);
        expect(duplicateKeyIndex(error)).toBe('_id_');
        expect(await docs.countDocuments({})).toBe(8);
        expect((await docs.findOne({ _id: 'k3' }))?.n).toBe(-1);
      });
    });

    describe('lookups the product makes are answered from an index, not by reading the collection', () => {
      const SIZE = 3000;
      type Row = { _id: string; revision: number; reference: string; teamId: string; status: string; due: Date; hashes: string[]; expiresAt: Date };

      beforeAll(async () => {
        const rows = db.collection<Row>('planned');
        await rows.createIndex({ reference: 1 }, { unique: true });
        await rows.createIndex({ teamId: 1, status: 1, due: 1 });
        await rows.createIndex({ hashes: 1 });
        await rows.createIndex({ expiresAt: 1 });
        const base = Date.UTC(2026, 0, 1);
        for (let start = 0; start < SIZE; start += 1000) {
          await rows.insertMany(
            Array.from({ length: 1000 }, (_, k) => {
              const i = start + k;
              return {
                _id: `case-${i}`, revision: i % 3, reference: `REF-${i}`, teamId: `team-${i % 20}`, status: i % 10 === 0 ? 'new' : 'closed',
                due: new Date(base + i * 60_000), hashes: [`h-${i}`, `h-${i % 500}-shared`], expiresAt: new Date(base + i * 3_600_000),
              };
            }),
          );
        }
      }, 60_000);

      async function examined(filter: Record<string, unknown>): Promise<{ docs: number; returned: number }> {
        const plan = (await db.collection('planned').find(filter).explain('executionStats')) as { executionStats?: { totalDocsExamined?: number; nReturned?: number } };
        return { docs: Number(plan.executionStats?.totalDocsExamined ?? Number.NaN), returned: Number(plan.executionStats?.nReturned ?? Number.NaN) };
      }

      it.each([
        ['one document by _id', { _id: 'case-1234' }, 1],
        ['compare-and-set by _id and revision', { _id: 'case-1234', revision: 1 }, 1],
        ['a unique key', { reference: 'REF-2345' }, 1],
        ['several _ids with $in', { _id: { $in: ['case-1', 'case-2', 'case-3'] } }, 3],
        ['a team\'s open cases (equality on a compound index\'s prefix)', { teamId: 'team-7', status: 'new' }, 0],
        ['an element of an array field', { hashes: 'h-42-shared' }, 6],
        ['a range on an indexed date, oldest first', { expiresAt: { $lte: new Date(Date.UTC(2026, 0, 1) + 10 * 3_600_000) } }, 11],
      ])('%s', async (_name, filter, expected) => {
        const { docs, returned } = await examined(filter);
        expect(returned).toBe(expected);
        // An index lookup reads about what it returns; a collection scan reads all SIZE documents.
        expect(docs).toBeLessThanOrEqual(Math.max(expected, 1) * 2);
      });

      it("reads a page of a team's work in the index's order, however much work the team has", async () => {
        // team-0 has 150 'new' rows: the staff queue's shape (equality on the prefix, sorted by the next key, a page).
        const page = db.collection<Row>('planned').find({ teamId: 'team-0', status: 'new' }).sort({ due: 1 }).limit(5);
        const rows = await page.toArray();
        expect(rows.map((r) => r._id)).toEqual(['case-0', 'case-20', 'case-40', 'case-60', 'case-80']);
        const plan = (await page.explain('executionStats')) as { executionStats?: { totalDocsExamined?: number; nReturned?: number } };
        expect(plan.executionStats?.nReturned).toBe(5);
        // A sort in memory would read all 150 first.
        expect(plan.executionStats?.totalDocsExamined).toBeLessThanOrEqual(10);
      });
    });

    describe('aggregation the reports use', () => {
      it('runs $match $unwind $group $sort $project $skip $limit $count and $unset', async () => {
        const rows = db.collection('report_rows');
        await rows.insertMany([
          { kind: 'asb', team: 'a', tags: ['x', 'y'], days: 3, secret: 's' },
          { kind: 'asb', team: 'b', tags: ['x'], days: 5, secret: 's' },
          { kind: 'hate', team: 'a', tags: [], days: 10, secret: 's' },
          { kind: 'da', team: 'c', tags: ['y'], days: 1, secret: 's' },
        ]);
        const byKind = await rows
          .aggregate([
            { $match: { kind: { $in: ['asb', 'hate'] } } },
            { $group: { _id: '$kind', cases: { $sum: 1 }, days: { $sum: '$days' } } },
            { $sort: { cases: -1, _id: 1 } },
            { $project: { _id: 0, kind: '$_id', cases: 1, days: 1 } },
          ])
          .toArray();
        expect(byKind).toEqual([{ cases: 2, kind: 'asb', days: 8 }, { cases: 1, kind: 'hate', days: 10 }]);
        const tags = await rows.aggregate([{ $unwind: '$tags' }, { $group: { _id: '$tags', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray();
        expect(tags).toEqual([{ _id: 'x', n: 2 }, { _id: 'y', n: 2 }]);
        const page = await rows.aggregate([{ $sort: { days: 1 } }, { $skip: 1 }, { $limit: 2 }, { $unset: ['secret', '_id'] }]).toArray();
        expect(page.map((r) => r['days'])).toEqual([3, 5]);
        expect(page.every((r) => !('secret' in r))).toBe(true);
        expect(await rows.aggregate([{ $match: { team: 'a' } }, { $count: 'n' }]).toArray()).toEqual([{ n: 2 }]);
      });
    });

    describe('reads while others write and delete', () => {
      // A report reads whole collections while conversations write. The embedded engine failed such reads with
      // "Chunk N not found" until it pinned the store's version for each command (PlannedBackend).
      it('answers every full read while documents are updated, deleted and added around it', async () => {
        type Note = { _id: string; n: number; words: string };
        const notes = db.collection<Note>('busy');
        const words = 'Someone has been shouting outside my door every night and I am scared to go out. '.repeat(800);
        let next = 0;
        const add = (count: number) => notes.insertMany(Array.from({ length: count }, () => ({ _id: `note-${(next += 1)}`, n: next, words })));
        for (let i = 0; i < 6; i += 1) await add(50);
        const failures: string[] = [];
        let writing = true;
        // Deletes (the engine cleans up after them), updates and inserts, round after round.
        const writer = (async () => {
          for (let round = 0; round < 8; round += 1) {
            const oldest = await notes.find({}, { projection: { _id: 1 } }).sort({ n: 1 }).limit(20).toArray();
            await notes.deleteMany({ _id: { $in: oldest.map((d) => d._id) } });
            await notes.updateMany({ n: { $gte: next - 20 } }, { $set: { words: `${words}${round}` } });
            await add(20);
            await new Promise((r) => setTimeout(r, 150));
          }
          writing = false;
        })();
        const reader = async () => {
          let reads = 0;
          while (writing || reads < 3) {
            reads += 1;
            const all = await notes.find({}).toArray().catch((e: unknown) => {
              failures.push(String(e));
              return [];
            });
            if (all.length > 0 && all.length < 280) failures.push(`a full read saw ${all.length} of about 300 notes`);
            await notes.countDocuments({ n: { $gte: 0 } }).catch((e: unknown) => failures.push(String(e)));
          }
        };
        await Promise.all([writer, reader(), reader(), reader()]);
        expect(failures).toEqual([]);
        expect(await notes.countDocuments({})).toBe(300);
      }, 300_000);
    });

    describe('large documents', () => {
      it('stores 40 evidence chunks of 255 kB in one batch and a 4 MB document, byte for byte', async () => {
        const chunks = db.collection<{ _id: string; n: number; data: Buffer }>('chunks');
        const parts = Array.from({ length: 40 }, (_, n) => ({ _id: `file:${n}`, n, data: randomBytes(255 * 1024) }));
        await chunks.insertMany(parts, { ordered: true });
        const back = await chunks.find({ _id: { $in: parts.map((p) => p._id) } }).sort({ n: 1 }).toArray();
        expect(back).toHaveLength(40);
        expect(back.every((c, n) => Buffer.from(c.data.buffer).equals(parts[n]!.data))).toBe(true);
        const big = randomBytes(4 * 1024 * 1024);
        await chunks.insertOne({ _id: 'big', n: -1, data: big });
        expect(Buffer.from((await chunks.findOne({ _id: 'big' }))!.data.buffer).equals(big)).toBe(true);
      });
    });

    if (engine.launch) {
      const launch = engine.launch;
      describe('what happens when the engine process is killed outright', () => {
        it('keeps every write it acknowledged before kill -9', async () => {
          const dir = tempDir('db-contract-kill-');
          dirs.push(dir);
          const first = await launch(dir);
          const writer = await MongoClient.connect(first.uri, { retryWrites: false, maxPoolSize: 10, serverSelectionTimeoutMS: 2000 });
          const acknowledged: string[] = [];
          let stop = false;
          const writers = Array.from({ length: 8 }, async (_, w) => {
            for (let i = 0; !stop; i += 1) {
              const id = `w${w}-${i}`;
              try {
                await writer.db('durable').collection('acks').insertOne({ _id: id as never, at: new Date(), pad: 'x'.repeat(200) });
                acknowledged.push(id);
              } catch {
                return;
              }
            }
          });
          // Kill it in the middle of the stream, once a fair number of writes has been acknowledged.
          let writersEnded = false;
          const ended = Promise.all(writers).then(() => (writersEnded = true));
          while (acknowledged.length < 300 && !writersEnded) await new Promise((r) => setTimeout(r, 20));
          expect(writersEnded).toBe(false);
          process.kill(first.pid, 'SIGKILL');
          stop = true;
          await ended;
          await writer.close(true).catch(() => {});
          await first.stop().catch(() => {});

          const second = await launch(dir);
          const reader = await MongoClient.connect(second.uri);
          try {
            const kept = await reader.db('durable').collection('acks').countDocuments({ _id: { $in: acknowledged as never[] } });
            expect(kept).toBe(acknowledged.length);
          } finally {
            await reader.close();
            await second.stop();
          }
        }, 90_000);

        it('leaves no readable trace of a deleted document that was written in one large batch', async () => {
          // One insert of 24 MB is one chunk of the file: the document deleted shares it with data that stays.
          const dir = tempDir('db-contract-erase-batch-');
          dirs.push(dir);
          const engineRun = await launch(dir);
          const c = await MongoClient.connect(engineRun.uri);
          try {
            const marker = `Jane Doe followed me home ${randomUUID()}`;
            const docs = c.db('erasure').collection<{ _id: string; text?: string; data?: Buffer }>('photos');
            await docs.insertMany([
              ...Array.from({ length: 48 }, (_, i) => ({ _id: `photo-${String(i).padStart(2, '0')}`, data: randomBytes(512 * 1024) })),
              { _id: 'photo-24-note', text: marker },
            ]);
            const written = Date.now() + 5_000;
            while (!rawBytes(dir).includes(marker) && Date.now() < written) await new Promise((r) => setTimeout(r, 250));
            expect(rawBytes(dir).includes(marker)).toBe(true);
            await docs.deleteOne({ _id: 'photo-24-note' });
            const until = Date.now() + 15_000;
            while (rawBytes(dir).includes(marker) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
            expect(rawBytes(dir).includes(marker)).toBe(false);
            expect(await docs.countDocuments({})).toBe(48);
          } finally {
            await c.close();
            await engineRun.stop();
          }
        }, 60_000);

        it('leaves no readable trace of a deleted document in its files', async () => {
          const dir = tempDir('db-contract-erase-');
          dirs.push(dir);
          const engineRun = await launch(dir);
          const c = await MongoClient.connect(engineRun.uri);
          try {
            const marker = `John Smith shouted at me ${randomUUID()}`;
            const docs = c.db('erasure').collection<{ _id: string; text: string }>('words');
            await docs.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `other-${i}`, text: `unrelated ${i}` })));
            await docs.insertOne({ _id: 'said', text: marker });
            await docs.updateOne({ _id: 'said' }, { $set: { text: `${marker} (edited)` } });
            // The words are on disk (an engine may write a second later)...
            const written = Date.now() + 5_000;
            while (!rawBytes(dir).includes(marker) && Date.now() < written) await new Promise((r) => setTimeout(r, 250));
            expect(rawBytes(dir).includes(marker)).toBe(true);
            await docs.deleteOne({ _id: 'said' });
            // ...and gone once deleted (an engine may scrub in the background: it has up to 15 s).
            const until = Date.now() + 15_000;
            while (rawBytes(dir).includes(marker) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
            expect(rawBytes(dir).includes(marker)).toBe(false);
            expect(await docs.countDocuments({})).toBe(50);
          } finally {
            await c.close();
            await engineRun.stop();
          }
        }, 60_000);
      });
    }
  });
}
