package io.cdctoolkit.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real {@code moto_server} (moto 5.x, a third-party AWS emulator written in Python) on a free
 * loopback port: the AWS Glue Schema Registry API for tests, without an AWS account.
 *
 * <p>{@link #shared()} starts one server per JVM on first use and stops it at JVM exit. When
 * {@code moto_server} is not installed (neither {@code $MOTO_SERVER} nor the {@code PATH} has it),
 * {@link #shared()} aborts the calling test through a JUnit assumption that says so: the test is
 * reported as skipped, not failed.
 *
 * <p>moto accepts any credentials and keeps everything in memory; tests isolate themselves with
 * their own registry or schema names.
 */
public final class MotoServer {

    /** Region every client of the fake server uses. */
    public static final String REGION = "us-east-1";
    /** Fake access key id (moto checks nothing). */
    public static final String ACCESS_KEY_ID = "testing";
    /** Fake secret key (moto checks nothing). */
    public static final String SECRET_ACCESS_KEY = "testing";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Lazily started, JVM-wide instance (holder idiom); stopped by a shutdown hook. */
    private static final class Shared {
        static final MotoServer INSTANCE = start(executable().orElseThrow());
    }

    /**
     * The JVM-wide server, started on first use. Aborts the calling test (JUnit assumption) when
     * {@code moto_server} is not installed.
     */
    public static MotoServer shared() {
        Assumptions.assumeTrue(executable().isPresent(),
                "moto_server (moto 5.x) is not installed: set MOTO_SERVER or put moto_server on the PATH"
                        + " (pip install 'moto[server]') to run the AWS Glue Schema Registry tests");
        return Shared.INSTANCE;
    }

    /** Whether {@code moto_server} can be found ({@code $MOTO_SERVER}, else the {@code PATH}). */
    public static boolean installed() {
        return executable().isPresent();
    }

    private static Optional<Path> executable() {
        String explicit = System.getenv("MOTO_SERVER");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    private static MotoServer start(Path executable) {
        try {
            int port = freeLoopbackPort();
            Path log = Files.createTempFile("moto-server-", ".log");
            log.toFile().deleteOnExit();
            // Output goes to a file: a pipe nobody reads would fill and stall the server.
            Process process = new ProcessBuilder(List.of(executable.toString(), "-H", "127.0.0.1", "-p",
                    Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "moto-server-stop"));
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto_server: " + e.getMessage(), e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Polls moto's own management endpoint until it answers 200 (a few seconds for Python to load). */
    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue()
                        + " before answering; its output:\n" + logTail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while waiting for moto_server", e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while waiting for moto_server", e);
            }
        }
        stop();
        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; its output:\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and any child it started (the PATH entry may be a wrapper script). */
    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:54321}: the AWS SDK's endpoint override. */
    public URI endpoint() {
        return endpoint;
    }

    /** The region clients should use ({@value #REGION}). */
    public String region() {
        return REGION;
    }

    /** Fake access key id. */
    public String accessKeyId() {
        return ACCESS_KEY_ID;
    }

    /** Fake secret access key. */
    public String secretAccessKey() {
        return SECRET_ACCESS_KEY;
    }
}
