package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.Set;

/**
 * {@link Offsets} in {@code <state_dir>/native-offsets.properties}, the native reader's own format (a
 * Java properties file: {@code slot}, {@code snapshot_completed}, {@code commit_lsn}, {@code index},
 * {@code tx_complete}, {@code confirmed_lsn}; {@code captured_tables} and, while a backfill is under way,
 * {@code backfill_tables} (and {@code backfill_reread_tables}) as JSON arrays of quoted {@code "schema"."table"} names,
 * {@code backfill_conditions} as a JSON object of those names and SQL conditions, and {@code backfill_lsn}), written to
 * a temporary file and moved into place, so a crash never leaves a torn file.
 */
final class OffsetFile implements OffsetStore {

    static final String NAME = "native-offsets.properties";

    private final Path file;
    private final String slot;

    OffsetFile(Path stateDir, String slot) {
        this.file = stateDir.resolve(NAME);
        this.slot = slot;
    }

    @Override
    public Offsets load() throws IOException {
        if (!Files.exists(file)) return Offsets.EMPTY;
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        if (!slot.equals(p.getProperty("slot"))) return Offsets.EMPTY;
        Set<String> backfill = TableNamesText.read(p.getProperty("backfill_tables"));
        return new Offsets(Boolean.parseBoolean(p.getProperty("snapshot_completed")),
                new ResumePoint(Long.parseUnsignedLong(p.getProperty("commit_lsn", "0")),
                        Long.parseLong(p.getProperty("index", "0")), Boolean.parseBoolean(p.getProperty("tx_complete", "true"))),
                Long.parseUnsignedLong(p.getProperty("confirmed_lsn", "0")),
                TableNamesText.read(p.getProperty("captured_tables")),
                backfill == null ? null
                        : new Offsets.Backfill(backfill, Long.parseUnsignedLong(p.getProperty("backfill_lsn", "0")),
                                TableNamesText.orEmpty(TableNamesText.read(p.getProperty("backfill_reread_tables"))),
                                TableNamesText.readConditions(p.getProperty("backfill_conditions"))));
    }


    /** The Debezium engine's file beside this one ({@code offsets.dat}). */
    @Override
    public DebeziumEngineOffsets.Found debeziumEngineOffsets() throws IOException {
        return DebeziumEngineOffsets.read(file.getParent());
    }

    @Override
    public void save(Offsets offsets) throws IOException {
        Properties p = new Properties();
        p.setProperty("slot", slot);
        p.setProperty("snapshot_completed", Boolean.toString(offsets.snapshotCompleted()));
        p.setProperty("commit_lsn", Long.toUnsignedString(offsets.resume().commitLsn()));
        p.setProperty("index", Long.toString(offsets.resume().index()));
        p.setProperty("tx_complete", Boolean.toString(offsets.resume().complete()));
        p.setProperty("confirmed_lsn", Long.toUnsignedString(offsets.confirmedLsn()));
        if (offsets.captured() != null) p.setProperty("captured_tables", TableNamesText.write(offsets.captured()));
        if (offsets.backfill() != null) {
            p.setProperty("backfill_tables", TableNamesText.write(offsets.backfill().tables()));
            p.setProperty("backfill_lsn", Long.toUnsignedString(offsets.backfill().consistentPoint()));
            if (!offsets.backfill().reread().isEmpty()) {
                p.setProperty("backfill_reread_tables", TableNamesText.write(offsets.backfill().reread()));
            }
            if (!offsets.backfill().conditions().isEmpty()) {
                p.setProperty("backfill_conditions", TableNamesText.writeConditions(offsets.backfill().conditions()));
            }
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(NAME + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "cdc-toolkit native postgres-cdc offsets");
        }
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
