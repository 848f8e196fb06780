package safereport.db;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;

/**
 * The H2 backend with: a server version today's drivers accept, a commit after each write command,
 * an {@code explain} that reports the plan {@link PlannedCollection} chose, and a scrub after deletes.
 */
final class PlannedBackend extends H2Backend {

    /** MongoDB 4.4 (wire version 9) is the oldest server the Node.js driver 7 talks to. */
    static final MongoVersion VERSION = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create",
        "createindexes", "drop", "dropindexes", "dropdatabase", "renamecollection");
    /**
     * Commands that remove documents: a scrub follows. Updates do not trigger one: what a person wrote is
     * sealed by the field cipher before it is stored, so an overwritten version is ciphertext, and scrubbing
     * after every turn's update would rewrite the file all the time.
     */
    private static final Set<String> REMOVALS = Set.of("delete", "drop", "dropdatabase");

    /** Commands answered so far: the scrubber rests only when something else is using the store. */
    static final AtomicLong COMMANDS = new AtomicLong();

    private final MVStore store;
    private final EmbeddedDb.Options options;
    private final Scrubber scrubber;

    static PlannedBackend open(MVStore store, EmbeddedDb.Options options) {
        // Read by the database factory, which the H2Backend constructor already calls.
        PlannedDatabase.store = store;
        PlannedDatabase.options = options;
        PlannedBackend backend = new PlannedBackend(store, options);
        backend.version(VERSION);
        return backend;
    }

    private PlannedBackend(MVStore store, EmbeddedDb.Options options) {
        super(store);
        this.store = store;
        this.options = options;
        this.scrubber = options.scrub ? new Scrubber(store, options.fileStore) : null;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new PlannedDatabase(databaseName, getCursorRegistry());
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document query = message.getDocument();
        String command = query.keySet().iterator().next();
        return handleCommand(message.getChannel(), message.getDatabaseName(), command, query);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        String name = command.toLowerCase();
        COMMANDS.incrementAndGet();
        if (name.equals("explain")) {
            return explain(databaseName, (Document) query.get(command));
        }
        if (name.equals("scrubnow") && scrubber != null) {
            // Not a MongoDB command: the benchmark's way to leave the file as a running service keeps it (scrubbed
            // as data arrived) after it has written years of data in minutes, so that it measures requests, not
            // that backlog. The scrub runs on the scrubber's own thread, without rests; this waits for it up to a
            // second and says whether it is done; the caller asks again until it is. Not on the network thread that
            // read the command: other connections share it (the driver's heartbeat among them, which gives up after
            // 5 s), and one chunk of a 100,000-case file took longer than that (the benchmark's pool was dropped).
            long started = System.currentTimeMillis();
            int rounds = scrubber.catchUp(1000);
            Document result = new Document("rounds", Math.abs(rounds)).append("done", rounds >= 0)
                .append("ms", System.currentTimeMillis() - started);
            Utils.markOkay(result);
            return result;
        }
        // Pins the store's current version for the whole command: MVStore frees a chunk as soon as no
        // registered reader needs it, and with no versions or chunks retained (what the scrub needs) a
        // full read that outlived a concurrent commit or compaction failed with "Chunk N not found".
        MVStore.TxCounter reading = store.registerVersionUsage();
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            store.deregisterVersionUsage(reading);
            if (WRITES.contains(name)) {
                if (options.commitEachWrite) {
                    commit();
                }
                boolean removes = REMOVALS.contains(name) || (name.equals("findandmodify") && Utils.isTrue(query.get("remove")));
                if (scrubber != null && removes) {
                    scrubber.soon();
                }
            }
        }
    }

    /** MongoDB's explain shape, enough for the contract suite: which index, how many documents read. */
    private Document explain(String databaseName, Document inner) {
        String command = inner.keySet().iterator().next();
        String collectionName = String.valueOf(inner.get(command));
        Document filter = firstDocument(inner, "filter", "query", "q");
        if (filter == null && inner.get("deletes") instanceof List<?> deletes && !deletes.isEmpty()) {
            filter = (Document) ((Document) deletes.get(0)).get("q");
        }
        if (filter == null && inner.get("updates") instanceof List<?> updates && !updates.isEmpty()) {
            filter = (Document) ((Document) updates.get(0)).get("q");
        }
        if (filter == null && inner.get("pipeline") instanceof List<?> pipeline && !pipeline.isEmpty()) {
            Object match = ((Document) pipeline.get(0)).get("$match");
            filter = match instanceof Document d ? d : null;
        }
        if (filter == null) {
            filter = new Document();
        }
        MongoDatabase database = resolveDatabase(databaseName);
        MongoCollection<?> collection = database.resolveCollection(collectionName, false);
        Document sort = inner.get("sort") instanceof Document d ? d : null;
        int limit = inner.get("limit") instanceof Number n ? Math.abs(n.intValue()) : 0;
        Document result = collection instanceof PlannedCollection planned
            ? planned.explain(filter, sort, limit)
            : PlannedCollection.emptyExplain();
        Utils.markOkay(result);
        return result;
    }

    private static Document firstDocument(Document source, String... keys) {
        for (String key : keys) {
            if (source.get(key) instanceof Document d) {
                return d;
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (scrubber != null) {
            scrubber.close();
        }
        super.close();
    }
}
