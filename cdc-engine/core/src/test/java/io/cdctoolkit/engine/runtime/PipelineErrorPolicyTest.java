package io.cdctoolkit.engine.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.Unreadable;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.SinkRecord;
import io.cdctoolkit.engine.testing.JsonTestEncoder;
import io.cdctoolkit.engine.testing.ListReader;
import io.cdctoolkit.engine.testing.RecordingSink;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.cdctoolkit.engine.runtime.PipelineTest.FAST;
import static io.cdctoolkit.engine.runtime.PipelineTest.text;
import static io.cdctoolkit.engine.testing.TestEvents.TOPIC;
import static io.cdctoolkit.engine.testing.TestEvents.USERS;
import static io.cdctoolkit.engine.testing.TestEvents.id;
import static io.cdctoolkit.engine.testing.TestEvents.insert;
import static io.cdctoolkit.engine.testing.TestEvents.inserts;
import static io.cdctoolkit.engine.testing.TestEvents.lsn;
import static io.cdctoolkit.engine.testing.TestEvents.lsns;
import static io.cdctoolkit.engine.testing.TestHeaders.asMap;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code on_error: skip | stop | dead_letter} for events rejected by a stage, the encoder or the sink. */
class PipelineErrorPolicyTest {

    private final ListReader reader = ListReader.bounded(inserts(3), 10);
    private final RecordingSink sink = RecordingSink.acking();

    private Pipeline.Builder pipeline(ErrorPolicy policy) {
        return Pipeline.builder().name("errors").source(reader).encoder(new JsonTestEncoder()).sink(sink)
                .settings(FAST.withOnError(policy));
    }

    private static boolean isUser2(ChangeEvent e) {
        return id(e) == 2;
    }

    /** The encoder sees rows, not events: the envelope's {@code after.id}. */
    private static boolean isUser2Value(io.cdctoolkit.engine.data.Row envelope) {
        io.cdctoolkit.engine.data.Row after = (io.cdctoolkit.engine.data.Row) envelope.get("after");
        return after != null && ((Number) after.get("id")).longValue() == 2;
    }

    private static InvalidDataException sinkRejection(SinkRecord r) {
        // No stage or table given: the runtime fills in "sink" and the event's table.
        return new InvalidDataException(null, null, null, "record too large");
    }

    private List<Long> writtenIds() {
        return sink.records().stream().filter(r -> r.topic().equals(TOPIC)).map(r -> id(r.event())).toList();
    }

    // --- skip ---

    @Test
    void skipLeavesOutAStageRejectionAndStillCommitsPastIt() {
        PipelineResult result = pipeline(ErrorPolicy.SKIP)
                .transform(TestStages.rejecting("cast", PipelineErrorPolicyTest::isUser2, "age")).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(writtenIds()).containsExactly(1L, 3L);
        assertThat(result.counts().skipped()).isEqualTo(1);
        assertThat(lsn(reader.lastCommit())).isEqualTo(3);
    }

    @Test
    void skipLeavesOutASinkRejectionAndStillCommitsPastIt() {
        sink.failing(r -> isUser2(r.event()), PipelineErrorPolicyTest::sinkRejection);
        PipelineResult result = pipeline(ErrorPolicy.SKIP).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(sink.acknowledged()).extracting(r -> id(r.event())).containsExactly(1L, 3L);
        assertThat(result.counts().skipped()).isEqualTo(1);
        assertThat(result.counts().recordsOut()).isEqualTo(2);
        assertThat(lsn(reader.lastCommit())).isEqualTo(3);
    }

    // --- stop ---

