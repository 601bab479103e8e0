package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ComponentCatalog;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in-process with captured stdout/stderr and a chosen environment. */
final class CliHarness {

    /** What one command printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    /** The repository's examples/ folder (tests run with the module folder as working directory). */
    static final Path EXAMPLES = Path.of("..", "examples");

    private CliHarness() {
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream realOut = System.out;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            // The stdout sink writes to the process's standard output, as it must in production.
            System.setOut(o);
            int code = Main.run(new CliEnvironment(o, e, env, ComponentCatalog.load(), false), args);
            o.flush();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(realOut);
        }
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    /**
     * Writes a pipeline config {@code file}: datagen's three seeded {@code orders} events to {@code topic}, into the
     * kafka sink {@code sink} configured by {@code sinkConfig} (a YAML flow mapping), with its state in {@code stateDir}.
     */
    static Path threeOrdersIntoKafka(Path file, Path stateDir, String topic, String sink, String sinkConfig)
            throws java.io.IOException {
        Files.writeString(file, """
                version: "1.0"
                state_dir: %s
                sources:
                  orders:
                    connector: datagen
                    topic: %s
                    config: { pattern: orders, max_events: 3, events_per_second: 0, seed: 7 }
                sinks:
                  %s:
                    connector: kafka
                    config: %s
                pipelines:
                  p: { source: orders, sink: %s }
                """.formatted(stateDir, topic, sink, sinkConfig, sink), StandardCharsets.UTF_8);
        return file;
    }

    /** Runs the command of a {@code read them: ./cdc-toolkit …} line {@code run} printed, as printed, then {@code extra}. */
    static Result runPrinted(Map<String, String> env, String hintLine, String... extra) {
        String prefix = "read them: ./cdc-toolkit ";
        if (!hintLine.startsWith(prefix)) throw new IllegalArgumentException("not a printed tail command: " + hintLine);
        java.util.List<String> args = new java.util.ArrayList<>(
                java.util.List.of(hintLine.substring(prefix.length()).split(" ")));
        args.addAll(java.util.List.of(extra));
        return run(env, args.toArray(String[]::new));
    }

    /**
     * A copy of an example config whose state lives in {@code dir} and whose embedded broker (if any)
     * listens on {@code embeddedPort}, so tests leave nothing behind and meet no other broker.
     */
    static Path exampleWithStateIn(String example, Path dir, int embeddedPort) throws Exception {
        String text = Files.readString(EXAMPLES.resolve(example));
        Path copy = dir.resolve(example);
        Files.writeString(copy, text.replaceFirst("(?m)^version: \"1.0\"$",
                        "version: \"1.0\"\nstate_dir: " + dir.resolve("state").toString().replace('\\', '/'))
                .replaceAll("(?m)^(\\s*)bootstrap_servers: embedded(.*)$",
                        "$1bootstrap_servers: embedded$2\n$1embedded_port: " + embeddedPort));
        return copy;
    }

    /** A free loopback port. */
    static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
