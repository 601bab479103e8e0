package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.TableSchemaInspector;
import io.cdctoolkit.engine.spi.TableSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Debezium engine's schemas of many tables ({@code check} and {@code topics} read every captured table's): one look
 * at which tables the source captures, then one schema-only run ({@link TableSchemaProbe}) for all the tables the
 * caller said it would ask for, at its first request. A table asked for again, or not announced, gets a run of its
 * own, so it is read as the database holds it then. Used by one thread.
 *
 * <p>When the shared run fails as a whole (the connector stops on one table's type), each table is read by a run of
 * its own, as one table at a time always did: the table Debezium cannot read fails alone, with its own message, and
 * the others still get their schemas.
 */
final class ProbedSchemaReading implements TableSchemaInspector.SchemaReading {

    private static final Logger LOG = LoggerFactory.getLogger(ProbedSchemaReading.class);

    /** What a reading needs from its source's factory. */
    interface Source {

        /** The tables the source captures. */
        List<TableId> captured() throws ConnectivityException;

        /** The error for a table the source does not capture, given those it does. */
        ConfigException notCaptured(TableId table, List<TableId> captured);

        /** The probe, with the connector's schema-only properties (read once per reading). */
        TableSchemaProbe probe() throws ConnectivityException;

        /** The table as the probe names it. */
        TableSchemaProbe.Table probed(TableId table);

        /** What the connector adds to a table's probed schemas; the reading closes it. */
        ProbedSchemasCompletion completion();
    }

    private final List<TableId> announced;
    private final Source source;
    private ProbedSchemasCompletion completion;
    private List<TableId> captured;
    private TableSchemaProbe probe;
    private Map<TableId, TableSchemaProbe.Outcome> prefetched;

    /** @param announced the tables the caller is going to ask for */
    ProbedSchemaReading(List<TableId> announced, Source source) {
        this.announced = List.copyOf(announced);
        this.source = source;
    }

    @Override
    public TableSchemas tableSchemas(TableId table) throws ConfigException, ConnectivityException {
        if (captured == null) captured = source.captured();
        if (!captured.contains(table)) throw source.notCaptured(table, captured);
        if (probe == null) probe = source.probe();
        TableSchemaProbe.Outcome outcome = prefetched().remove(table);
        if (outcome == null) outcome = probe.read(List.of(source.probed(table))).get(table);
        if (completion == null) completion = source.completion();
        return completion.complete(outcome.schemasOrThrow());
    }

    /** The shared run's outcomes not asked for yet; the run happens on the first call. */
    private Map<TableId, TableSchemaProbe.Outcome> prefetched() throws ConnectivityException {
        if (prefetched != null) return prefetched;
        List<TableSchemaProbe.Table> tables = announced.stream().distinct().filter(captured::contains)
                .map(source::probed).toList();
        if (tables.size() < 2) {
            prefetched = new HashMap<>(); // one table's run is the shared run
            return prefetched;
        }
        try {
            prefetched = new HashMap<>(probe.read(tables));
        } catch (FatalException e) {
            LOG.debug("the schema probe of {} tables failed, reading each on its own: {}", tables.size(), e.getMessage());
            prefetched = new HashMap<>();
        }
        return prefetched;
    }

    @Override
    public void close() {
        if (completion != null) completion.close();
    }
}
