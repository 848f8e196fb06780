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
    /**
     * ...and it rests twenty times as long as it last took, so it never has more than about a twentieth of the
     * store's time. A scrub rewrites every chunk that holds a dead page, which in a file built by many commits is
     * nearly all of it: at 100,000 cases (a 2 GB file, mostly photos) one took minutes, and with a new one every
     * 5 s (each submitted report deletes its session) turns waited behind it for a second and more.
     */
    private static final long REST_FACTOR = 20;
    /** Bytes rewritten per round, holding the store's lock: 2 MB keeps a turn that waits behind a round to tens of milliseconds. */
    private static final int ROUND_BYTES = 2 * 1024 * 1024;
    private static final int MAX_ROUNDS = 8000;
    private static final int COMPACT_FILE_MS = 500;

    private final MVStore store;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "scrubber");
        thread.setDaemon(true);
        return thread;
    });
    /** A scrub is scheduled and has not started: a removal now is covered by it. */
    private boolean scheduled;
    private volatile long lastFinished;
    private volatile long lastDurationMs;
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
            long gap = Math.max(MIN_GAP_MS, lastDurationMs * REST_FACTOR);
            long delay = Math.max(DELAY_MS, lastFinished + gap - System.currentTimeMillis());
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
            long started = System.currentTimeMillis();
            // Rewrite the chunks that hold dead pages until none is left, then move the live chunks
            // together: what was dead is written over or cut off the file's end. A small write before each
            // round keeps the chunk just written from being the newest, which MVStore never rewrites.
            // Measured (ADR 0004): compactFile alone, or one round, left a deleted value readable.
            // Each round rewrites at most ROUND_BYTES and holds the store's lock only that long; writers
            // get the lock back between rounds, so a large file is scrubbed over time, not in one stall.
            for (int round = 0; round < MAX_ROUNDS; round++) {
                tick.put("round", (long) round);
                store.commit();
                if (!store.compact(100, ROUND_BYTES)) {
                    break;
                }
                store.commit();
                pause();
            }
            store.compactFile(COMPACT_FILE_MS);
            store.sync();
            lastFinished = System.currentTimeMillis();
            lastDurationMs = lastFinished - started;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        executor.shutdownNow();
    }
}
