package io.cdctoolkit.engine.source.debezium;

import java.util.Map;

/**
 * How a Debezium-engine source reads the rows of a backfill with a condition ({@code cdc-toolkit backfill --where}):
 * the whole {@code SELECT} Debezium's blocking snapshot runs for a table (it takes a statement, as
 * {@code snapshot.select.statement.overrides}, not a condition), in the source's SQL.
 */
@FunctionalInterface
public interface BackfillSelect {

    /**
     * @param table            the table as the request names it ({@code database.table} or {@code schema.table})
     * @param where            the condition on its rows, as the operator gave it (checked by the command)
     * @param engineProperties the engine's properties as it started (e.g. the snapshot query it reads tables with)
     * @return the statement
     */
    String statement(String table, String where, Map<String, String> engineProperties);
}
