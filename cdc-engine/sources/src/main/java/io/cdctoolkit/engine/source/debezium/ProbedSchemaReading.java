package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.TableSchemaInspector;
import io.cdctoolkit.engine.spi.TableSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Debezium engine's schemas of many tables ({@code check} and {@code topics} read every captured table's): one look
 * at which tables the source captures, then one schema-only run ({@link TableSchemaProbe}) for all the tables the
 * caller said it would ask for, at its first request. A table asked for again, or not announced, gets a run of its
 * own, so it is read as the database holds it then. Used by one thread.
 *
 * <p>One table can fail a run for all of them (the connector stops at a table the role may not read). The tables of a
 * failed run are then read in halves, as they are asked for, until a table that fails is alone: its error is the one a
 * run of it alone gives, and the others still get their schemas — a thousand tables with one such table take about
 * twenty runs, not a thousand, and an error that fails every run (the connector cannot start) about ten before the
 * first table's error is known.
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
    /** The announced tables not read yet, in groups read by one run each (one group until a run fails). */
    private final List<List<TableSchemaProbe.Table>> unread = new ArrayList<>();
    /** What runs gave tables not asked for yet. */
    private final Map<TableId, TableSchemaProbe.Outcome> outcomes = new HashMap<>();
    private ProbedSchemasCompletion completion;
    private List<TableId> captured;
    private TableSchemaProbe probe;

    /** @param announced the tables the caller is going to ask for */
    ProbedSchemaReading(List<TableId> announced, Source source) {
        this.announced = List.copyOf(announced);
        this.source = source;
    }

    @Override
    public TableSchemas tableSchemas(TableId table) throws ConfigException, ConnectivityException {
        if (captured == null) {
            captured = source.captured();
            List<TableSchemaProbe.Table> group = announced.stream().distinct().filter(captured::contains)
                    .map(source::probed).toList();
            if (!group.isEmpty()) unread.add(group);
        }
        if (!captured.contains(table)) throw source.notCaptured(table, captured);
        if (probe == null) probe = source.probe();
        TableSchemaProbe.Outcome outcome = outcome(table);
        if (completion == null) completion = source.completion();
        return completion.complete(outcome.schemasOrThrow());
    }

    private TableSchemaProbe.Outcome outcome(TableId table) throws ConnectivityException {
        TableSchemaProbe.Outcome read = outcomes.remove(table);
        if (read != null) return read;
        List<TableSchemaProbe.Table> group = unread.stream().filter(g -> contains(g, table)).findFirst().orElse(null);
        if (group == null) return probe.read(List.of(source.probed(table))).get(table); // asked again, or not announced
        unread.remove(group);
        while (true) {
            try {
                outcomes.putAll(probe.read(group));
                return outcomes.remove(table);
            } catch (FatalException e) {
                if (group.size() == 1) return new TableSchemaProbe.Outcome(null, e);
                LOG.debug("the schema probe of {} tables failed, reading them in halves: {}", group.size(), e.getMessage());
                List<TableSchemaProbe.Table> first = group.subList(0, group.size() / 2);
                List<TableSchemaProbe.Table> second = group.subList(group.size() / 2, group.size());
                boolean inFirst = contains(first, table);
                unread.add(inFirst ? second : first);
                group = inFirst ? first : second;
            } catch (ConnectivityException e) {
                unread.add(group); // to be read when the database answers again
                throw e;
            }
        }
    }

    private static boolean contains(List<TableSchemaProbe.Table> group, TableId table) {
        return group.stream().anyMatch(t -> t.id().equals(table));
    }

    @Override
    public void close() {
        if (completion != null) completion.close();
    }
}
