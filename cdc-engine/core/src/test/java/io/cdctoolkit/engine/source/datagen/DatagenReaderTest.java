package io.cdctoolkit.engine.source.datagen;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.config;
import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.read;
import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.reader;
import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatagenReaderTest {

    @TempDir
    Path tmp;

    @Test
    void twoProcessesWithTheSameSeedPrintByteIdenticalOutput() throws Exception {
        byte[] first = runPrinter(7, "run1");
        byte[] second = runPrinter(7, "run2");

        assertThat(first).isNotEmpty();
        assertThat(second).isEqualTo(first);
        assertThat(new String(first, StandardCharsets.UTF_8))
                .isEqualTo(DatagenPrinter.print(7, 300, Files.createDirectories(tmp.resolve("inproc"))));
    }

    @Test
    void sameSeedGivesIdenticalEventsAndDifferentSeedsDiffer() throws Exception {
        String a = render(read(reader(config("pattern", "orders", "seed", 5L, "cdc_mode", true), tmp.resolve("a")), 2000));
        String b = render(read(reader(config("pattern", "orders", "seed", 5L, "cdc_mode", true), tmp.resolve("b")), 2000));
        String c = render(read(reader(config("pattern", "orders", "seed", 6L, "cdc_mode", true), tmp.resolve("c")), 2000));

        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void inCdcModeChangesAreNotMarkedAsSnapshotRows() throws Exception {
        List<ChangeEvent> events = read(reader(config("pattern", "orders", "seed", 5L, "cdc_mode", true), tmp), 200);

        assertThat(events).extracting(ChangeEvent::op).contains(Op.CREATE, Op.UPDATE, Op.DELETE).doesNotContain(Op.READ);
        assertThat(events).extracting(e -> Envelope.source(e.value()).get("snapshot")).containsOnly("false");
    }

    @Test
    void withoutSeedTheDocumentedDefaultSeedIsUsed() throws Exception {
        String implicit = render(read(reader(config("pattern", "users"), tmp.resolve("a")), 50));
        String explicit = render(read(reader(config("pattern", "users", "seed", DatagenSourceFactory.DEFAULT_SEED),
                tmp.resolve("b")), 50));

        assertThat(implicit).isEqualTo(explicit);
    }

    @Test
    void withoutCdcModeEveryEventIsAReadOfANewKeyInADebeziumEnvelope() throws Exception {
        List<ChangeEvent> events = read(reader(config("pattern", "sequence"), tmp), 5);

        assertThat(events).extracting(ChangeEvent::op).containsOnly(Op.READ);
        assertThat(events).extracting(e -> e.key().get(0)).containsExactly(0L, 1L, 2L, 3L, 4L);
        ChangeEvent third = events.get(2);
        assertThat(Envelope.isEnvelope(third.value().schema())).isTrue();
        assertThat(Envelope.before(third.value())).isNull();
        assertThat(Envelope.after(third.value()).get("value")).isEqualTo(2L);
        assertThat(third.value().get(Envelope.OP)).isEqualTo("r");
        assertThat(third.position().offset()).isEqualTo(Map.of("seq", 2L));
    }

    @Test
    void eventsCarryTableTopicSourceBlockAndDeterministicTimes() throws Exception {
        Map<String, Object> cfg = config("pattern", "key_value", "stream_name", "kv", "namespace", "demo",
                "events_per_second", 100);
        DatagenReader reader = (DatagenReader) new DatagenSourceFactory().create(DatagenFixtures.options(cfg),
                ComponentContext.of("gen-src", tmp));
        ChangeEvent second = read(reader, 2).get(1);

        assertThat(second.table()).isEqualTo(new TableId("demo", null, "kv"));
        assertThat(second.topic()).isEqualTo("kv");
        Instant at = Instant.parse("2024-01-01T00:00:00.010Z"); // event 1 at 100 events/s
        assertThat(second.sourceTimestamp()).isEqualTo(at);
        assertThat(second.value().get(Envelope.TS_MS)).isEqualTo(at.toEpochMilli());
        Row source = Envelope.source(second.value());
        assertThat(source.get("connector")).isEqualTo("datagen");
        assertThat(source.get("name")).isEqualTo("gen-src");
        assertThat(source.get("db")).isEqualTo("demo");
        assertThat(source.get("table")).isEqualTo("kv");
        assertThat(source.get("seq")).isEqualTo(1L);
        assertThat(source.get("snapshot")).as("an r event is a snapshot row, as Debezium marks it").isEqualTo("true");
        assertThat(second.value().schema().name()).isEqualTo("demo.kv.Envelope");
        assertThat(second.key().schema().name()).isEqualTo("demo.kv.Key");
    }

    @Test
    void theSourceTopicWinsOverTheStreamName() throws Exception {
        DatagenReader reader = (DatagenReader) new DatagenSourceFactory().create(
                DatagenFixtures.options(config("stream_name", "kv")),
                ComponentContext.of("gen", tmp).withDefaultTopic("demo-events"));

        assertThat(read(reader, 3)).extracting(ChangeEvent::topic).containsOnly("demo-events");
    }

    @Test
    void maxEventsEndsTheStream() throws Exception {
        DatagenReader reader = reader(config("max_events", 2500L), tmp);
        reader.start();
        List<ChangeEvent> all = new ArrayList<>();
        while (!reader.isExhausted()) all.addAll(reader.poll(Duration.ofMillis(100)));

        assertThat(all).hasSize(2500);
        assertThat(all.get(2499).position().offset().get("seq")).isEqualTo(2499L);
        assertThat(reader.poll(Duration.ZERO)).isEmpty();
    }

    @Test
    void restartResumesAfterTheCommittedSequenceWithTheSameStream() throws Exception {
        Map<String, Object> cfg = config("pattern", "orders", "seed", 11L, "cdc_mode", true, "resume", true);
        List<ChangeEvent> uninterrupted = read(reader(cfg, tmp.resolve("reference")), 1200);

        Path state = tmp.resolve("state");
        try (DatagenReader first = reader(cfg, state)) {
            List<ChangeEvent> events = read(first, 1000);
            first.commit(events.get(699).position());
        }
        List<ChangeEvent> resumed;
        try (DatagenReader second = reader(cfg, state)) {
            resumed = read(second, 500);
        }

        assertThat(Files.readString(state.resolve(OffsetFile.FILE_NAME))).contains("\"seq\":699");
        assertThat(resumed.get(0).position().offset().get("seq")).isEqualTo(700L);
        assertThat(render(resumed)).isEqualTo(render(uninterrupted.subList(700, 1200)));
    }

    @Test
    void aResumedRunAfterTheLastEventOfABoundedStreamIsExhaustedAndSaysSo() throws Exception {
        Map<String, Object> cfg = config("max_events", 10L, "resume", true);
        try (DatagenReader first = reader(cfg, tmp)) {
            first.commit(read(first, 10).get(9).position());
        }
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(DatagenReader.class);
        logs.start();
        logger.addAppender(logs);
        DatagenReader second = reader(cfg, tmp);
        try {
            second.start();
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(second.isExhausted()).isTrue();
        assertThat(second.poll(Duration.ZERO)).isEmpty();
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("nothing left to emit").contains("10 events")
                    .contains(OffsetFile.FILE_NAME).contains("resume: false");
        });
    }

    @Test
    void byDefaultEveryRunStartsOverAtSequenceZero() throws Exception {
        Map<String, Object> cfg = config("max_events", 10L);
        List<ChangeEvent> firstRun;
        try (DatagenReader first = reader(cfg, tmp)) {
            firstRun = read(first, 10);
            first.commit(firstRun.get(9).position());
        }
        try (DatagenReader second = reader(cfg, tmp)) {
            assertThat(render(read(second, 10))).isEqualTo(render(firstRun));
        }
        assertThat(tmp.resolve(OffsetFile.FILE_NAME)).as("nothing to read back, so nothing written").doesNotExist();
    }

    @Test
    void commitRejectsAForeignPosition() throws Exception {
        DatagenReader reader = reader(config(), tmp);

        assertThatThrownBy(() -> reader.commit(SourcePosition.of(Map.of("lsn", 5L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq");
    }

    @Test
    void pollBeforeStartIsAnError() throws Exception {
        DatagenReader reader = reader(config(), tmp);

        assertThatThrownBy(() -> reader.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
    }

    private byte[] runPrinter(long seed, String name) throws Exception {
        Path state = Files.createDirectories(tmp.resolve(name));
        Path out = tmp.resolve(name + ".out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DatagenPrinter.class.getName(), Long.toString(seed), "300", state.toString())
                .redirectOutput(out.toFile())
                .redirectError(tmp.resolve(name + ".err").toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("printer finished").isTrue();
        assertThat(process.exitValue()).as("printer exit code; stderr: %s",
                Files.readString(tmp.resolve(name + ".err"))).isZero();
        return Files.readAllBytes(out);
    }
}
