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
