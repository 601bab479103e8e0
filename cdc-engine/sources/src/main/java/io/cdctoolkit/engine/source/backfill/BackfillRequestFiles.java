package io.cdctoolkit.engine.source.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Backfills asked for ({@code cdc-toolkit backfill}) and not yet taken by the source's reader: the command leaves each
 * request in a file of its own in a folder under the source's state folder, which the reader takes — the native
 * PostgreSQL reader, when a run holds the state lock, at its next transaction boundary (or, if it stops first, the
 * next start); a binlog source's Debezium engine, at its start or within a second while it runs. One file per
 * request, moved into place whole, so that two requests never overwrite each other and a half-written one is never
 * read.
 */
public final class BackfillRequestFiles {

    private static final String SUFFIX = ".tables";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    /**
     * @param stateDir the source's state folder
     * @param folder   the requests' folder in it, named for the reader that takes them
     */
    public BackfillRequestFiles(Path stateDir, String folder) {
        this.dir = stateDir.resolve(folder);
    }

    /**
     * One request: tables (named as the source's reader names them: {@code schema.table} for PostgreSQL,
     * {@code database.table} for a binlog source) and the SQL condition selecting the rows read, or null for all.
     */
    public record Request(Set<String> tables, String where) {
        public Request {
            tables = new TreeSet<>(tables);
        }
    }

    /** Requests taken from their files (oldest first), which {@link #delete} removes once the offsets hold them. */
    public record Taken(List<Request> requests, List<Path> files) {
        public Taken {
            requests = List.copyOf(requests);
            files = List.copyOf(files);
        }

        public boolean isEmpty() {
            return files.isEmpty();
        }

        /** Every request's tables. */
        public Set<String> tables() {
            Set<String> tables = new TreeSet<>();
            for (Request r : requests) tables.addAll(r.tables());
            return tables;
        }
    }

    /** The folder the requests wait in. */
    public Path folder() {
        return dir;
    }

    /** Leaves a request, as a JSON object ({@code tables}, {@code where}). */
    public void leave(Request request) throws IOException {
        Files.createDirectories(dir);
        String name = System.currentTimeMillis() + "-" + UUID.randomUUID();
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(request), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(name + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether a request waits (a directory listing: cheap enough to ask about once a second). */
    public boolean any() throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(SUFFIX));
        }
    }

    /**
     * Leaves a request for every row of those {@code tables} no waiting request reads whole already ({@link #readWhole}:
     * a table captured since the snapshot that {@code cdc-toolkit backfill} asked for before the start is read once);
     * none when there are none left.
     */
    public void leaveUnlessReadWhole(Set<String> tables) throws IOException {
        Set<String> asked = new TreeSet<>(tables);
        asked.removeAll(readWhole());
        if (!asked.isEmpty()) leave(new Request(asked, null));
    }

    /**
     * The tables a waiting request reads whole (without a condition): a start or a command that would ask for one of
     * them again leaves it out, so that its rows are not read twice.
     */
    public Set<String> readWhole() throws IOException {
        Set<String> tables = new TreeSet<>();
        for (Request r : take().requests()) if (r.where() == null) tables.addAll(r.tables());
        return tables;
    }

    /** Every waiting request; the files stay until {@link #delete}. */
    public Taken take() throws IOException {
        if (!Files.isDirectory(dir)) return new Taken(List.of(), List.of());
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        List<Request> requests = new ArrayList<>();
        for (Path f : files) requests.add(JSON.readValue(Files.readString(f, StandardCharsets.UTF_8), Request.class));
        return new Taken(requests, files);
    }

    /** Removes taken requests' files (once the reader holds them where a restart finds them, or they need no backfill). */
    public void delete(Taken taken) throws IOException {
        for (Path f : taken.files()) Files.deleteIfExists(f);
    }
}
