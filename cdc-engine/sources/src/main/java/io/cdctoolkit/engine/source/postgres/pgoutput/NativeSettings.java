package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * How a {@link NativePostgresReader} connects and what it captures, resolved from the
 * {@code postgres-cdc} options by {@code PostgresSourceFactory}.
 *
 * @param describe              the source in messages (no secrets)
 * @param url                   JDBC URL of the database
 * @param login                 driver properties (user, password, sslmode); never logged
 * @param sourceName            the source's logical name as Debezium's topic prefix (names schemas)
 * @param database              the database name (the {@code db} of every event)
 * @param slot                  replication slot name
 * @param publication           publication name
 * @param publicationAutocreate filtered | all_tables | disabled
 * @param snapshotMode          when to snapshot ({@code snapshot_mode}; see {@link SnapshotDecision})
 * @param tables                the captured tables (asked at start)
 * @param captures              whether a table met while streaming is captured (include/exclude_tables, schema)
 * @param stateDir              where the offsets file lives (with {@code offsetTopic} null) and the spooled transactions
 * @param maxBatch              most events one poll returns
 * @param offsetFlushInterval   how often committed offsets are saved (0: at every commit)
 * @param heartbeatInterval     how often to run {@code heartbeatQuery} while streaming (0: never)
 * @param heartbeatQuery        SQL writing a logical-decoding message, so an idle slot follows the server; null: none
 * @param skippedOperations     streamed operations not emitted (Debezium's {@code skipped.operations}; default truncates)
 * @param snapshotConnections   how many connections read the snapshot (1: one table after the other on one;
 *                              more: tables split into ctid ranges read in parallel, see {@link ParallelCopy})
 * @param streamInProgress      whether to ask the server (14+) to stream transactions larger than its
 *                              {@code logical_decoding_work_mem} while in progress (spooled here, see
 *                              {@link StreamedTransactions}) rather than spill them to its own disk
 * @param slotFailover          {@code slot_failover}: the slot is a failover slot, synced to standbys (PostgreSQL 17+,
 *                              see {@link FailoverSlot})
 * @param offsetTopic           {@code offset_storage: kafka}: the topic the offsets are saved to; null: the file
 *                              in {@code stateDir} ({@code offset_storage: file})
 * @param messages              which logical decoding messages become events ({@code message_prefixes}); null: none
 * @param transactions          {@code transaction_metadata}: the transaction events and the envelopes' transaction
 *                              blocks; null: none
 * @param snapshotNewTables     {@code snapshot_new_tables}: whether a start that captures tables the completed snapshot
 *                              did not read backfills their rows (see {@link NativePostgresReader})
 */
public record NativeSettings(String describe, String url, Properties login, String sourceName, String database,
                             String slot, String publication, String publicationAutocreate, SnapshotMode snapshotMode,
                             Callable<List<TableId>> tables,
                             java.util.function.Predicate<TableId> captures, Path stateDir, int maxBatch, Duration offsetFlushInterval,
                             Duration heartbeatInterval, String heartbeatQuery,
                             java.util.Set<io.cdctoolkit.engine.data.Op> skippedOperations, int snapshotConnections,
                             boolean streamInProgress, boolean slotFailover, NativeOffsetTopic offsetTopic, LogicalDecodingMessages messages,
                             TransactionEvents transactions, boolean snapshotNewTables) {

    public NativeSettings {
        skippedOperations = java.util.Set.copyOf(skippedOperations);
        if (snapshotConnections < 1) throw new IllegalArgumentException("snapshotConnections < 1: " + snapshotConnections);
    }
}
