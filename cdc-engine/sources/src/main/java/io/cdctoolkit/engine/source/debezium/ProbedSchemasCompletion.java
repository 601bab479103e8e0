package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.TableSchemas;

/**
 * What a connector adds to the schemas its schema probe found for a table ({@link TableSchemaProbe}), with what it
 * holds open while a reading of many tables lasts (PostgreSQL: the columns of a delete's old row, on one connection).
 */
public interface ProbedSchemasCompletion extends AutoCloseable {

    /** None: the probed schemas as they are. */
    ProbedSchemasCompletion NONE = new ProbedSchemasCompletion() {
        @Override
        public TableSchemas complete(TableSchemas probed) {
            return probed;
        }

        @Override
        public void close() {
        }
    };

    /** {@code probed} with what the connector adds. */
    TableSchemas complete(TableSchemas probed) throws ConnectivityException;

    @Override
    void close();
}
