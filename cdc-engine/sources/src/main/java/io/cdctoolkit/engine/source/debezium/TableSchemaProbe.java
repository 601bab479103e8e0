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
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Finds the schemas a Debezium reader gives one table's events by running the very same reader
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
 * only the requested table, and a snapshot select that returns a single row of NULLs from
 * {@code (SELECT 1) LEFT JOIN table ON FALSE}, so the table's data is never read (an empty table
 * works too). Debezium gives NULLs in NOT NULL columns its fallback values (the PostgreSQL
 * factory turns on the same for the toolkit's converters); only the record's schemas are used.
 */
final class TableSchemaProbe {

    private static final String OVERRIDES = "snapshot.select.statement.overrides";
    private static final Duration POLL = Duration.ofMillis(200);

    private final String description;
    private final Map<String, String> properties;
    private final RecordConverter converter;
    private final Duration timeout;

    /**
     * @param description the source in messages (no secrets)
     * @param properties  the reader's engine properties, already turned schema-only by {@link #schemaOnly}
     * @param converter   the reader's record converter (column filters, topic routing)
     * @param timeout     how long starting, and then the snapshot, may take each
     */
    TableSchemaProbe(String description, Map<String, String> properties, RecordConverter converter, Duration timeout) {
        this.description = description;
        this.properties = Map.copyOf(properties);
        this.converter = converter;
        this.timeout = timeout;
    }

    /**
     * The reader's {@code properties} changed to capture nothing but {@code table}'s schema.
     *
     * @param debeziumName the table as Debezium names it in include lists and select overrides
     *                     ({@code schema.table} on PostgreSQL, {@code database.table} on MySQL/MariaDB)
     * @param quotedName   the table quoted for the database's SQL
     */
    static Map<String, String> schemaOnly(Map<String, String> properties, String debeziumName, String quotedName) {
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
        p.put("table.include.list", "^" + debeziumName.replaceAll("[^A-Za-z0-9_]", "\\\\$0") + "$");
        p.put(OVERRIDES, debeziumName);
        p.put(OVERRIDES + "." + debeziumName,
                "SELECT t.* FROM (SELECT 1) AS cdc_toolkit_schema_probe LEFT JOIN " + quotedName + " AS t ON FALSE");
        return p;
    }

    /**
     * Runs the reader until the table's first event and returns its schemas.
     *
     * @throws ConnectivityException when the database cannot be reached or refuses the login
     * @throws FatalException        when the connector fails or gives no event for the table in time
     */
    TableSchemas read(TableId table) throws ConnectivityException {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("cdc-toolkit-schema-probe");
        } catch (IOException e) {
            throw new FatalException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        DebeziumReader reader = new DebeziumReader(description, properties, converter,
                new ReaderSettings(16, 16, timeout, stateDir)).unannounced();
        try {
            reader.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (ChangeEvent event : reader.poll(POLL)) {
                    if (!event.table().equals(table)) continue;
                    if (event.value() == null) {
                        throw new FatalException(description + ": the schema probe's event for " + table
                                + " has no value" + (event.isUnreadable() ? ": " + event.unreadable() : ""));
                    }
                    return new TableSchemas(table, event.topic(),
                            event.key() == null ? null : event.key().schema(), event.value().schema());
                }
                if (reader.isExhausted() || System.nanoTime() > deadline) {
                    throw new FatalException(description + ": the connector gave no event for " + table + " within "
                            + timeout.toSeconds() + " s (raise start_timeout_ms if the database is slow)");
                }
            }
        } catch (ConnectivityException | FatalException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalException(description + ": interrupted while reading the schema of " + table, e);
        } catch (Exception e) {
            throw new FatalException(description + ": cannot read the schema of " + table + ": " + e.getMessage(), e);
        } finally {
            try {
                reader.close();
            } catch (Exception e) {
                // the result (or the failure above) stands; the engine thread is a daemon
            }
            deleteQuietly(stateDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover empty temp directory is harmless
        }
    }
}
