package safereport.db;

import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
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
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
        if (options.planner && command.equalsIgnoreCase("aggregate")) {
            Document planned = plannedAggregate(command, query, resolver, oplog);
            if (planned != null) {
                return planned;
            }
        }
        return super.handleCommand(channel, command, query, resolver, oplog);
    }

    /**
     * mongo-java-server runs every pipeline over the whole collection, so a count with a filter
     * (countDocuments is an aggregation) read every document. A pipeline that starts with $match gets
     * the planned query's documents instead; the rest of the pipeline runs as before, and the result is
     * returned in one batch, as the library does.
     */
    private Document plannedAggregate(String command, Document query, DatabaseResolver resolver, Oplog oplog) {
        if (!(query.get(command) instanceof String collectionName)) {
            return null;
        }
        MongoCollection<Object> collection = resolveCollection(collectionName, false);
        if (!(collection instanceof PlannedCollection planned)) {
            return null;
        }
        List<Document> pipeline = Aggregation.parse(query.get("pipeline"));
        if (pipeline.isEmpty() || pipeline.get(0).size() != 1 || !(pipeline.get(0).get("$match") instanceof Document match)) {
            return null;
        }
        Aggregation aggregation = Aggregation.fromPipeline(pipeline.subList(1, pipeline.size()), resolver, this, collection, oplog);
        aggregation.validate(query);
        List<Document> result = aggregation.runStages(planned.handleQueryAsStream(match));
        Document cursor = new Document("id", 0L).append("ns", getFullCollectionNamespace(collectionName)).append("firstBatch", result);
        return new Document("cursor", cursor).append("ok", 1.0);
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
