package io.cdctoolkit.sinks.stream;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSinkTest {

    @TempDir
    Path tmp;

    private final List<Exception> results = Collections.synchronizedList(new ArrayList<>());

    @Test
    void appendsLinesAcrossRunsCreatingParentDirectories() throws Exception {
        Path file = tmp.resolve("out/nested/events.jsonl");
        try (Sink first = sink(file)) {
            first.open();
            first.write(Records.json("t", "{\"id\":1}", "{\"v\":1}"), results::add);
        }
        try (Sink second = sink(file)) {
            second.open();
            second.write(Records.json("t", "{\"id\":2}", null), results::add);
        }

        assertThat(results).containsExactly(null, null);
        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"topic\":\"t\",\"key\":{\"id\":1},\"value\":{\"v\":1},\"headers\":{}}",
                "{\"topic\":\"t\",\"key\":{\"id\":2},\"value\":null,\"headers\":{}}");
    }

    /**
     * A run killed while writing leaves its last line unfinished (SIGKILL stops a write between pages); the
     * next run's first record must still be a line of its own, not glued onto that fragment.
     */
    @Test
    void aRunAfterAKilledWriteStartsOnANewLine() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        String complete = "{\"topic\":\"t\",\"key\":{\"id\":1},\"value\":{\"v\":1},\"headers\":{}}";
        String unfinished = "{\"topic\":\"t\",\"key\":{\"id\":2},\"value\":{\"v\"";
        Files.writeString(file, complete + "\n" + unfinished);

        try (Sink restarted = sink(file)) {
            restarted.open();
            restarted.write(Records.json("t", "{\"id\":2}", "{\"v\":2}"), results::add);
        }

        assertThat(results).containsExactly((Exception) null);
        assertThat(Files.readAllLines(file)).containsExactly(complete, unfinished,
                "{\"topic\":\"t\",\"key\":{\"id\":2},\"value\":{\"v\":2},\"headers\":{}}");
    }

    @Test
    void aRecordIsInTheFileWhenItIsAcknowledged() throws Exception {
        Path file = tmp.resolve("events.jsonl");
        List<Long> linesAtAck = Collections.synchronizedList(new ArrayList<>());
        try (Sink sink = sink(file)) {
            sink.open();
            for (int i = 0; i < 500; i++) {
                sink.write(Records.json("t", "{\"id\":" + i + "}", null), error -> {
                    try (var lines = Files.lines(file)) {
                        linesAtAck.add(lines.count());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
            }
            sink.flush();
        }

        assertThat(linesAtAck).hasSize(500);
        for (int i = 0; i < linesAtAck.size(); i++) {
            assertThat(linesAtAck.get(i)).as("lines in the file when record %d was acknowledged", i)
                    .isGreaterThan(i);
        }
    }

    @Test
    void bothSinksAreFoundByName() {
        ComponentCatalog catalog = ComponentCatalog.load();

        assertThat(catalog.sink("file")).get().isInstanceOf(FileSinkFactory.class);
        assertThat(catalog.sink("stdout")).get().isInstanceOf(StdoutSinkFactory.class);
        assertThat(new StdoutSinkFactory().spec().option("pretty").orElseThrow().defaultValue()).isEqualTo(false);
    }

    @Test
    void pathIsRequired() {
        assertThatThrownBy(() -> Options.of("sinks.out.config", new FileSinkFactory().spec().options(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sinks.out.config.path")
                .hasMessageContaining("required");
    }

    private Sink sink(Path file) throws Exception {
        FileSinkFactory factory = new FileSinkFactory();
        Options options = Options.of("sinks.out.config", factory.spec().options(), Map.of("path", file.toString()));
        return factory.create(options, ComponentContext.of("out", tmp.resolve("state")));
    }
}
