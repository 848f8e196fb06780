package safereport.db;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Makes deleted documents unreadable in the file. MVStore never changes a chunk in place: a deleted
 * document stays in the old chunk's bytes until that space is written over. After deletes, this rewrites
 * the live data into new chunks and moves them to the front of the file, which writes over or truncates
 * every dead chunk (measured in docs/adr/0004-embedded-database.md).
 */
final class Scrubber {

    /** Deletes come in bursts (a purge, an erasure of several collections): scrub once after the burst. */
    private static final long DELAY_MS = 1000;
    /** A scrub rewrites live data too: at most one every few seconds, however often documents are deleted. */
    private static final long MIN_GAP_MS = 5000;

    private final MVStore store;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "scrubber");
        thread.setDaemon(true);
        return thread;
    });
    /** A scrub is scheduled and has not started: a removal now is covered by it. */
    private boolean scheduled;
    private volatile long lastFinished;
    private final Object running = new Object();

    private final MVMap<String, Long> tick;

    Scrubber(MVStore store) {
        this.store = store;
        // Versions are not kept for readers of the past (none here), so a dead chunk can go at once.
        store.setVersionsToKeep(0);
        this.tick = store.openMap("scrubber");
    }

    synchronized void soon() {
        if (!scheduled) {
            scheduled = true;
            long delay = Math.max(DELAY_MS, lastFinished + MIN_GAP_MS - System.currentTimeMillis());
            executor.schedule(this::scheduledScrub, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void scheduledScrub() {
        synchronized (this) {
            // From here on a new removal schedules another scrub: this one may already be past its data.
            scheduled = false;
        }
        scrubNow();
    }

    void scrubNow() {
        synchronized (running) {
            if (store.isClosed()) {
                return;
            }
            // Rewrite every chunk that holds a dead page until none is left, then move the live chunks
            // together: what was dead is written over or cut off the file's end. A small write before each
            // round keeps the chunk just written from being the newest, which MVStore never rewrites.
            // Measured (ADR 0004): compactFile alone, or one round, left a deleted value readable.
            for (int round = 0; round < 4; round++) {
                tick.put("round", (long) round);
                store.commit();
                if (!store.compact(100, Integer.MAX_VALUE)) {
                    break;
                }
                store.commit();
            }
            store.compactFile(60_000);
            store.sync();
            lastFinished = System.currentTimeMillis();
        }
    }

    void close() {
        executor.shutdownNow();
    }
}
