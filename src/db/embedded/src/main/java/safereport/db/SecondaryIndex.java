package safereport.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

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

    private final NavigableMap<List<Object>, Set<P>> entries = new TreeMap<>(SecondaryIndex::compareKeys);
    private final Map<P, Set<List<Object>>> keysByPosition = new HashMap<>();
    private final Map<Object, P> positionById = new HashMap<>();

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
        Set<List<Object>> keys = keysOf(document);
        for (List<Object> key : keys) {
            entries.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(position);
        }
        keysByPosition.put(position, keys);
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
        Set<List<Object>> keys = keysByPosition.remove(position);
        if (keys == null) {
            return;
        }
        for (List<Object> key : keys) {
            Set<P> positions = entries.get(key);
            if (positions != null) {
                positions.remove(position);
                if (positions.isEmpty()) {
                    entries.remove(key);
                }
            }
        }
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
     * [{@code lower}, {@code upper}] (null: unbounded on that side).
     */
    synchronized Collection<P> lookup(List<List<Object>> prefixes, Object lower, Object upper) {
        Set<P> found = new LinkedHashSet<>();
        int width = keyCount();
        for (List<Object> prefix : prefixes) {
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
            for (Set<P> positions : entries.subMap(from, true, to, true).values()) {
                found.addAll(positions);
            }
        }
        return found;
    }

    @Override
    public synchronized long getCount() {
        return keysByPosition.size();
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
