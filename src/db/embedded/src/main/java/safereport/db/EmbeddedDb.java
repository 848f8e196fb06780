package safereport.db;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;

/**
 * The embedded database the service starts when MONGODB_URI is not set: mongo-java-server with its H2
 * (MVStore) backend, made to fit this product (docs/adr/0004-embedded-database.md):
 * <ul>
 *   <li>every acknowledged write is committed to the file before the answer goes out ({@code --commit each});</li>
 *   <li>a filter with a scalar equality on the key(s) of any index is answered from that index, and
 *       non-unique indexes exist ({@link PlannedCollection}, {@link SecondaryIndex});</li>
 *   <li>deleted documents are scrubbed from the file soon after ({@link Scrubber});</li>
 *   <li>it stops when its standard input closes, so a parent killed with -9 leaves no database behind.</li>
 * </ul>
 * Flags switch each of these off, so that the contract suite can measure the engine without them.
 *
 * Usage: java -cp ... safereport.db.EmbeddedDb --data DIR [--port N] [--commit each|interval]
 *        [--planner on|off] [--secondary-indexes on|off] [--scrub on|off]
 * Prints "listening 127.0.0.1:PORT" on standard output once it accepts connections.
 */
public final class EmbeddedDb {

    private EmbeddedDb() {
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        Files.createDirectories(options.dataDir);
        Path file = options.dataDir.resolve("safe-report.mv.db");

        MVStore.Builder builder = new MVStore.Builder();
        if (options.scrub) {
            // Space MVStore gives up is zeroed before reuse (what the scrubber's erasure rests on).
            ErasingFileStore erasing = new ErasingFileStore();
            erasing.open(file.toString(), false, null);
            builder.adoptFileStore(erasing);
            options.fileStore = erasing;
        } else {
            builder.fileName(file.toString());
        }
        if (options.commitEachWrite) {
            // Nothing is written behind our back: a write is on file when its command answers.
            builder.autoCommitDisabled();
        }
        MVStore store = builder.open();
        if (options.scrub) {
            // Chunks without live data may be overwritten at once (the scrubber relies on it). What this
            // gives up is protection against a machine losing power inside the default 45 s window; a
            // killed process loses nothing, the operating system still holds what was written.
            store.setRetentionTime(0);
        }

        PlannedBackend backend = PlannedBackend.open(store, options);
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", options.port));
        InetSocketAddress address = server.getLocalAddress();

        Runnable stop = new Runnable() {
            private boolean stopped;

            @Override
            public synchronized void run() {
                if (stopped) {
                    return;
                }
                stopped = true;
                server.shutdownNow();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "shutdown"));

        if (options.watchStdin) {
            Thread guard = new Thread(() -> {
                waitForEndOfInput(System.in);
                stop.run();
                System.exit(0);
            }, "parent-guard");
            guard.setDaemon(true);
            guard.start();
        }

        System.out.println("listening " + address.getHostString() + ":" + address.getPort());
        System.out.flush();
    }

    /** Returns when the parent closes our standard input (or dies: the kernel closes the pipe). */
    private static void waitForEndOfInput(InputStream in) {
        byte[] buffer = new byte[64];
        try {
            while (in.read(buffer) >= 0) {
                // whatever the parent sends is ignored; only the end matters
            }
        } catch (IOException e) {
            // a broken pipe is the same as the end
        }
    }

    static final class Options {
        Path dataDir;
        int port;
        boolean commitEachWrite = true;
        boolean planner = true;
        boolean secondaryIndexes = true;
        boolean scrub = true;
        boolean watchStdin = true;
        /** The file, when it erases what it frees (with --scrub on). */
        ErasingFileStore fileStore;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (name) {
                    case "--data" -> o.dataDir = Path.of(value);
                    case "--port" -> o.port = Integer.parseInt(value);
                    case "--commit" -> o.commitEachWrite = value.equals("each");
                    case "--planner" -> o.planner = value.equals("on");
                    case "--secondary-indexes" -> o.secondaryIndexes = value.equals("on");
                    case "--scrub" -> o.scrub = value.equals("on");
                    case "--watch-stdin" -> o.watchStdin = value.equals("on");
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
                i++;
            }
            if (o.dataDir == null) {
                throw new IllegalArgumentException("--data DIR is required");
            }
            return o;
        }
    }
}
