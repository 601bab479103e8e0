package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.ProbedSchemasCompletion;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.TableSchemas;

/**
 * Adds to the Debezium engine's probed schemas the columns a delete's old row carries, as the table's replica identity
 * says today (both engines write what PostgreSQL sent), looked up on one connection for all of a reading's tables.
 */
final class OldRowColumnsCompletion implements ProbedSchemasCompletion {

    private final PostgresReplicaIdentity identities;

    OldRowColumnsCompletion(PostgresReplicaIdentity identities) {
        this.identities = identities;
    }

    @Override
    public TableSchemas complete(TableSchemas probed) throws ConnectivityException {
        try {
            return probed.withOldRowColumns(PostgresSourceFactory.oldRowColumns(identities.of(probed.table())));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof ConnectivityException lost) throw lost;
            throw e;
        }
    }

    @Override
    public void close() {
        identities.close();
    }
}
