package safereport.db;

import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;

/** An H2 database whose collections plan their queries and whose non-unique indexes exist. */
final class PlannedDatabase extends H2Database {

    // H2Database's own map names, so that a file written without this launcher opens the same.
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    /**
     * One store and one set of options per process. Static because H2Database opens the existing
     * collections from its constructor, before a field of this class could be assigned.
     */
    static volatile MVStore store;
    static volatile EmbeddedDb.Options options;

    PlannedDatabase(String databaseName, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions collectionOptions) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> dataMap = store.openMap(DATA_PREFIX + fullName);
        MVMap<String, Object> metaMap = store.openMap(META_PREFIX + fullName);
        return new PlannedCollection(this, collectionName, collectionOptions, dataMap, metaMap, cursorRegistry, options.planner);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        if (!options.secondaryIndexes) {
            return super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
        }
        // Kept in memory, rebuilt from the documents when the database opens (addIndex fills an empty index).
        return new SecondaryIndex<>(indexName, keys, sparse);
    }
}
