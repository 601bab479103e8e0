package io.cdctoolkit.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Apicurio Registry 3.3.3 (Apicurio's own prebuilt Quarkus server from Maven Central, in-memory
 * storage, no authentication) on free loopback ports, run as a child process on a Java 21+ found by
 * {@link RegistryJava}, for tests on Java 17.
 *
 * <p>{@link #shared()} starts it once per test JVM and a shutdown hook destroys it. Where no Java 21+
 * exists, {@code shared()} skips the calling test (a JUnit assumption) and says why. The server's
 * files come from the build: a module whose tests use it opts into the root pom's
 * {@code unpack-apicurio-registry} execution, and surefire passes the folder as
 * {@value #HOME_PROPERTY} (docs/registry-testing.md).
 *
 * <p>The registry is shared by every test of the JVM: use {@link #uniqueSubject(String)} for subjects,
 * and set the global compatibility level explicitly (Apicurio's default is NONE, Confluent's BACKWARD).
 */
public final class ApicurioRegistry {

    /** System property naming the unpacked server folder (holding {@code quarkus-run.jar}). */
    public static final String HOME_PROPERTY = "cdc.apicurio.home";
    /** Environment variable overriding {@value #HOME_PROPERTY}. */
    public static final String HOME_ENV = "CDC_APICURIO_HOME";
    /** The server version the build unpacks. */
    public static final String VERSION = "3.3.3";

    // Apicurio's startup line: "... Listening on: http://127.0.0.1:N. Management interface listening on http://127.0.0.1:M."
    private static final Pattern HTTP_PORT = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern MANAGEMENT_PORT =
            Pattern.compile("Management interface listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern LEVEL = Pattern.compile("[A-Z_]+");
    /** Generous: two cores shared by several builds; it takes 7–10 s alone. */
    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(3);

    private final Process process;
    private final int httpPort;
    private final int managementPort;
    private final Duration startupTime;
    private final HttpClient http;
    private final Path log;

    private ApicurioRegistry(HttpClient http, Process process, int httpPort, int managementPort, Duration startupTime,
                             Path log) {
        this.http = http;
        this.log = log;
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.startupTime = startupTime;
    }

    /** The outcome of the one start attempt per JVM: a server, a reason to skip, or a failure. */
    private record Startup(ApicurioRegistry registry, String skipReason, RuntimeException failure) {
        static Startup attempt() {
            Optional<RegistryJava> java;
            try {
                java = RegistryJava.find();
            } catch (RuntimeException e) {
                return new Startup(null, null, e);
            }
            if (java.isEmpty()) return new Startup(null, RegistryJava.notFoundMessage(RegistryJava.SYSTEM_JVM_FOLDER), null);
            try {
                return new Startup(start(java.get(), home()), null, null);
            } catch (RuntimeException e) {
                return new Startup(null, null, e);
            }
        }
    }

    /** Lazily started, JVM-wide server (holder idiom); never throws from class initialisation. */
    private static final class Shared {
        static final Startup STARTUP = Startup.attempt();
    }

    /**
     * The JVM-wide registry, started on first use.
     *
     * @throws org.opentest4j.TestAbortedException (the test is skipped) when no Java 21+ exists
     * @throws IllegalStateException               when the server is missing or does not start
     */
    public static ApicurioRegistry shared() {
        Startup s = Shared.STARTUP;
        if (s.skipReason() != null) Assumptions.abort(s.skipReason());
        if (s.failure() != null) throw new IllegalStateException("Apicurio Registry did not start: " + s.failure().getMessage(), s.failure());
        return s.registry();
    }

    /** A subject no other test uses: {@code <prefix>-<random>}. */
    public static String uniqueSubject(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** The Confluent-compatible API base URL, {@code http://127.0.0.1:N/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return "http://127.0.0.1:" + httpPort + "/apis/ccompat/v7";
    }

    /** Apicurio's native v3 API base URL, {@code http://127.0.0.1:N/apis/registry/v3} (its serdes' {@code apicurio.registry.url}). */
    public String nativeV3Url() {
        return "http://127.0.0.1:" + httpPort + "/apis/registry/v3";
    }

    /** The HTTP port of the APIs. */
    public int httpPort() {
        return httpPort;
    }

    /** The management port ({@code /health/ready}). */
    public int managementPort() {
        return managementPort;
    }

    /** How long the server took from launch to ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The child process (e.g. to read its resident memory). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Sets the global compatibility level ({@code BACKWARD}, {@code FULL_TRANSITIVE} …) through the ccompat API. */
    public void setGlobalCompatibility(String level) {
        putConfig(ccompatUrl() + "/config", level);
    }

    /** Sets one subject's compatibility level through the ccompat API. */
    public void setSubjectCompatibility(String subject, String level) {
        putConfig(ccompatUrl() + "/config/" + java.net.URLEncoder.encode(subject, StandardCharsets.UTF_8), level);
    }

    /** Sets the global mode ({@code READWRITE}, {@code READONLY}, …) through the ccompat API. */
    public void setGlobalMode(String mode) {
        put(ccompatUrl() + "/mode", "{\"mode\":\"" + mode + "\"}", mode);
    }

    private void putConfig(String url, String level) {
        put(url, "{\"compatibility\":\"" + level + "\"}", level);
    }

    /** PUTs {@code body} (naming {@code value}, a word in capitals) to {@code url}: a level or a mode. */
    private void put(String url, String body, String value) {
        if (!LEVEL.matcher(value).matches()) throw new IllegalArgumentException("not a level or mode: " + value);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = send(request);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof java.net.http.HttpTimeoutException)) throw e;
            // Once in a fresh-clone CI run the server left one such PUT unanswered for 30 s and answered the next
            // requests at once. Setting a level is idempotent: say what the server logged, and ask once more.
            System.err.println("Apicurio Registry (pid " + process.pid() + ", alive " + process.isAlive() + ") did not"
                    + " answer PUT " + url + " within 30 s; asking again. Its log ends:\n" + logTail(40));
            response = send(request);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The unpacked server folder: {@value #HOME_ENV}, else {@value #HOME_PROPERTY}, else found above the working directory. */
    static Path home() {
        String configured = Optional.ofNullable(System.getenv(HOME_ENV)).filter(s -> !s.isBlank())
                .orElse(System.getProperty(HOME_PROPERTY));
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            if (Files.isRegularFile(home.resolve("quarkus-run.jar"))) return home;
            throw new IllegalStateException(home + " holds no quarkus-run.jar: run the module's tests through Maven "
                    + "(its pom must opt into the execution unpack-apicurio-registry, see docs/registry-testing.md)");
        }
        // Tests run from an IDE: the root target/ of a Maven build that unpacked it.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("target").resolve("apicurio-registry-" + VERSION);
            if (Files.isRegularFile(candidate.resolve("quarkus-run.jar"))) return candidate;
        }
        throw new IllegalStateException("Apicurio Registry " + VERSION + " is not unpacked: run `./mvnw -B verify` (or the "
                + "module's tests through Maven) first, or set " + HOME_ENV);
    }

    private static ApicurioRegistry start(RegistryJava java, Path home) {
        Instant begin = Instant.now();
        Path workDir;
        try {
            // Own working directory: whatever Quarkus writes stays out of the unpacked (shared) folder.
            workDir = Files.createTempDirectory("apicurio-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = workDir.resolve("registry.log");
        List<String> command = List.of(java.executable().toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                // Always overridden: the default is 0.0.0.0:9000.
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=0",
                "-Dquarkus.http.access-log.enabled=false",
                // Quarkus closes a connection idle this long (default 30 min). Once in a fresh-clone CI run a request
                // of Apicurio's own client failed with "Connection was closed", and compat-tests took 27 min longer
                // than usual: that client has no timeout of its own, so a request the server leaves unanswered on a
                // kept-alive connection (seen once with our client's PUT, above) waits for the server's idle close.
                // 90 s bounds such a wait; it is longer than that client's keep-alive (Vert.x, 60 s), so an idle
                // connection is still closed by the client first. Our REST client retries I/O errors.
                "-Dquarkus.http.idle-timeout=90s",
                "-jar", home.resolve("quarkus-run.jar").toString());
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + java.executable() + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, workDir), "apicurio-registry-stop"));
        Instant deadline = begin.plus(STARTUP_LIMIT);
        int[] ports = awaitPorts(process, log, deadline);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        awaitReady(http, process, ports[1], log, deadline);
        return new ApicurioRegistry(http, process, ports[0], ports[1], Duration.between(begin, Instant.now()), log);
    }

    private static int[] awaitPorts(Process process, Path log, Instant deadline) {
        while (true) {
            String text = readLog(log);
            Matcher http = HTTP_PORT.matcher(text);
            Matcher management = MANAGEMENT_PORT.matcher(text);
            if (http.find() && management.find()) {
                return new int[] {Integer.parseInt(http.group(1)), Integer.parseInt(management.group(1))};
            }
            if (!process.isAlive()) throw startFailure("exited with " + process.exitValue(), log);
            if (Instant.now().isAfter(deadline)) throw startFailure("printed no listening ports within " + STARTUP_LIMIT, log);
            pause();
        }
    }

    private static void awaitReady(HttpClient http, Process process, int managementPort, Path log, Instant deadline) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        while (true) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
            if (!process.isAlive()) throw startFailure("exited with " + process.exitValue(), log);
            if (Instant.now().isAfter(deadline)) throw startFailure("was not ready within " + STARTUP_LIMIT, log);
            pause();
        }
    }

    private static IllegalStateException startFailure(String what, Path log) {
        List<String> lines = readLog(log).lines().toList();
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        return new IllegalStateException("Apicurio Registry " + what + " (log " + log + "):\n" + tail);
    }

    /** The last {@code lines} lines the server wrote. */
    private String logTail(int lines) {
        List<String> all = readLog(log).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
        }
    }

    private static void stop(Process process, Path workDir) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary folder
        }
    }
}
