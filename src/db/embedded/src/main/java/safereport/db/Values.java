package safereport.db;

import de.bwaldvogel.mongo.backend.KeyValue;

final class Values {

    private Values() {
    }

    /** The form index keys are stored in (numbers as doubles...): mongo-java-server's own normalisation. */
    static Object normalize(Object value) {
        return value == null ? null : new KeyValue(new Object[] {value}).normalized().get(0);
    }
}
