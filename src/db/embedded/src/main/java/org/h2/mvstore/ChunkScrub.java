package org.h2.mvstore;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    /**
     * Maps whose dead leaves do not make a chunk worth rewriting: MVStore's layout (map 0, the chunks' own
     * metadata, rewritten by every commit), its meta map (map names) and the scrubber's own bookkeeping. None holds
     * a document. Counting them never ended at 100,000 cases: every commit leaves a dead layout leaf in the chunk
     * before it, so every chunk the scrub had just written qualified again, and a scrub that could not finish its
     * list within one request's deadline rewrote the whole store over and over (160 GB written for a 4.3 GB file
     * in 17 minutes).
     */
    private final BitSet ignoredMaps = new BitSet();

    public ChunkScrub(MVStore store, int... ignoredMapIds) {
        this.store = store;
        ignoredMaps.set(0);
        ignoredMaps.set(store.getMetaMap().getId());
        for (int id : ignoredMapIds) {
            ignoredMaps.set(id);
        }
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
        leaves.keySet().retainAll(fileStore.getChunks().keySet());
        for (Object value : fileStore.getChunks().values()) {
            Chunk<?> chunk = (Chunk<?>) value;
            if (chunk != newest && chunk.isRewritable() && chunk.tocPos != 0 && hasDeadLeaf(fileStore, chunk)) {
                ids.add(chunk.id);
            }
        }
        Collections.sort(ids);
        return ids;
    }

    /** A written chunk's user leaf pages by page number (its table of contents never changes), with the version it was written at. */
    private record Leaves(long version, BitSet pages) {
    }

    /**
     * Each chunk's leaves, read from its table of contents once. Reading every chunk's table of contents on every
     * scrub cost more than the scrub as the file grew (83 GB read in 17 minutes at 100,000 cases, about 20,000
     * chunks): what changes between scrubs is only which pages are dead (the chunk's occupancy, in memory).
     */
    private final Map<Integer, Leaves> leaves = new HashMap<>();

    @SuppressWarnings({"rawtypes", "unchecked"})
    private boolean hasDeadLeaf(FileStore fileStore, Chunk chunk) {
        if (chunk.pageCountLive >= chunk.pageCount) {
            return false;
        }
        try {
            Leaves known = leaves.get(chunk.id);
            if (known == null || known.version() != chunk.version) {
                long[] toc = chunk.readToC(fileStore);
                BitSet pages = new BitSet(toc.length);
                for (int pageNo = 0; pageNo < toc.length; pageNo++) {
                    if (DataUtils.isLeafPosition(toc[pageNo]) && !ignoredMaps.get(DataUtils.getPageMapId(toc[pageNo]))) {
                        pages.set(pageNo);
                    }
                }
                known = new Leaves(chunk.version, pages);
                leaves.put(chunk.id, known);
            }
            return known.pages().intersects((BitSet) chunk.occupancy.clone());
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
