package org.h2.mvstore;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * What the scrubber (safereport.db.Scrubber) needs from MVStore beyond its public API: which chunks hold a dead
 * page, and moving a chunk's live pages out a slice at a time. It lives in H2's package because chunk occupancy,
 * a chunk's table of contents and {@code MVMap.rewritePage} are package-private (H2 2.3.232, the version
 * mongo-java-server 1.47 brings).
 * <p>
 * Why not {@code MVStore.compact(100, budget)}: it only picks chunks whose live data fits in one round's budget,
 * so a chunk with more live data than that (one insert of many documents, a few photos) kept its dead pages for
 * ever; and it rewrites pages while holding the store's lock, which every write's commit waits for. Here a page is
 * moved the way a write changes it (an ordinary map operation, no store lock); only the commit that follows takes
 * the lock, for as long as it takes to write one slice.
 */
public final class ChunkScrub {

    private final MVStore store;

    public ChunkScrub(MVStore store) {
        this.store = store;
    }

    /**
     * Chunks holding at least one dead leaf page and one live page, oldest first (never the newest chunk). Leaves
     * hold the documents; an inner page holds only keys (ids, index values) and child positions. Counting dead inner
     * pages too never ended: moving a leaf rewrites its path to the root, so the chunk the last slice wrote had a
     * dead inner page after the next one, and every scrub rewrote the whole store again (seen at 100,000 cases).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List<Integer> chunksWithDeadPages() {
        FileStore fileStore = store.getFileStore();
        Chunk<?> newest = fileStore.lastChunk;
        List<Integer> ids = new ArrayList<>();
        for (Object value : fileStore.getChunks().values()) {
            Chunk<?> chunk = (Chunk<?>) value;
            if (chunk != newest && chunk.isRewritable() && chunk.tocPos != 0 && hasDeadLeaf(fileStore, chunk)) {
                ids.add(chunk.id);
            }
        }
        Collections.sort(ids);
        return ids;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static boolean hasDeadLeaf(FileStore fileStore, Chunk chunk) {
        try {
            long[] toc = chunk.readToC(fileStore);
            BitSet dead = (BitSet) chunk.occupancy.clone();
            for (int pageNo = dead.nextSetBit(0); pageNo >= 0 && pageNo < toc.length; pageNo = dead.nextSetBit(pageNo + 1)) {
                if (DataUtils.isLeafPosition(toc[pageNo])) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            // changed under us: look again next time
            return false;
        }
    }

    /**
     * Moves live pages of chunk {@code id} (leaves, then inner pages) into the next commit, until about
     * {@code budget} bytes. Returns the bytes moved: 0 when nothing movable is left (the chunk is gone, or what
     * lives in it is MVStore's own layout, which the next commits and {@code compact} move).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public int moveLivePages(int id, int budget) {
        FileStore fileStore = store.getFileStore();
        Chunk<?> chunk = (Chunk<?>) fileStore.getChunks().get(id);
        if (chunk == null || !chunk.isSaved() || chunk.tocPos == 0 || chunk == fileStore.lastChunk) {
            return 0;
        }
        // Pins what is current, so that no chunk this reads from is freed (and zeroed) under it.
        MVStore.TxCounter pin = store.registerVersionUsage();
        try {
            long[] toc = chunk.readToC(fileStore);
            BitSet dead = (BitSet) chunk.occupancy.clone();
            MVMap<String, String> meta = store.getMetaMap();
            int moved = 0;
            for (int pass = 0; pass < 2 && moved < budget; pass++) {
                boolean leaves = pass == 0;
                for (int pageNo = dead.nextClearBit(0); pageNo < toc.length && moved < budget; pageNo = dead.nextClearBit(pageNo + 1)) {
                    long entry = toc[pageNo];
                    if (DataUtils.isLeafPosition(entry) != leaves) {
                        continue;
                    }
                    int mapId = DataUtils.getPageMapId(entry);
                    MVMap<?, ?> map = mapId == meta.getId() ? meta : store.getMap(mapId);
                    if (map == null || map.isClosed() || map.isSingleWriter()) {
                        continue;
                    }
                    if (map.rewritePage(DataUtils.composePagePos(id, entry))) {
                        moved += DataUtils.getPageMaxLength(entry);
                        if (map == meta) {
                            store.markMetaChanged();
                        }
                    }
                }
            }
            return moved;
        } catch (RuntimeException e) {
            // The chunk changed under us (freed, or its occupancy grew while copied): the next scrub sees it again.
            return 0;
        } finally {
            store.deregisterVersionUsage(pin);
        }
    }
}
