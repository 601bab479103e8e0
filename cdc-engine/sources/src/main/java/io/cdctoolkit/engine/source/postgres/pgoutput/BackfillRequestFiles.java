package io.cdctoolkit.engine.source.postgres.pgoutput;

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
 * Backfills asked for while the source runs ({@code cdc-toolkit backfill} while a run holds the state lock): the running
 * reader owns the offsets, so the command leaves the request in a file of its own under the source's state folder, which
 * the running reader takes at its next transaction boundary (or, if it stops first, the next start). One file per request,
 * moved into place whole, so that two requests never overwrite each other and a half-written one is never read.
 */
final class BackfillRequestFiles {

    static final String DIR = "native-backfill-requests";
    private static final String SUFFIX = ".tables";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    BackfillRequestFiles(Path stateDir) {
        this.dir = stateDir.resolve(DIR);
    }

    /**
     * One request: tables ({@link FilteredPublication#member} names) and the SQL condition selecting the rows read, or
     * null for all.
     */
    record Request(Set<String> tables, String where) {
        Request {
            tables = new TreeSet<>(tables);
        }
    }

    /** Requests taken from their files (oldest first), which {@link #delete} removes once the offsets hold them. */
    record Taken(List<Request> requests, List<Path> files) {
        Taken {
            requests = List.copyOf(requests);
            files = List.copyOf(files);
        }

        boolean isEmpty() {
            return files.isEmpty();
        }

        /** Every request's tables. */
        Set<String> tables() {
            Set<String> tables = new TreeSet<>();
            for (Request r : requests) tables.addAll(r.tables());
            return tables;
        }
    }

    /** Leaves a request, as a JSON object ({@code tables}, {@code where}). */
    void leave(Request request) throws IOException {
        Files.createDirectories(dir);
        String name = System.currentTimeMillis() + "-" + UUID.randomUUID();
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(request), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(name + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether a request waits (a directory listing: cheap enough to ask about once a second). */
    boolean any() throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(SUFFIX));
        }
    }

    /** Every waiting request; the files stay until {@link #delete}. */
    Taken take() throws IOException {
        if (!Files.isDirectory(dir)) return new Taken(List.of(), List.of());
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        List<Request> requests = new ArrayList<>();
        for (Path f : files) requests.add(JSON.readValue(Files.readString(f, StandardCharsets.UTF_8), Request.class));
        return new Taken(requests, files);
    }

    /** Removes taken requests' files (after their tables were saved in the offsets, or found needing no backfill). */
    void delete(Taken taken) throws IOException {
        for (Path f : taken.files()) Files.deleteIfExists(f);
    }
}
