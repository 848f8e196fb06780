package safereport.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.h2.mvstore.ChunkScrub;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Makes deleted documents unreadable in the file. MVStore never changes a chunk in place: a deleted document
 * stays in its old chunk's bytes (a dead page beside live ones) until that chunk is given up. After deletes,
 * this rewrites the live pages of every chunk that holds a dead page into new chunks, so the old chunks hold
 * nothing live and are freed, and the file zeroes what is freed ({@link ErasingFileStore}).
 * <p>
 * It works in small rounds and rests between them in proportion to how long each took, so it has a bounded
 * share of the store's time and a request never waits behind more than one small round. Before, it ended with
 * MVStore's compactFile, which moves every live chunk towards the front of the file to write over freed space:
 * at 100,000 cases (a 2 GB file) that held the store's lock for hundreds of milliseconds at a time.
 */
final class Scrubber {

    /** Deletes come in bursts (a purge, an erasure of several collections): scrub once after the burst. */
    private static final long DELAY_MS = 1000;
    /** A scrub rewrites live data too: at most one every few seconds, however often documents are deleted. */
    private static final long MIN_GAP_MS = 5000;
    /** ...and it rests twenty times as long as its rounds last took, so it has about a twentieth of the store's time. */
    private static final long REST_FACTOR = 20;
    /**
     * Bytes of live pages rewritten per round, holding the store's lock: a request that arrives during a round
     * waits for it. 512 kB is a few milliseconds of work.
     */
    private static final int ROUND_BYTES = 512 * 1024;
    /** Between rounds the scrubber sleeps this many times as long as the round took (at least MIN_PAUSE_MS). */
    private static final long ROUND_REST = 4;
    private static final long MIN_PAUSE_MS = 10;
    private static final int MAX_ROUNDS = 20000;
    /**
     * compact(100) rounds after the chunks are done, for what MVStore keeps itself (layout pages). Bounded: every
     * chunk has some dead inner page soon after it is written, so "until nothing is left" never came.
     */
    private static final int COMPACT_ROUNDS = 4;
    /** A chunk is at most a few megabytes (one write command's pages); this bounds a chunk that keeps coming back. */
    private static final int MAX_SLICES_PER_CHUNK = 64;

