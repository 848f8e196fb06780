package safereport.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;

import org.h2.mvstore.SingleFileStore;

/**
 * MVStore's file, where space given up is written over with zeros before it may be used again. MVStore frees a
 * chunk (or the old place of a moved one) by marking its blocks free; the bytes stay until a later chunk happens
 * to land there. Zeroing them at once makes "nothing deleted is readable" a matter of getting the deleted pages
 * out of their chunks ({@link Scrubber}), with no need to move every live chunk to the front of the file.
 * <p>
 * The zeros are written while MVStore holds its chunk-saving lock ({@code free} is called under it), so no chunk
 * can be placed in that space until they are written.
 */
final class ErasingFileStore extends SingleFileStore {

    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(256 * 1024).asReadOnlyBuffer();

    private volatile FileChannel eraser;
    private long erasedBytes;

    ErasingFileStore() {
        // MVStore's defaults (a 16 MB page cache), as when it opens its own file.
        super(new HashMap<>());
    }

    @Override
    protected void free(long pos, int length) {
        erase(pos, length);
        super.free(pos, length);
    }

    private synchronized void erase(long pos, int length) {
        try {
            if (eraser == null) {
                eraser = FileChannel.open(Path.of(getFileName()), StandardOpenOption.WRITE);
            }
            long at = pos;
            long end = pos + length;
            while (at < end) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int) Math.min(zeros.capacity(), end - at));
                at += eraser.write(zeros, at);
            }
            erasedBytes += length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes written over since the store opened. */
    synchronized long erasedBytes() {
        return erasedBytes;
    }

    /**
     * Puts the zeros on the disk (not only in the operating system's cache). Not under this object's lock: erase runs
     * inside MVStore's chunk-saving lock, and an fsync of a large file can take seconds, during which every commit
     * (and so every write request) would wait (the benchmark's driver lost its connection at 97,500 cases).
     */
    void flushErasures() {
        FileChannel channel = eraser;
        try {
            if (channel != null && channel.isOpen()) {
                channel.force(false);
            }
        } catch (IOException e) {
            // closed meanwhile, or the disk refused: the next scrub forces again
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            try {
                if (eraser != null) {
                    eraser.close();
                    eraser = null;
                }
            } catch (IOException e) {
                // closing: nothing left to write
            }
        }
        super.close();
    }
}
