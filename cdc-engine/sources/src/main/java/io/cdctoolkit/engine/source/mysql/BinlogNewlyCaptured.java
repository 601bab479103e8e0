package io.cdctoolkit.engine.source.mysql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.source.backfill.BackfillRequestFiles;
import io.cdctoolkit.engine.source.debezium.BlockingBackfillRequest;
import io.cdctoolkit.engine.source.debezium.ConnectOffsetsFile;
import io.cdctoolkit.engine.source.debezium.TableFilter;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A binlog source's tables captured since its snapshot ({@code snapshot_new_tables}): a start whose
 * {@code include_tables} / {@code exclude_tables} capture a table the last start's did not streams that table's changes
 * from the saved binlog position on, but Debezium takes no snapshot of it — its offsets say the snapshot is done — so
 * the rows it held before would never arrive. This start asks for them, as {@code cdc-toolkit backfill} does: a request
 * the reader sends to the engine as a blocking snapshot ({@link BlockingBackfillRequest}); with
 * {@code snapshot_new_tables: false} it says, once, that their rows are not read.
 *
 * <p>What is compared is the filter, recorded at each start where the offsets are ({@link SavedBinlogOffsets}: a file
 * in the state folder, {@link #FILE}, or a key of its own in the offsets topic), not a list of tables:
 * a table created while the old filter matched it — while the source ran or while it was stopped — is in the binlog
 * from its {@code CREATE TABLE} on, and the stream delivers it whole; only a table the old filter left out has rows
 * that no snapshot and no stream read. (PostgreSQL tells the same by its publication; a binlog has none.) Without a
 * record (the first start, or a state folder from before it was kept) nothing is backfilled.
 */
final class BinlogNewlyCaptured {

    private static final Logger LOG = LoggerFactory.getLogger(BinlogNewlyCaptured.class);
    /** The record of the filter the last start captured with, in the state folder ({@code offset_storage: file}). */
    static final String FILE = "captured-tables.json";
    /** Debezium's snapshot modes that read rows at the first start only, or when the offsets are unusable. */
    private static final Set<String> FIRST_START_ONLY = Set.of("initial", "when_needed");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BinlogNewlyCaptured() {
    }

    /**
     * The table filter a start captures with: qualified {@code include_tables} globs (the source's {@code database}'s
     * every table when there are none, as the connector's include list is then) and qualified {@code exclude_tables}.
     */
    record CapturedFilter(List<String> include, List<String> exclude) {

        CapturedFilter {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
        }

        static CapturedFilter of(Options options, UnaryOperator<String> qualify) {
            List<String> include = options.stringList("include_tables").stream().map(qualify).toList();
            return new CapturedFilter(include.isEmpty() ? List.of(options.string("database") + ".*") : include,
                    options.stringList("exclude_tables").stream().map(qualify).toList());
        }

        boolean captures(String qualifiedName) {
            return TableFilter.of(include, exclude, UnaryOperator.identity()).captures(qualifiedName);
        }
    }

    /**
     * Before the engine starts (after a purged position's new snapshot was arranged: its offsets are gone then): when
     * the snapshot mode reads rows at the first start only and the saved offsets show a completed snapshot, the tables
     * the current filter captures that the recorded one did not are left as a backfill request in {@code requests}, or
     * warned of when that is null; then the current filter is recorded. Offsets that cannot be read are left to the
     * engine's own start, and the record is then kept as it was (the next start tells again).
     *
     * @param requests where the reader takes backfill requests; null with {@code snapshot_new_tables: false}
     * @throws IOException when the request or the record cannot be written
     */
    static void readOrWarn(CapturedFilter now, String snapshotMode, SavedBinlogOffsets saved, BinlogInspector inspector,
                           String source, BackfillRequestFiles requests) throws IOException, ConnectivityException {
        Optional<Set<String>> found;
        try {
            found = find(now, snapshotMode, saved, inspector);
        } catch (IOException e) {
            LOG.debug("{}: the saved offsets or the captured tables' record could not be read to tell which tables are"
                    + " new", source, e);
            return;
        }
        if (found.isEmpty()) return;
        Set<String> tables = found.get();
        if (!tables.isEmpty() && requests == null) {
            LOG.warn("{}: {} captured at this start, after the snapshot (snapshot_new_tables: false): {}", source,
                    String.join(", ", tables), unread(tables));
        } else if (!tables.isEmpty()) {
            // Left before the record is written: a start that fails in between asks again at the next (the table read
            // twice at worst, never not at all).
            requests.leaveUnlessReadWhole(tables);
            LOG.info("{}: {} captured at this start, after the snapshot (snapshot_new_tables): {} rows are read as a"
                            + " backfill — Debezium's blocking snapshot — once the engine has started; {} changes are streamed"
                            + " from the saved binlog position on", source, String.join(", ", tables),
                    its(tables.size()), its(tables.size()));
        }
        saved.recordCapturedFilter(JSON.writeValueAsString(now));
    }

    /**
     * {@code check}'s {@code new_tables} item ({@link BlockingBackfillRequest#newTables}): the tables the next start
     * backfills, or (with {@code snapshot_new_tables: false}) whose earlier rows it never reads; empty when there are
     * none.
     */
    static Optional<PrerequisiteCheck> check(ComponentContext context, CapturedFilter now, String snapshotMode,
                                             SavedBinlogOffsets saved, BinlogInspector inspector, boolean snapshotNewTables)
            throws IOException, ConnectivityException {
        Set<String> tables = find(now, snapshotMode, saved, inspector).orElse(Set.of());
        return tables.isEmpty() ? Optional.empty()
                : BlockingBackfillRequest.newTables(tables, snapshotNewTables, context);
    }

    /**
     * Empty when the record holds {@code now} (nothing to read, nothing to record); else the newly captured tables —
     * none when the filter captures no table it did not, there was no record, or this start reads every table or none
     * anyway — and {@code now} is to be recorded.
     */
    private static Optional<Set<String>> find(CapturedFilter now, String snapshotMode, SavedBinlogOffsets saved,
                                              BinlogInspector inspector) throws IOException, ConnectivityException {
        Optional<CapturedFilter> before = recorded(saved);
        if (before.isPresent() && before.get().equals(now)) return Optional.empty();
        if (before.isEmpty() || !FIRST_START_ONLY.contains(snapshotMode)) return Optional.of(Set.of());
        Optional<Map<String, Object>> offset = saved.offset();
        if (offset.isEmpty() || ConnectOffsetsFile.snapshotRunning(offset.get())) {
            return Optional.of(Set.of()); // this start snapshots every captured table
        }
        Set<String> tables = new TreeSet<>();
        for (DiscoveredTable t : inspector.discover()) {
            String name = t.id().database() + "." + t.id().table();
            if (!before.get().captures(name)) tables.add(name);
        }
        return Optional.of(tables);
    }

    /**
     * The recorded filter; none, said in a WARN, when the record is not one (edited by hand, a disk fault): as without a
     * record — nothing backfilled — and the start replaces it.
     */
    private static Optional<CapturedFilter> recorded(SavedBinlogOffsets saved) throws IOException {
        Optional<String> recorded = saved.capturedFilter();
        if (recorded.isEmpty()) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(recorded.get(), CapturedFilter.class));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            LOG.warn("the record of the captured tables is not one ({}); a start replaces it, and backfills no table it"
                    + " captures since the last", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /** What tables captured after the snapshot get without a backfill. */
    private static String unread(Set<String> tables) {
        String its = its(tables.size());
        return its + " rows from before are not read (the snapshot completed without " + (tables.size() == 1 ? "it"
                : "them") + "); " + its + " changes are streamed from the saved binlog position on. To read " + its
                + " rows: cdc-toolkit backfill --tables " + String.join(",", tables);
    }

    private static String its(int tables) {
        return tables == 1 ? "its" : "their";
    }
}