    private final MVStore store;
    private final ErasingFileStore file;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "scrubber");
        thread.setDaemon(true);
        return thread;
    });
    /** A scrub is scheduled and has not started: a removal now is covered by it. */
    private boolean scheduled;
    private volatile long lastFinished;
    private volatile long lastBusyMs;
    private final Object running = new Object();
    private final String logFile = System.getProperty("safereport.scrub.log");

    private final MVMap<String, Long> tick;
    private final ChunkScrub chunks;

    Scrubber(MVStore store, ErasingFileStore file) {
        this.store = store;
        this.file = file;
        // Versions are not kept for readers of the past (none here), so a dead chunk can go at once.
        store.setVersionsToKeep(0);
        this.tick = store.openMap("scrubber");
        this.chunks = new ChunkScrub(store, tick.getId());
    }

    synchronized void soon() {
        if (!scheduled) {
            scheduled = true;
            long gap = Math.max(MIN_GAP_MS, lastBusyMs * REST_FACTOR);
            long delay = Math.max(DELAY_MS, lastFinished + gap - System.currentTimeMillis());
            executor.schedule(this::scheduledScrub, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** A scrub without rests asked for by {@link #catchUp}, still running or not yet collected. */
    private Future<Integer> catchingUp;

    /**
     * Starts a scrub without rests on the scrubber's thread (unless one is running) and waits for it up to
     * {@code waitMs}. Returns its rounds when it finished, negative (-1) while it is still running.
     */
    int catchUp(long waitMs) {
        // Its own lock: waiting here must not hold up soon(), which every delete calls.
        synchronized (catchUpLock) {
            return waitForCatchUp(waitMs);
        }
    }

    private final Object catchUpLock = new Object();

    private int waitForCatchUp(long waitMs) {
        if (catchingUp == null) {
            catchingUp = executor.submit(() -> scrubNow(false, Long.MAX_VALUE));
        }
        try {
            int rounds = catchingUp.get(waitMs, TimeUnit.MILLISECONDS);
            catchingUp = null;
            return Math.max(0, rounds);
        } catch (TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException e) {
            catchingUp = null;
            throw new IllegalStateException("scrub failed", e.getCause());
        }
    }

    private void scheduledScrub() {
        synchronized (this) {
            // From here on a new removal schedules another scrub: this one may already be past its data.
            scheduled = false;
        }
        scrubNow(true, Long.MAX_VALUE);
    }

    /**
     * Rewrites every chunk that holds a dead page, then frees (and so zeroes) the emptied chunks. {@code rest}:
     * pause between rounds (the background scrub); without it, rounds run back to back (an explicit request).
     * Stops after {@code deadlineNanos} ({@link System#nanoTime()}) if it comes first. Returns the rounds run,
     * negative when it stopped at the deadline with work left.
     */
    int scrubNow(boolean rest, long deadlineNanos) {
        synchronized (running) {
            if (store.isClosed()) {
                return 0;
            }
            long started = System.nanoTime();
            long erasedBefore = file.erasedBytes();
            // First every chunk that holds a dead page, its live pages moved out a slice at a time (each slice
            // committed: the commit is the only part that holds the store's lock). Then MVStore's own compact
            // for what is left (its layout pages), in slices too. A small write before each compact round keeps
            // the chunk just written from being the newest, which MVStore never rewrites. Measured (ADR 0004):
            // one compact round left a deleted value readable.
            Round round = new Round(rest);
            boolean late = false;
            for (int chunk : chunks.chunksWithDeadPages()) {
                if (System.nanoTime() > deadlineNanos) {
                    late = true;
                    break;
                }
                for (int slice = 0; slice < MAX_SLICES_PER_CHUNK && round.count < MAX_ROUNDS; slice++) {
                    long roundStart = System.nanoTime();
                    int moved = chunks.moveLivePages(chunk, ROUND_BYTES);
                    if (moved == 0) {
                        break;
                    }
                    long commitStart = System.nanoTime();
                    store.commit();
                    round.locked(commitStart);
                    round.done(roundStart);
                }
            }
            for (int compactRound = 0; !late && compactRound < COMPACT_ROUNDS && round.count < MAX_ROUNDS; compactRound++) {
                long roundStart = System.nanoTime();
                tick.put("round", (long) round.count);
                store.commit();
                boolean more = store.compact(100, ROUND_BYTES);
                store.commit();
                round.locked(roundStart);
                round.done(roundStart);
                if (!more) {
                    break;
                }
            }
            int rounds = round.count;
            long busy = round.busy;
            long longest = round.longest;
            long longestLocked = round.longestLocked;
            // A last commit frees the chunks the last round emptied (and so zeroes them).
            tick.put("round", (long) rounds);
            store.commit();
            file.flushErasures();
            store.sync();
            if (rest) {
                // Only the background scrub sets the next one's rest: a requested one (scrubNow for the benchmark,
                // catching up on a bulk load) would otherwise hold off the scrubs that deletes after it call for.
                lastFinished = System.currentTimeMillis();
                lastBusyMs = busy;
            }
            log(rounds, busy, longest, longestLocked, (System.nanoTime() - started) / 1_000_000, file.erasedBytes() - erasedBefore);
            return late ? -Math.max(1, rounds) : rounds;
        }
    }

    /** Counts rounds and their time, and rests after each one in proportion to it (when resting). */
    private static final class Round {
        private final boolean rest;
        int count;
        long busy;
        long longest;

        Round(boolean rest) {
            this.rest = rest;
        }

        /** The longest time the store's lock was held for a round. */
        long longestLocked;

        void locked(long startedNanos) {
            longestLocked = Math.max(longestLocked, (System.nanoTime() - startedNanos) / 1_000_000);
        }

        private long commandsSeen = PlannedBackend.COMMANDS.get();

        void done(long startedNanos) {
            long took = (System.nanoTime() - startedNanos) / 1_000_000;
            count++;
            busy += took;
            longest = Math.max(longest, took);
            // Rests in proportion only while requests come in: on an idle store it has nobody to make wait.
            // (Since the previous round ended: its rest and this round.)
            long commands = PlannedBackend.COMMANDS.get();
            boolean busyStore = commands != commandsSeen;
            commandsSeen = commands;
            if (rest) {
                pause(busyStore ? Math.max(MIN_PAUSE_MS, took * ROUND_REST) : 1);
            }
        }
    }

    private void log(int rounds, long busy, long longest, long longestLocked, long wall, long erased) {
        if (logFile == null) {
            return;
        }
        String line = String.format("%d scrub rounds=%d busyMs=%d longestRoundMs=%d longestLockedMs=%d wallMs=%d erasedBytes=%d fileBytes=%d cacheHitPercent=%d%n",
            System.currentTimeMillis(), rounds, busy, longest, longestLocked, wall, erased, store.getFileStore().size(), store.getFileStore().getCacheHitRatio());
        try {
            Files.writeString(Path.of(logFile), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a diagnostic only
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        executor.shutdownNow();
    }
}
