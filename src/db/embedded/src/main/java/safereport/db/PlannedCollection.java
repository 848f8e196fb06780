package safereport.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Chooses an index for a filter the way MongoDB would for the shapes this product uses, where
 * mongo-java-server uses a unique index only when the filter's fields are exactly the index's
 * ({@code {_id: x, revision: n}} read the whole collection):
 * <ul>
 *   <li>a unique index whose every key has a scalar equality (or {@code $in}) in the filter;</li>
 *   <li>else the {@link SecondaryIndex} with the longest prefix of equalities, then a range.</li>
 * </ul>
 * The index only narrows the candidates; the whole filter is still applied to each document.
 */
final class PlannedCollection extends H2Collection {

    private static final int MAX_POINT_LOOKUPS = 1000;
    private static final Set<String> RANGE_OPERATORS = Set.of("$gt", "$gte", "$lt", "$lte");

    private final boolean planner;

    PlannedCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                      MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry,
                      boolean planner) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        this.planner = planner;
    }

    /**
     * The index chosen and the candidate positions it gives (a stream: read only as far as the query needs).
     * {@code inOrder}: the positions come in the order the query's sort asks for, so no sort is needed.
     */
    private record Plan(String indexName, Supplier<Stream<Object>> positions, boolean inOrder) {
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Plan plan = planner ? plan(query, orderBy) : null;
        if (plan == null) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        Stream<Document> candidates = plan.positions().get().map(this::getDocument).filter(Objects::nonNull);
        if (plan.inOrder()) {
            // Already in the sort's order: skip and limit stop the stream, so a page of a long range reads
            // about a page of documents (a sort would read the whole range first).
            return matchDocumentsFromStream(query, candidates, numberToSkip, limit, batchSize, null, fieldSelector);
        }
        return matchDocumentsFromStream(candidates, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /**
     * Whether walking {@code keys} after the first {@code matched} (one equality prefix) gives {@code orderBy}'s
     * order: its fields are the next keys, in the index's order, all ascending (a {@link SecondaryIndex} keeps
     * every key ascending). A multikey document comes first at its smallest value, as MongoDB sorts arrays.
     */
    private static boolean servesOrder(List<String> keys, int matched, int prefixCount, Document orderBy) {
        if (orderBy == null || orderBy.isEmpty() || prefixCount != 1 || matched + orderBy.size() > keys.size()) {
            return false;
        }
        int i = matched;
        for (String field : orderBy.keySet()) {
            if (!field.equals(keys.get(i)) || !(orderBy.get(field) instanceof Number direction) || direction.intValue() != 1) {
                return false;
            }
            i++;
        }
        return true;
    }

    private Plan plan(Document query, Document orderBy) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        Plan best = null;
        int bestScore = 0;
        for (Index<Object> index : getIndexes()) {
            List<String> keys = index.getKeys().stream().map(IndexKey::getKey).toList();
            List<List<Object>> equalities = new ArrayList<>();
            for (String key : keys) {
                List<Object> values = query.containsKey(key) ? equalityValues(query.get(key)) : null;
                if (values == null) {
                    break;
                }
                equalities.add(values);
            }
            int matched = equalities.size();
            boolean complete = matched == keys.size();
            Object[] range = !complete && matched < keys.size() ? rangeOf(query.get(keys.get(matched))) : null;
            List<List<Object>> prefixes = combinations(equalities);
            if (prefixes == null || (matched == 0 && range == null)) {
                continue;
            }
            int score;
            if (index instanceof AbstractUniqueIndex<Object> unique && complete) {
                score = 1000 + matched;
                if (score > bestScore) {
                    bestScore = score;
                    Collection<Object> points = uniqueLookup(unique, keys, prefixes);
                    best = new Plan(index.getName(), points::stream, false);
                }
            } else if (index instanceof SecondaryIndex<Object> secondary) {
                score = matched * 2 + (range != null ? 1 : 0);
                boolean inOrder = servesOrder(keys, matched, prefixes.size(), orderBy);
                // Of two indexes that narrow as well, the one that also gives the sort's order.
                if (score > bestScore || (score == bestScore && inOrder && best != null && !best.inOrder())) {
                    bestScore = score;
                    Object lower = range == null ? null : range[0];
                    Object upper = range == null ? null : range[1];
                    best = new Plan(index.getName(), () -> secondary.lookup(prefixes, lower, upper), inOrder);
                }
            }
        }
        return best;
    }

    private static Collection<Object> uniqueLookup(AbstractUniqueIndex<Object> index, List<String> keys, List<List<Object>> prefixes) {
        List<Object> positions = new ArrayList<>();
        for (List<Object> values : prefixes) {
            Document point = new Document();
            for (int i = 0; i < keys.size(); i++) {
                point.put(keys.get(i), values.get(i));
            }
            index.getPositions(point).forEach(positions::add);
        }
        return positions;
    }

    /** The values a field must equal (one, or several for $in); null when the condition is anything else. */
    private static List<Object> equalityValues(Object condition) {
        if (condition instanceof Document expression) {
            if (expression.size() != 1) {
                return null;
            }
            if (expression.containsKey("$eq")) {
                return scalar(expression.get("$eq")) ? List.of(Values.normalize(expression.get("$eq"))) : null;
            }
            if (expression.get("$in") instanceof Collection<?> values && !values.isEmpty()) {
                List<Object> normalised = new ArrayList<>();
                for (Object value : values) {
                    if (!scalar(value)) {
                        return null;
                    }
                    normalised.add(Values.normalize(value));
                }
                return normalised;
            }
            return null;
        }
        return scalar(condition) ? List.of(Values.normalize(condition)) : null;
    }

    /** [lower, upper] (either may be null) for $gt/$gte/$lt/$lte on scalars; null otherwise. */
    private static Object[] rangeOf(Object condition) {
        if (!(condition instanceof Document expression) || expression.isEmpty()) {
            return null;
        }
        Object lower = null;
        Object upper = null;
        for (String operator : expression.keySet()) {
            Object value = expression.get(operator);
            if (!RANGE_OPERATORS.contains(operator) || !scalar(value)) {
                return null;
            }
            if (operator.startsWith("$g")) {
                lower = Values.normalize(value);
            } else {
                upper = Values.normalize(value);
            }
        }
        return new Object[] {lower, upper};
    }

    private static boolean scalar(Object value) {
        return value != null && !(value instanceof Document) && !(value instanceof Collection)
            && !(value instanceof Pattern) && !(value instanceof BsonRegularExpression);
    }

    private static List<List<Object>> combinations(List<List<Object>> choices) {
        List<List<Object>> result = new ArrayList<>();
        result.add(List.of());
        for (List<Object> options : choices) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : result) {
                for (Object option : options) {
                    List<Object> extended = new ArrayList<>(prefix);
                    extended.add(option);
                    next.add(extended);
                }
            }
            if (next.size() > MAX_POINT_LOOKUPS) {
                return null;
            }
            result = next;
        }
        return result;
    }

    /** MongoDB's explain document, for the plan this filter (with this sort and limit, either may be null) gets. */
    Document explain(Document filter, Document sort, int limit) {
        Plan plan = planner ? plan(filter, sort) : null;
        String indexName = plan == null ? null : plan.indexName();
        long examined;
        long returned = count(filter, 0, 0);
        if (plan != null && plan.inOrder() && limit > 0) {
            // Read in order until the limit is met, as the query does.
            long[] seen = {0};
            returned = plan.positions().get().map(this::getDocument).filter(Objects::nonNull)
                .peek(document -> seen[0]++).filter(document -> documentMatchesQuery(document, filter)).limit(limit).count();
            examined = seen[0];
        } else if (plan != null) {
            examined = plan.positions().get().count();
        } else {
            Index<Object> usable = getIndexes().stream().filter(index -> index.canHandle(filter)).findFirst().orElse(null);
            if (usable != null) {
                indexName = usable.getName();
                long n = 0;
                for (Object ignored : usable.getPositions(filter)) {
                    n++;
                }
                examined = n;
            } else {
                examined = count();
            }
        }
        Document winningPlan = indexName == null
            ? new Document("stage", "COLLSCAN")
            : new Document("stage", "FETCH").append("inputStage", new Document("stage", "IXSCAN").append("indexName", indexName));
        return new Document("queryPlanner", new Document("winningPlan", winningPlan))
            .append("executionStats", new Document("nReturned", returned)
                .append("totalKeysExamined", indexName == null ? 0L : examined)
                .append("totalDocsExamined", examined));
    }

    static Document emptyExplain() {
        return new Document("queryPlanner", new Document("winningPlan", new Document("stage", "EOF")))
            .append("executionStats", new Document("nReturned", 0L).append("totalKeysExamined", 0L).append("totalDocsExamined", 0L));
    }
}
