package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The temporary slot of a backfill asked for while the reader streams, being created on a thread of its own: the
 * creation waits for every transaction open when it began (a session idle in transaction holds it for good), and
 * neither the poll thread, which goes on answering the server meanwhile, nor a stop may wait with it.
 */
final class BackfillSlotExport {

    private static final Logger LOG = LoggerFactory.getLogger(NativePostgresReader.class);
    /** How long the creation may take before the wait is logged. */
    private static final long WAIT_WARN_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The slot, created, its snapshot imported by the connections that read the rows. */
    record Exported(Snapshotter rows, BackfilledChanges changes) {
    }

    /** What creates the slot and opens the rows' reader in its snapshot. */
    @FunctionalInterface
    interface Export {
        Exported run() throws Exception;
    }

    private final Offsets.Backfill backfill;
    private final List<RelationPlan> rowPlans;
    private final String slotName;
    private final String describe;
    private final String tables;
    private final boolean pausesStream;
    private final CompletableFuture<Exported> exported = new CompletableFuture<>();
    private final long sinceNanos = System.nanoTime();
    private boolean waitLogged;

    private BackfillSlotExport(Offsets.Backfill backfill, List<RelationPlan> rowPlans, String slotName, String describe,
                               String tables, boolean pausesStream) {
        this.pausesStream = pausesStream;
        this.backfill = backfill;
        this.rowPlans = rowPlans;
        this.slotName = slotName;
        this.describe = describe;
        this.tables = tables;
    }

    /**
     * Starts creating the slot on a daemon thread.
     *
     * @param slotName the temporary slot's name (what {@link #abandon} cancels)
     * @param describe the source, as messages name it
     * @param tables   the backfill's tables, as messages name them
     * @param pausesStream whether the stream waits for the slot (else it goes on: {@link InterleavedBackfill})
     */
    static BackfillSlotExport start(Offsets.Backfill backfill, List<RelationPlan> rowPlans, String slotName,
                                    String describe, String tables, boolean pausesStream, Export export) {
        BackfillSlotExport started = new BackfillSlotExport(backfill, rowPlans, slotName, describe, tables, pausesStream);
        Thread exporter = new Thread(() -> {
            try {
                started.exported.complete(export.run());
            } catch (Throwable t) {
                started.exported.completeExceptionally(t);
            }
        }, "cdc-native-backfill-" + slotName);
        exporter.setDaemon(true);
        exporter.start();
        return started;
    }

    Offsets.Backfill backfill() {
        return backfill;
    }

    List<RelationPlan> rowPlans() {
        return rowPlans;
    }

    /** The backfill's tables, as messages name them. */
    String tables() {
        return tables;
    }

    /**
     * Waits up to {@code timeout} for the slot: it once made, null while it is still being made (logged once it has
     * taken 10 s, naming what holds it).
     *
     * @throws ExecutionException its creation failed (the cause says why)
     */
    Exported await(Duration timeout) throws ExecutionException, InterruptedException {
        try {
            return exported.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (!waitLogged && System.nanoTime() - sinceNanos > WAIT_WARN_NANOS) {
                waitLogged = true;
                LOG.warn("{}: backfill of {}: creating temporary slot {} waits for the transactions open when it began to"
                        + " end, " + (pausesStream ? "the stream paused" : "its rows not read") + " meanwhile (a session idle"
                        + " in transaction, or a prepared transaction, holds it until it ends: pg_stat_activity,"
                        + " pg_prepared_xacts)", describe, tables, slotName);
            }
            return null;
        }
    }

    /**
     * At close while the slot is being created: cancels the creation through {@code sql} (the walsender creating it) and
     * lets go of what it made. The request stays in the saved offsets.
     */
    void abandon(Connection sql) {
        if (!exported.isDone() && sql != null) {
            try (var st = sql.prepareStatement("SELECT pg_cancel_backend(active_pid) FROM pg_replication_slots"
                    + " WHERE slot_name = ? AND active_pid IS NOT NULL")) {
                st.setString(1, slotName);
                st.execute();
            } catch (SQLException e) {
                LOG.debug("{}: cancelling the backfill slot's creation: {}", describe, e.toString());
            }
        }
        try {
            exported.get(10, TimeUnit.SECONDS).rows().close();
        } catch (Exception e) {
            LOG.debug("{}: backfill abandoned at close: {}", describe, e.toString());
        }
    }
}
