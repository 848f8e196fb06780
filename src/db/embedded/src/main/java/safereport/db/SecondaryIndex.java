package safereport.db;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A non-unique (possibly compound, possibly multikey) index, ordered, held in memory. mongo-java-server
 * has none ({@code openOrCreateSecondaryIndex} returns an empty index), so any filter on a field other
 * than {@code _id} or a unique key read the whole collection.
 *
 * Not persisted: it is rebuilt from the documents when the database opens, so it can never disagree with
 * them after a crash. Lookups return a superset of the matching positions (equality on a prefix of the
 * keys, then an inclusive range on the next key); the collection's matcher applies the whole filter.
 */
final class SecondaryIndex<P> extends Index<P> {

    /** Bounds that sort before and after every value. */
    static final Object MIN = new Object();
    static final Object MAX = new Object();

    /**
     * Key → the position, or {@link Several} positions. Most keys and most documents have one, and a set for
     * each (a LinkedHashSet is a LinkedHashMap and its table) was most of the engine's heap: at 100,000 cases
     * about 2 GB live, whose full and young collections grew with it.
     */
    private final NavigableMap<List<Object>, Object> entries = new TreeMap<>(SecondaryIndex::compareKeys);
    /** Position → its one key, or {@link Several} keys (a multikey document). */
    private final Map<P, Object> keysByPosition = new HashMap<>();
    private final Map<Object, P> positionById = new HashMap<>();

    /** More than one, in the order added (never a position or a key itself: neither is one of these). */
    private static final class Several<T> extends LinkedHashSet<T> {
        private static final long serialVersionUID = 1L;
    }

    @SuppressWarnings("unchecked")
    private static <T> Object with(Object current, T value) {
        if (current == null) {
            return value;
        }
        if (current instanceof Several<?> several) {
            ((Several<T>) several).add(value);
            return several;
        }
        if (current.equals(value)) {
            return current;
        }
        Several<T> several = new Several<>();
        several.add((T) current);
        several.add(value);
        return several;
    }

    /** What is left of {@code current} without {@code value}: null when nothing. */
    private static Object without(Object current, Object value) {
        if (current instanceof Several<?> several) {
            several.remove(value);
            if (several.size() == 1) {
                return several.iterator().next();
            }
            return several.isEmpty() ? null : several;
        }
        return current == null || current.equals(value) ? null : current;
    }

    @SuppressWarnings("unchecked")
    private static <T> void forEach(Object held, java.util.function.Consumer<T> action) {
        if (held instanceof Several<?> several) {
            for (Object value : several) {
                action.accept((T) value);
            }
        } else if (held != null) {
            action.accept((T) held);
        }
    }

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    int keyCount() {
        return getKeys().size();
    }

    static int compareKeys(List<Object> a, List<Object> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    static int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == MIN || b == MAX) {
            return -1;
        }
        if (a == MAX || b == MIN) {
            return 1;
        }
        return ValueComparator.asc().compare(a, b);
    }

    private static Object idOf(Document document) {
        return Values.normalize(document.get("_id"));
    }

    private Set<List<Object>> keysOf(Document document) {
        Set<List<Object>> keys = new LinkedHashSet<>();
        for (KeyValue value : getKeyValues(document)) {
            List<Object> key = new ArrayList<>(value.size());
            value.forEach(key::add);
            keys.add(key);
        }
        return keys;
    }

    @Override
    public synchronized P getPosition(Document document) {
        return positionById.get(idOf(document));
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        Object keys = null;
        for (List<Object> key : keysOf(document)) {
            entries.put(key, with(entries.get(key), position));
            keys = with(keys, key);
        }
        if (keys != null) {
            keysByPosition.put(position, keys);
        }
        positionById.put(idOf(document), position);
    }

    @Override
    public synchronized P remove(Document document) {
        P position = positionById.remove(idOf(document));
        if (position != null) {
            unlink(position);
        }
        return position;
    }

    private void unlink(P position) {
        SecondaryIndex.<List<Object>>forEach(keysByPosition.remove(position), key -> {
            Object left = without(entries.get(key), position);
            if (left == null) {
                entries.remove(key);
            } else {
                entries.put(key, left);
            }
        });
    }

    @Override
    public boolean canHandle(Document query) {
        // Planned by PlannedCollection, which knows how to ask for a prefix and a range.
        return false;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        throw new UnsupportedOperationException("use lookup()");
    }

    /**
     * Positions whose keys start with one of {@code prefixes} and whose next key lies within
     * [{@code lower}, {@code upper}] (null: unbounded on that side), in key order within each prefix. Read
     * lazily, a chunk of keys at a time under the index's lock: a query with a limit reads only as far as it
     * needs, however many entries the range holds (a purge's "older than" range can hold most of a collection).
     */
    Stream<P> lookup(List<List<Object>> prefixes, Object lower, Object upper) {
        int width = keyCount();
        Stream<P> positions = prefixes.stream().flatMap(prefix -> {
            List<Object> from = new ArrayList<>(prefix);
            List<Object> to = new ArrayList<>(prefix);
            if (prefix.size() < width) {
                from.add(lower == null ? MIN : lower);
                to.add(upper == null ? MAX : upper);
            }
            while (from.size() < width) {
                from.add(MIN);
                to.add(MAX);
            }
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new RangeIterator(from, to), Spliterator.ORDERED), false);
        });
        // A multikey document sits under several keys: each position once.
        return positions.distinct();
    }

    /** Walks [from, to] a chunk at a time, each chunk copied under the lock so writers are never blocked for long. */
    private final class RangeIterator implements Iterator<P> {
        private static final int CHUNK = 512;
        private final List<Object> to;
        private List<Object> after;
        private final List<Object> from;
        private final ArrayDeque<P> buffer = new ArrayDeque<>();
        private boolean done;

        RangeIterator(List<Object> from, List<Object> to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public boolean hasNext() {
            while (buffer.isEmpty() && !done) {
                fill();
            }
            return !buffer.isEmpty();
        }

        @Override
        public P next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.poll();
        }

        private void fill() {
            synchronized (SecondaryIndex.this) {
                if (compareKeys(after == null ? from : after, to) > 0) {
                    done = true;
                    return;
                }
                NavigableMap<List<Object>, Object> view = after == null ? entries.subMap(from, true, to, true) : entries.subMap(after, false, to, true);
                for (Map.Entry<List<Object>, Object> entry : view.entrySet()) {
                    SecondaryIndex.<P>forEach(entry.getValue(), buffer::add);
                    after = entry.getKey();
                    if (buffer.size() >= CHUNK) {
                        return;
                    }
                }
                done = true;
            }
        }
    }

    @Override
    public synchronized long getCount() {
        return positionById.size();
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
        if (nullAwareEqualsKeys(oldDocument, newDocument)) {
            return;
        }
        unlink(position);
        positionById.remove(idOf(oldDocument));
        add(newDocument, position, collection);
    }

    @Override
    public synchronized void drop() {
        entries.clear();
        keysByPosition.clear();
        positionById.clear();
    }
}