    @Test
    void stopFailsWithTheReasonAndCommitsNothingAtOrAfterTheRejectedEvent() {
        Pipeline p = Pipeline.builder().name("errors").source(reader)
                .encoder(JsonTestEncoder.rejecting(PipelineErrorPolicyTest::isUser2Value, "email"))
                .sink(sink).settings(FAST.withOnError(ErrorPolicy.STOP)).build();
        PipelineResult result = p.run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.FAILED);
        assertThat(result.failure()).isInstanceOfSatisfying(InvalidDataException.class, e -> {
            assertThat(e.stage()).isEqualTo(JsonTestEncoder.STAGE);
            assertThat(e.table()).isEqualTo(USERS);
            assertThat(e.field()).isEqualTo("email");
        });
        assertThat(writtenIds()).containsExactly(1L);
        assertThat(lsns(reader.commits())).containsExactly(1L);
        assertThat(result.counts().failed()).isEqualTo(1);
        assertThat(reader.closed()).isTrue();
    }

    @Test
    void stopOnARejectedRecordLogsItsReasonWithoutAStackTrace() {
        List<ILoggingEvent> errors = errorLines(() -> {
            PipelineResult result = pipeline(ErrorPolicy.STOP)
                    .transform(TestStages.rejecting("cast", PipelineErrorPolicyTest::isUser2, "age")).build().run();
            assertThat(result.status()).isEqualTo(PipelineResult.Status.FAILED);
        });
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).startsWith("pipeline 'errors' failed: ").contains("cast", "age");
            assertThat(e.getThrowableProxy()).as("a described rejection, not a bug: no trace").isNull();
        });
    }

    /**
     * A component's own stop (a FatalException saying why, e.g. the wrong connector for the server) is one ERROR line;
     * a FatalException that wraps something unexpected keeps its trace.
     */
    @Test
    void aComponentsOwnStopIsOneLineAndAWrappedFailureKeepsItsTrace() {
        List<ILoggingEvent> errors = errorLines(() -> {
            reader.failNextPolls(1, () -> new FatalException("source 'src': the server is MariaDB, not MySQL"
                    + " (set connector: mariadb-cdc)"));
            assertThat(pipeline(ErrorPolicy.STOP).build().run().status()).isEqualTo(PipelineResult.Status.FAILED);
            ListReader wrapping = ListReader.unbounded(List.of(insert(1, "ann")), 10);
            wrapping.failNextPolls(1, () -> new FatalException("source failed to read",
                    new IllegalStateException("a bug")));
            assertThat(Pipeline.builder().name("errors").source(wrapping).encoder(new JsonTestEncoder()).sink(sink)
                    .settings(FAST).build().run().status()).isEqualTo(PipelineResult.Status.FAILED);
        });
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).getFormattedMessage()).endsWith("the server is MariaDB, not MySQL (set connector:"
                + " mariadb-cdc)");
        assertThat(errors.get(0).getThrowableProxy()).as("a deliberate stop: no trace").isNull();
        assertThat(errors.get(1).getThrowableProxy()).as("a wrapped failure: its trace").isNotNull();
    }

    /** The ERROR lines {@link ErrorHandler} logs while {@code running} runs. */
    private static List<ILoggingEvent> errorLines(Runnable running) {
        return logLines(Level.ERROR, running);
    }

    /** The lines of {@code level} {@link ErrorHandler} logs while {@code running} runs. */
    private static List<ILoggingEvent> logLines(Level level, Runnable running) {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger handlerLog = (Logger) LoggerFactory.getLogger(ErrorHandler.class);
        logs.start();
        handlerLog.addAppender(logs);
        try {
            running.run();
        } finally {
            handlerLog.detachAppender(logs);
        }
        return logs.list.stream().filter(e -> e.getLevel() == level).toList();
    }

    @Test
    void stopOnASinkRejectionNamesTheSink() {
        sink.failing(r -> isUser2(r.event()), PipelineErrorPolicyTest::sinkRejection);
        PipelineResult result = pipeline(ErrorPolicy.STOP).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.FAILED);
        assertThat(result.failure()).isInstanceOfSatisfying(InvalidDataException.class, e -> {
            assertThat(e.stage()).isEqualTo("sink");
            assertThat(e.table()).isEqualTo(USERS);
            assertThat(e.reason()).isEqualTo("record too large");
        });
        assertThat(lsns(reader.commits())).containsExactly(1L);
    }

    // --- dead_letter ---

    @Test
    void deadLetterWritesAStageRejectionWithItsReasonAndGoesOn() {
        ListReader withHeader = ListReader.bounded(List.of(insert(1, "ann"),
                insert(2, "bob").withHeader("trace", "t-2"), insert(3, "cy")), 10);
        PipelineResult result = Pipeline.builder().source(withHeader).encoder(new JsonTestEncoder()).sink(sink)
                .settings(FAST.withOnError(ErrorPolicy.DEAD_LETTER).withDeadLetterTopic("users.dlq"))
                .transform(TestStages.rejecting("cast", PipelineErrorPolicyTest::isUser2, "age"))
                .build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(writtenIds()).containsExactly(1L, 3L);
        SinkRecord dead = sink.records().stream().filter(r -> r.topic().equals("users.dlq")).findFirst().orElseThrow();
        assertThat(asMap(dead.headers()))
                .containsEntry("trace", "t-2")
                .containsEntry("cdc.error.stage", "cast")
                .containsEntry("cdc.error.message", "cannot cast 'abc' to int64")
                .containsEntry("cdc.error.table", "shop.public.users")
                .containsEntry("cdc.error.field", "age")
                .containsEntry("cdc.error.topic", TOPIC)
                .containsEntry("cdc.error.op", "c");
        ChangeEvent original = insert(2, "bob");
        assertThat(text(dead.key())).isEqualTo(RowJson.toJson(original.key()));
        assertThat(text(dead.value())).isEqualTo(RowJson.toJson(original.value()));
        assertThat(dead.format()).isEqualTo(PayloadFormat.JSON);
        assertThat(result.counts().deadLettered()).isEqualTo(1);
        assertThat(lsn(withHeader.lastCommit())).isEqualTo(3);
    }

    /** A running pipeline's log says when an event goes to the dead-letter topic (not only the final summary). */
    @Test
    void eachDeadLetteredEventIsAWarningNamingTableTopicAndReason() {
        List<ILoggingEvent> warnings = logLines(Level.WARN, () -> assertThat(pipeline(ErrorPolicy.DEAD_LETTER)
                .transform(TestStages.rejecting("cast", PipelineErrorPolicyTest::isUser2, "age")).build().run()
                .status()).isEqualTo(PipelineResult.Status.COMPLETED));

        assertThat(warnings).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).startsWith("pipeline 'errors': wrote an event of table "
                    + USERS + " at ").contains(" to dead-letter topic 'cdc.dlq' (on_error: dead_letter): ")
                    .contains("cast", "age", "cannot cast 'abc' to int64");
            assertThat(e.getThrowableProxy()).isNull();
        });
    }

    /**
     * A table whose every event is rejected (here 25 of them) logs ten lines a minute, the tenth saying that the next
     * ones are counted, not logged; every one is counted, and every one is in the dead-letter topic.
     */
    @Test
    void aTableWhoseEveryEventIsRejectedLogsTenLinesAMinuteNotOnePerEvent() {
        ListReader backlog = ListReader.bounded(inserts(25), 10);
        PipelineResult[] result = new PipelineResult[1];
        List<ILoggingEvent> warnings = logLines(Level.WARN, () -> result[0] = Pipeline.builder().name("errors")
                .source(backlog).encoder(new JsonTestEncoder()).sink(sink)
                .settings(FAST.withOnError(ErrorPolicy.DEAD_LETTER))
                .transform(TestStages.rejecting("cast", e -> true, "age")).build().run());

        assertThat(result[0].status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(result[0].counts().deadLettered()).isEqualTo(25);
        assertThat(sink.records()).filteredOn(r -> r.topic().equals("cdc.dlq")).hasSize(25);
        assertThat(warnings).hasSize(RejectionLog.LINES_PER_MINUTE);
        assertThat(warnings.subList(0, 9)).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("to dead-letter topic 'cdc.dlq'", "cannot cast 'abc' to int64").doesNotContain("not logged"));
        assertThat(warnings.get(9).getFormattedMessage()).contains("cannot cast 'abc' to int64").endsWith(" (10 lines"
                + " this minute for table " + USERS + ": the next ones are counted, not logged, until the minute is"
                + " over)");
    }

    /** Event 2 as a reader emits a record it could not convert: key, position, and the raw record. */
    private static List<ChangeEvent> withUnreadableSecond() {
        ChangeEvent two = insert(2, "bob");
        ChangeEvent unreadable = ChangeEvent.builder(two.table(), two.op(), two.topic()).key(two.key())
                .position(two.position())
                .unreadable(new Unreadable("created_at", "timestamptz value 'infinity' is outside the supported range",
                        "{\"after\":{\"id\":2,\"created_at\":\"infinity\"}}".getBytes(StandardCharsets.UTF_8)))
                .build();
        return List.of(insert(1, "ann"), unreadable, insert(3, "cy"));
    }

    @Test
    void anUnreadableSourceRecordIsDeadLetteredRawWithItsColumnAndTheRowsAfterItArrive() {
        ListReader source = ListReader.bounded(withUnreadableSecond(), 10);
        CountingStage stage = new CountingStage();
        PipelineResult result = Pipeline.builder().source(source).transform(stage).encoder(new JsonTestEncoder())
                .sink(sink).settings(FAST.withOnError(ErrorPolicy.DEAD_LETTER)).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(writtenIds()).containsExactly(1L, 3L);
        assertThat(stage.seen).as("an unreadable record never reaches a stage").isEqualTo(2);
        SinkRecord dead = sink.records().stream().filter(r -> r.topic().equals("cdc.dlq")).findFirst().orElseThrow();
        assertThat(asMap(dead.headers())).containsEntry("cdc.error.stage", "source")
                .containsEntry("cdc.error.field", "created_at")
                .containsEntry("cdc.error.table", "shop.public.users")
                .containsEntry("cdc.error.position", "lsn=2")
                .containsEntry("cdc.error.format", "json");
        assertThat(asMap(dead.headers()).get("cdc.error.message")).contains("infinity").contains("lsn=2");
        assertThat(text(dead.key())).isEqualTo(RowJson.toJson(insert(2, "bob").key()));
        assertThat(text(dead.value())).isEqualTo("{\"after\":{\"id\":2,\"created_at\":\"infinity\"}}");
        assertThat(lsn(source.lastCommit())).isEqualTo(3);
    }

    @Test
    void anUnreadableSourceRecordIsSkippedOrStopsThePipelineAsOnErrorSays() {
        ListReader skipping = ListReader.bounded(withUnreadableSecond(), 10);
        PipelineResult skipped = Pipeline.builder().source(skipping).encoder(new JsonTestEncoder()).sink(sink)
                .settings(FAST.withOnError(ErrorPolicy.SKIP)).build().run();
        assertThat(skipped.counts().skipped()).isEqualTo(1);
        assertThat(writtenIds()).containsExactly(1L, 3L);

        ListReader stopping = ListReader.bounded(withUnreadableSecond(), 10);
        RecordingSink other = RecordingSink.acking();
        PipelineResult stopped = Pipeline.builder().source(stopping).encoder(new JsonTestEncoder()).sink(other)
                .settings(FAST.withOnError(ErrorPolicy.STOP)).build().run();
        assertThat(stopped.status()).isEqualTo(PipelineResult.Status.FAILED);
        assertThat(stopped.failure()).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("field 'created_at'").hasMessageContaining("infinity");
        assertThat(lsns(stopping.commits())).containsExactly(1L);
    }

    /** Counts the events that reach it and passes them on. */
    private static final class CountingStage implements io.cdctoolkit.engine.spi.Stage {
        int seen;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public void apply(ChangeEvent event, java.util.function.Consumer<ChangeEvent> out) {
            seen++;
            out.accept(event);
        }
    }

    @Test
    void deadLetterOfAnEncoderRejectionCarriesTheValueAsJson() {
        PipelineResult result = Pipeline.builder().source(reader)
                .encoder(JsonTestEncoder.rejecting(PipelineErrorPolicyTest::isUser2Value, "email"))
                .sink(sink).settings(FAST.withOnError(ErrorPolicy.DEAD_LETTER)).build().run();

        SinkRecord dead = sink.records().stream().filter(r -> r.topic().equals("cdc.dlq")).findFirst().orElseThrow();
        assertThat(asMap(dead.headers())).containsEntry("cdc.error.stage", JsonTestEncoder.STAGE)
                .containsEntry("cdc.error.field", "email");
        assertThat(text(dead.value())).isEqualTo(RowJson.toJson(insert(2, "user2").value()));
        assertThat(result.counts().deadLettered()).isEqualTo(1);
        assertThat(lsn(reader.lastCommit())).isEqualTo(3);
    }

    @Test
    void deadLetterOfASinkRejectionKeepsTheEncodedBytes() {
        sink.failing(r -> r.topic().equals(TOPIC) && isUser2(r.event()), PipelineErrorPolicyTest::sinkRejection);
        PipelineResult result = pipeline(ErrorPolicy.DEAD_LETTER).build().run();

        SinkRecord rejected = sink.records().get(1);
        SinkRecord dead = sink.records().stream().filter(r -> r.topic().equals("cdc.dlq")).findFirst().orElseThrow();
        assertThat(dead.key()).isEqualTo(rejected.key());
        assertThat(dead.value()).isEqualTo(rejected.value());
        assertThat(asMap(dead.headers())).containsEntry("cdc.error.stage", "sink")
                .containsEntry("cdc.error.message", "record too large")
                .doesNotContainKey("cdc.error.field");
        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(result.counts().deadLettered()).isEqualTo(1);
        assertThat(lsn(reader.lastCommit())).isEqualTo(3);
    }

    @Test
    void eventIsCommittedOnlyOnceItsDeadLetterRecordIsAcknowledged() throws Exception {
        ListReader streaming = ListReader.unbounded(inserts(3), 10);
        RecordingSink holding = RecordingSink.holding();
        Pipeline p = Pipeline.builder().source(streaming).encoder(new JsonTestEncoder()).sink(holding)
                .settings(FAST.withOnError(ErrorPolicy.DEAD_LETTER)).build();
        try (RunningPipeline running = new RunningPipeline(p)) {
            holding.awaitWrites(3);
            holding.complete(0);
            holding.fail(1, new InvalidDataException("kafka", USERS, null, "record too large"));
            holding.complete(2);
            holding.awaitWrites(4); // the dead-letter record
            assertThat(holding.records().get(3).topic()).isEqualTo("cdc.dlq");
            io.cdctoolkit.engine.testing.Await.until("commit of lsn 1",
                    () -> streaming.lastCommit() != null, streaming::commits);
            assertThat(lsns(streaming.commits())).as("2 waits for its dead letter").containsExactly(1L);
            holding.complete(3);
            io.cdctoolkit.engine.testing.Await.until("commit of lsn 3",
                    () -> lsn(streaming.lastCommit()) == 3, streaming::commits);
            p.stop();
            assertThat(running.result().status()).isEqualTo(PipelineResult.Status.STOPPED);
        }
    }

    @Test
    void aDeadLetterRecordTheSinkRejectsTooIsWrittenAgainWithoutItsValue() {
        // As with a value over the producer's max.request.size: the dead-letter copy of it is just as large.
        sink.failing(r -> isUser2(r.event()) && r.value() != null, PipelineErrorPolicyTest::sinkRejection);
        PipelineResult result = pipeline(ErrorPolicy.DEAD_LETTER).build().run();

        SinkRecord rejected = sink.records().get(1);
        List<SinkRecord> dead = sink.records().stream().filter(r -> r.topic().equals("cdc.dlq")).toList();
        assertThat(dead).hasSize(2);
        SinkRecord written = dead.get(1);
        assertThat(written.key()).isEqualTo(rejected.key());
        assertThat(written.value()).isNull();
        assertThat(asMap(written.headers())).containsEntry("cdc.error.stage", "sink")
                .containsEntry("cdc.error.message", "record too large")
                .containsEntry("cdc.error.topic", TOPIC)
                .containsEntry("cdc.error.value_omitted", "record too large");
        assertThat(result.status()).isEqualTo(PipelineResult.Status.COMPLETED);
        assertThat(result.counts().deadLettered()).isEqualTo(1);
        assertThat(lsn(reader.lastCommit())).isEqualTo(3);
    }

    @Test
    void aDeadLetterRecordRejectedEvenWithoutItsValueIsFatal() {
        sink.failing(r -> isUser2(r.event()), PipelineErrorPolicyTest::sinkRejection);
        PipelineResult result = pipeline(ErrorPolicy.DEAD_LETTER).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.FAILED);
        assertThat(result.failure()).isInstanceOf(FatalException.class)
                .hasMessageContaining("dead-letter topic 'cdc.dlq'");
        assertThat(sink.records()).filteredOn(r -> r.topic().equals("cdc.dlq")).hasSize(2);
        assertThat(lsns(reader.commits())).containsExactly(1L);
    }

    @Test
    void failureToWriteTheDeadLetterRecordIsFatal() {
        sink.failing(r -> isUser2(r.event()),
                r -> r.topic().equals(TOPIC) ? sinkRejection(r) : new IOException("dlq topic does not exist"));
        PipelineResult result = pipeline(ErrorPolicy.DEAD_LETTER).build().run();

        assertThat(result.status()).isEqualTo(PipelineResult.Status.FAILED);
        assertThat(result.failure()).isInstanceOf(FatalException.class)
                .hasMessageContaining("dead-letter topic 'cdc.dlq'")
                .hasRootCauseMessage("dlq topic does not exist");
        assertThat(lsns(reader.commits())).containsExactly(1L);
    }
}
