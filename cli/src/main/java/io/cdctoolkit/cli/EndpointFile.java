package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.ToolkitConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where a {@code run} serves its http endpoint, written to the config's state folder once the run holds its
 * sources' state, so that {@code status --config F} finds a run whose {@code http.port} is 0 (a free port chosen at
 * bind). Removed when the run ends; a file left by a killed run names a port nothing answers on, which
 * {@code status} reports as unreachable.
 */
final class EndpointFile {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointFile.class);
    static final String NAME = "http-endpoint";

    private final Path file;

    private EndpointFile(Path file) {
        this.file = file;
    }

    /** The endpoint file of a config: {@code <state_dir>/http-endpoint}. */
    static EndpointFile of(ToolkitConfig config) {
        return new EndpointFile(config.stateDir().resolve(NAME));
    }

    Path path() {
        return file;
    }

    /** Records {@code url}, replacing the file at once (a reader never sees half of it). Failing to is only logged: the run goes on. */
    void write(String url) {
        Path temp = null;
        try {
            Files.createDirectories(file.getParent());
            temp = Files.createTempFile(file.getParent(), NAME, ".tmp");
            Files.writeString(temp, url + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("could not record the http endpoint in {} (status --config will not find it): {}", file, e.toString());
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) return;
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.debug("removing {}: {}", temp, e.toString());
        }
    }

    /** The recorded endpoint, if a run wrote one. */
    Optional<String> read() throws IOException {
        try {
            String url = Files.readString(file, StandardCharsets.UTF_8).strip();
            return url.isEmpty() ? Optional.empty() : Optional.of(url);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Removes the file if it still names {@code url} (a later run of another pipeline of the config may have replaced it). */
    void removeIfStill(String url) {
        try {
            if (read().filter(url::equals).isPresent()) Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("removing {}: {}", file, e.toString());
        }
    }
}
