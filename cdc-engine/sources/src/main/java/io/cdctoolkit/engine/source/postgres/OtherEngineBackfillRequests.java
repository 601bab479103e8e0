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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Backfills asked for ({@code cdc-toolkit backfill}) that wait for the engine a {@code postgres-cdc} source is
 * <em>not</em> configured with: each engine keeps them where only it reads them (the Debezium engine in a folder of its
 * own until its blocking snapshot of them completed; the native engine in a folder of its own until its offsets hold
 * them, and then in its offsets file until their rows are committed), so after an {@code engine:} switch they would
 * wait unread, the rows never read. They are not carried over: the engines name tables differently in them
 * ({@code schema.table} against quoted publication members) and read them differently (a blocking snapshot against
 * rows between the stream's transactions, where a row whose key changed is left out); so {@code check} warns
 * ({@value #CHECK}), and the start logs a WARN before it starts the engine, both saying what to do. (A native
 * engine's offsets kept in Kafka, {@code offset_storage: kafka}, are not looked at.)
 */
final class OtherEngineBackfillRequests extends ForwardingReader {

    private static final Logger LOG = LoggerFactory.getLogger(OtherEngineBackfillRequests.class);

    /** {@code check}'s item name. */
    static final String CHECK = "backfill_other_engine";

    private final String describe;
    private final ComponentContext context;
    private final String slot;
    private final boolean nativeEngine;

    /**
     * @param reader       the source's reader
     * @param describe     the source, for the log ({@code postgres-cdc source 'pg'})
     * @param slot         the source's replication slot (the native engine's offsets file belongs to it)
     * @param nativeEngine whether the source runs {@code engine: native} (the other engine is then Debezium's)
     */
    OtherEngineBackfillRequests(CdcReader reader, String describe, ComponentContext context, String slot,
                                boolean nativeEngine) {
        super(reader);
        this.describe = describe;
        this.context = context;
        this.slot = slot;
        this.nativeEngine = nativeEngine;
    }

    @Override
    public void start() throws Exception {
        check(context, slot, nativeEngine).ifPresent(c -> LOG.warn("{}: {}; {}", describe, c.message(), c.fix()));
        super.start();
    }

    /** The {@value #CHECK} item: a WARN when backfills wait for the other engine; empty when none does. */
    static Optional<PrerequisiteCheck> check(ComponentContext context, String slot, boolean nativeEngine) {
        String otherEngine = nativeEngine ? "debezium" : "native";
        BackfillRequestFiles files = nativeEngine ? BlockingBackfillRequest.files(context)
                : BackfillRequest.requestFiles(context.stateDir());
        Set<String> tables = new TreeSet<>();
        List<String> where = new ArrayList<>();
        try {
            BackfillRequestFiles.Taken waiting = files.take();
            if (!waiting.isEmpty()) {
                tables.addAll(waiting.tables());
                where.add(files.folder().toString());
            }
            if (!nativeEngine) {
                Set<String> inOffsets = BackfillRequest.unreadInOffsetsFile(context.stateDir(), slot);
                if (!inOffsets.isEmpty()) {
                    tables.addAll(inOffsets);
                    where.add(BackfillRequest.offsetsFile(context.stateDir()).toString());
                }
            }
        } catch (IOException e) {
            return Optional.of(PrerequisiteCheck.warn(CHECK, "the backfills left for engine: " + otherEngine + " in "
                    + context.stateDir() + " cannot be read: " + e.getMessage(), "make the state folder readable"));
        }
        if (tables.isEmpty()) return Optional.empty();
        return Optional.of(PrerequisiteCheck.warn(CHECK, "backfill of " + String.join(", ", tables) + " asked for"
                + " (cdc-toolkit backfill) while the source had engine: " + otherEngine + " waits in "
                + String.join(" and ", where) + ", which engine: " + (nativeEngine ? "native" : "debezium") + " does not"
                + " read: their rows are not read again", "set engine: " + otherEngine + " until the source has read them,"
                + " or ask again with cdc-toolkit backfill" + (files.folder().toString().equals(where.get(0))
                ? " and delete " + files.folder() : "")));
    }
}
