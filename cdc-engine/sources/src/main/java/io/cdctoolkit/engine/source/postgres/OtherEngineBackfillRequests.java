package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.backfill.BackfillRequestFiles;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillRequest;
import io.cdctoolkit.engine.source.postgres.pgoutput.BackfillRequest;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ForwardingReader;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/**
 * Backfills asked for ({@code cdc-toolkit backfill}) that wait in the folder of the engine a {@code postgres-cdc}
 * source is <em>not</em> configured with: each engine takes requests from a folder of its own (the Debezium engine's
 * stay there until its blocking snapshot of them completed; the native engine's until its offsets hold them), so
 * after an {@code engine:} switch they would wait unread, the rows never read. They are not carried over: the engines
 * name tables differently in them ({@code schema.table} against quoted publication members) and read them differently
 * (a blocking snapshot against rows between the stream's transactions, where a row whose key changed is left out);
 * so {@code check} warns ({@value #CHECK}), and the start logs a WARN before it starts the engine, both saying what
 * to do.
 */
final class OtherEngineBackfillRequests extends ForwardingReader {

    private static final Logger LOG = LoggerFactory.getLogger(OtherEngineBackfillRequests.class);

    /** {@code check}'s item name. */
    static final String CHECK = "backfill_other_engine";

    private final String describe;
    private final ComponentContext context;
    private final boolean nativeEngine;

    /**
     * @param reader       the source's reader
     * @param describe     the source, for the log ({@code postgres-cdc source 'pg'})
     * @param nativeEngine whether the source runs {@code engine: native} (the other engine is then Debezium's)
     */
    OtherEngineBackfillRequests(CdcReader reader, String describe, ComponentContext context, boolean nativeEngine) {
        super(reader);
        this.describe = describe;
        this.context = context;
        this.nativeEngine = nativeEngine;
    }

    @Override
    public void start() throws Exception {
        check(context, nativeEngine).ifPresent(c -> LOG.warn("{}: {}; {}", describe, c.message(), c.fix()));
        super.start();
    }

    /** The {@value #CHECK} item: a WARN when requests wait for the other engine; empty when none does. */
    static Optional<PrerequisiteCheck> check(ComponentContext context, boolean nativeEngine) {
        BackfillRequestFiles other = nativeEngine ? BlockingBackfillRequest.files(context)
                : BackfillRequest.requestFiles(context.stateDir());
        String otherEngine = nativeEngine ? "debezium" : "native";
        BackfillRequestFiles.Taken waiting;
        try {
            waiting = other.take();
        } catch (IOException e) {
            return Optional.of(PrerequisiteCheck.warn(CHECK, "the backfill requests left for engine: " + otherEngine
                    + " in " + other.folder() + " cannot be read: " + e.getMessage(), "delete the files there that are"
                    + " not requests"));
        }
        if (waiting.isEmpty()) return Optional.empty();
        return Optional.of(PrerequisiteCheck.warn(CHECK, "backfill of " + String.join(", ", waiting.tables())
                + " asked for (cdc-toolkit backfill) while the source had engine: " + otherEngine + " waits in "
                + other.folder() + ", which engine: " + (nativeEngine ? "native" : "debezium") + " does not read: their"
                + " rows are not read again", "set engine: " + otherEngine + " until the source has read them, or ask"
                + " again with cdc-toolkit backfill and delete " + other.folder()));
    }
}
