package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.TableSchemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the schemas a Debezium reader gives tables' events by running the very same reader
 * (engine properties, custom converters, {@link RecordConverter}) in a schema-only mode, so the
 * result cannot diverge from what a pipeline emits and registers.
 *
 * <p>Why a run and not Debezium's schema classes called directly: the connectors build their table
 * schemas inside their task's start-up (PostgreSQL: JDBC metadata, type registry, default-value
 * parsing; MariaDB/MySQL: {@code SHOW CREATE TABLE} through the DDL parser), with the custom
 * converters wired through Debezium's internal service registry. Re-assembling that from internal
 * classes would be a second, version-fragile copy of the wiring; a run uses the connector as is.
 *
 * <p>The run changes nothing and keeps nothing: {@code snapshot.mode: initial_only} (no streaming,
 * so no replication slot or publication change on PostgreSQL and no binlog reading), offsets and
 * schema history in memory (the source's saved state is neither read nor written), no heartbeats,
 * only the requested tables, and for each a snapshot select that returns a single row of NULLs from
 * {@code (SELECT 1) LEFT JOIN table ON FALSE}, so the tables' data is never read (an empty table
 * works too). Many tables are read in one run, each table's schemas taken from its one event: a run
 * per table cost about half a second each, which made {@code check} of a thousand tables take minutes.
 * Debezium gives NULLs in NOT NULL columns its fallback values (the PostgreSQL factory turns on the
 * same for the toolkit's converters); only the record's schemas are used.
 */
final class TableSchemaProbe {

    private static final String OVERRIDES = "snapshot.select.statement.overrides";
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * A table to read.
     *
     * @param debeziumName the table as Debezium names it in include lists and select overrides
     *                     ({@code schema.table} on PostgreSQL, {@code database.table} on MySQL/MariaDB)
     * @param quotedName   the table quoted for the database's SQL
     */
    record Table(TableId id, String debeziumName, String quotedName) {
    }

    /** What a run gave one table: its schemas, or the failure that stands for them. */
    record Outcome(TableSchemas schemas, FatalException failure) {

        /** The schemas; the failure thrown instead when there are none. */
        TableSchemas schemasOrThrow() {
            if (failure != null) throw failure;
            return schemas;
        }
    }

    private final String description;
    private final Map<String, String> properties;
    private final RecordConverter converter;
    private final Duration timeout;

    /**
     * @param description the source in messages (no secrets)
     * @param properties  the reader's engine properties with the connector's own schema-only changes; {@link #read}
     *                    makes them schema-only for its tables ({@link #schemaOnly})
     * @param converter   the reader's record converter (column filters, topic routing)
     * @param timeout     how long starting may take, and then the snapshot between one table's event and the next
     */
    TableSchemaProbe(String description, Map<String, String> properties, RecordConverter converter, Duration timeout) {
        this.description = description;
        this.properties = Map.copyOf(properties);
        this.converter = converter;
        this.timeout = timeout;
    }

    /** The reader's {@code properties} changed to capture nothing but {@code tables}' schemas. */
    static Map<String, String> schemaOnly(Map<String, String> properties, List<Table> tables) {
        Map<String, String> p = new HashMap<>(properties);
        p.keySet().removeIf(k -> k.startsWith("offset.storage") || k.startsWith("schema.history.internal")
                || k.startsWith(OVERRIDES) || k.equals("bootstrap.servers") || k.equals("table.exclude.list")
                || k.equals("heartbeat.action.query") || k.equals("snapshot.include.collection.list"));
        p.put("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        if (properties.containsKey("schema.history.internal")) {
            p.put("schema.history.internal", "io.debezium.relational.history.MemorySchemaHistory");
        }
        // Its own metrics MBean names: a reader of the same source running in this JVM holds theirs, and
        // Debezium would wait about a minute per name for them to be freed.
        p.merge("custom.metric.tags", "cdctoolkit_schema_probe=" + UUID.randomUUID(), (theirs, ours) -> theirs + "," + ours);
        p.put("snapshot.mode", "initial_only");
        p.put("heartbeat.interval.ms", "0");
        // No restarts: the run reads no rows, so what fails it (a table the role may not read) fails it again 10 s
        // later, and the probe waited out its timeout to report "no event" instead of the reason.
        p.put("errors.max.retries", "0");
        // Debezium splits these lists at commas not preceded by a backslash: every other character is escaped.
        p.put("table.include.list", tables.stream()
                .map(t -> "^" + t.debeziumName().replaceAll("[^A-Za-z0-9_]", "\\\\$0") + "$")
                .collect(Collectors.joining(",")));
        p.put(OVERRIDES, tables.stream().map(Table::debeziumName).collect(Collectors.joining(",")));
        for (Table t : tables) {
            p.put(OVERRIDES + "." + t.debeziumName(),
                    "SELECT t.* FROM (SELECT 1) AS cdc_toolkit_schema_probe LEFT JOIN " + t.quotedName() + " AS t ON FALSE");
        }
        return p;
    }

    /**
     * Runs the reader until each table's first event and returns their schemas: what the run gave each table, in
     * the order of {@code tables}. A table whose event has no value, or that gave no event before the run ended or
     * went {@code timeout} without a new table's event, gets the failure that stands for its schemas.
     *
     * @throws ConnectivityException when the database cannot be reached or refuses the login
     * @throws FatalException        when the connector fails
     */
    Map<TableId, Outcome> read(List<Table> tables) throws ConnectivityException {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("cdc-toolkit-schema-probe");
        } catch (IOException e) {
            throw new FatalException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        String what = tables.size() == 1 ? "the schema of " + tables.get(0).id() : "the schemas of " + tables.size() + " tables";
        DebeziumReader reader = new DebeziumReader(description, schemaOnly(properties, tables), converter,
                new ReaderSettings(16, 16, timeout, stateDir)).unannounced();
        Map<TableId, Outcome> outcomes = new HashMap<>();
        Set<TableId> wanted = tables.stream().map(Table::id).collect(Collectors.toCollection(LinkedHashSet::new));
        try {
            reader.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (outcomes.size() < wanted.size()) {
                for (ChangeEvent event : reader.poll(POLL)) {
                    if (!wanted.contains(event.table()) || outcomes.containsKey(event.table())) continue;
                    outcomes.put(event.table(), outcome(event));
                    deadline = System.nanoTime() + timeout.toNanos();
                }
                if (outcomes.size() < wanted.size() && (reader.isExhausted() || System.nanoTime() > deadline)) {
                    for (TableId table : wanted) {
                        outcomes.putIfAbsent(table, new Outcome(null, new FatalException(description
                                + ": the connector gave no event for " + table + " within " + timeout.toSeconds()
                                + " s (raise start_timeout_ms if the database is slow)")));
                    }
                }
            }
        } catch (ConnectivityException | FatalException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalException(description + ": interrupted while reading " + what, e);
        } catch (Exception e) {
            throw new FatalException(description + ": cannot read " + what + ": " + e.getMessage(), e);
        } finally {
            try {
                reader.close();
            } catch (Exception e) {
                // the result (or the failure above) stands; the engine thread is a daemon
            }
            deleteQuietly(stateDir);
        }
        Map<TableId, Outcome> ordered = new LinkedHashMap<>();
        for (TableId table : wanted) ordered.put(table, outcomes.get(table));
        return ordered;
    }

    private Outcome outcome(ChangeEvent event) {
        if (event.value() == null) {
            return new Outcome(null, new FatalException(description + ": the schema probe's event for " + event.table()
                    + " has no value" + (event.isUnreadable() ? ": " + event.unreadable() : "")));
        }
        return new Outcome(new TableSchemas(event.table(), event.topic(),
                event.key() == null ? null : event.key().schema(), event.value().schema()), null);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover empty temp directory is harmless
        }
    }
}
