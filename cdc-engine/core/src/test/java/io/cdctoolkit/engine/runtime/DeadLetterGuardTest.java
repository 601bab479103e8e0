package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.data.Unreadable;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.ProtectingStage;
import io.cdctoolkit.engine.spi.SinkRecord;
import io.cdctoolkit.engine.testing.JsonTestEncoder;
import io.cdctoolkit.engine.testing.ListReader;
import io.cdctoolkit.engine.testing.RecordingSink;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import static io.cdctoolkit.engine.runtime.PipelineTest.FAST;
import static io.cdctoolkit.engine.runtime.PipelineTest.text;
import static io.cdctoolkit.engine.testing.TestEvents.USERS;
import static io.cdctoolkit.engine.testing.TestEvents.id;
import static io.cdctoolkit.engine.testing.TestEvents.insert;
import static io.cdctoolkit.engine.testing.TestHeaders.asMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead-letter records never carry plaintext of fields an encryption stage would have encrypted: an
 * event rejected before (or by) a {@link ProtectingStage} covering its table has neither key nor value.
 */
class DeadLetterGuardTest {

    /** The secret in every name, so a scan of the dead-letter bytes can look for it. */
    private static final String SECRET = "bob-ssn-123-45-6789";

    private final RecordingSink sink = RecordingSink.acking();

    /** Replaces name and email with "ENC(…)" for the tables it covers; rejects names that contain "reject-me". */
    private static final class FakeEncryption implements ProtectingStage {
        private final TableId covered;

        FakeEncryption(TableId covered) {
            this.covered = covered;
        }

        @Override
        public String name() {
            return "encryption";
        }

        @Override
        public boolean covers(TableId table) {
            return table.equals(covered);
        }

        @Override
        public void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException {
            if (!covers(event.table()) || event.value() == null) {
                out.accept(event);
                return;
            }
            Row after = Envelope.after(event.value());
            if (String.valueOf(after.get("name")).contains("reject-me")) {
                throw new InvalidDataException(name(), event.table(), "after.name", "cannot encrypt");
            }
            Row encrypted = after.with(after.schema().indexOf("name"), "ENC(" + after.get("name").hashCode() + ")");
            encrypted = encrypted.with(after.schema().indexOf("email"), "ENC(" + after.get("email").hashCode() + ")");
            out.accept(event.withValue(event.value().with(Envelope.AFTER_INDEX, encrypted)));
        }
    }

    private SinkRecord deadLetter() {
        return sink.records().stream().filter(r -> r.topic().equals("cdc.dlq")).findFirst().orElseThrow();
    }

    private static boolean isUser2(ChangeEvent e) {
        return id(e) == 2;
    }

    private static void assertNoPayload(SinkRecord dead, String why) {
        assertThat(dead.key()).isNull();
        assertThat(dead.value()).isNull();
        assertThat(asMap(dead.headers())).containsEntry("cdc.error.value_omitted", why)
                .containsEntry("cdc.error.table", "shop.public.users")
                .containsEntry("cdc.error.position", "lsn=2");
    }

    @Test
    void anEventRejectedByATransformBeforeEncryptionIsDeadLetteredWithoutKeyOrValue() {
        Pipeline.builder().source(ListReader.bounded(List.of(insert(1, "ann"), insert(2, SECRET), insert(3, "cy")), 10))
                .transform(TestStages.rejecting("cast", DeadLetterGuardTest::isUser2, "age"))
                .transform(new FakeEncryption(USERS))
                .encoder(new JsonTestEncoder()).sink(sink)
                .settings(FAST.withOnError(ErrorPolicy.DEAD_LETTER)).build().run();

        SinkRecord dead = deadLetter();
        assertNoPayload(dead, DeadLetterGuard.BEFORE_ENCRYPTION);
        assertThat(asMap(dead.headers())).containsEntry("cdc.error.stage", "cast");
        assertThat(asMap(dead.headers()).toString()).doesNotContain(SECRET);
    }

    @Test
    void anEventTheEncryptionStageRejectsIsDeadLetteredWithoutKeyOrValue() {
        String rejected = "reject-me " + SECRET;
        Pipeline.builder().source(ListReader.bounded(List.of(insert(1, "ann"), insert(2, rejected)), 10))
                .transform(new FakeEncryption(USERS))
                .encoder(new JsonTestEncoder()).sink(sink)
                .settings(FAST.withOnError(ErrorPolicy.DEAD_LETTER)).build().run();

        SinkRecord dead = deadLetter();
        assertNoPayload(dead, DeadLetterGuard.BEFORE_ENCRYPTION);
        assertThat(asMap(dead.headers())).containsEntry("cdc.error.stage", "encryption");
    }

    @Test
    void anUnreadableRecordOfACoveredTableIsDeadLetteredWithoutItsRawValue() {
        ChangeEvent two = insert(2, SECRET);
        ChangeEvent unreadable = ChangeEvent.builder(two.table(), two.op(), two.topic()).key(two.key())
                .position(two.position())
                .unreadable(new Unreadable("created_at", "out of range",
                        ("{\"after\":{\"name\":\"" + SECRET + "\"}}").getBytes(StandardCharsets.UTF_8)))
                .build();
        Pipeline.builder().source(ListReader.bounded(List.of(insert(1, "ann"), unreadable), 10))
                .transform(new FakeEncryption(USERS))
                .encoder(new JsonTestEncoder()).sink(sink)
                .settings(FAST.withOnError(ErrorPolicy.DEAD_LETTER)).build().run();

        assertNoPayload(deadLetter(), DeadLetterGuard.UNREADABLE);
    }

    /**
     * A reader's reason quotes the value it could not convert, which may be plaintext of a field listed for
     * encryption: for a covered table it reaches neither the dead-letter headers, nor the log, nor the stop message;
     * for another table it is kept whole.
     */
    @ParameterizedTest
    @EnumSource(ErrorPolicy.class)
    void aReadersReasonQuotingTheValueIsWithheldForACoveredTable(ErrorPolicy onError) {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger handlerLog = (Logger) LoggerFactory.getLogger(ErrorHandler.class);
        logs.start();
        handlerLog.addAppender(logs);
        try {
            String reason = "cannot convert value of text[]: '[0:0]={" + SECRET + "}' is an array whose first index is not 1";
            for (TableId covered : List.of(USERS, new TableId("shop", "public", "orders"))) {
                RecordingSink each = RecordingSink.acking();
                logs.list.clear();
                ChangeEvent two = insert(2, "bob");
                ChangeEvent unreadable = ChangeEvent.builder(two.table(), two.op(), two.topic()).key(two.key())
                        .position(two.position()).unreadable(new Unreadable("aliases", reason, "{}".getBytes(StandardCharsets.UTF_8)))
                        .build();
                Pipeline pipeline = Pipeline.builder().source(ListReader.bounded(List.of(insert(1, "ann"), unreadable), 10))
                        .transform(new FakeEncryption(covered))
                        .encoder(new JsonTestEncoder()).sink(each)
                        .settings(FAST.withOnError(onError)).build();
                PipelineResult result = pipeline.run();

                StringBuilder everything = new StringBuilder();
                logs.list.forEach(e -> everything.append(e.getFormattedMessage()).append('\n'));
                if (result.failure() != null) everything.append(result.failure().getMessage()).append('\n');
                if (pipeline.stats().lastError() != null) everything.append(pipeline.stats().lastError().reason());
                each.records().stream().filter(r -> r.topic().equals("cdc.dlq"))
                        .forEach(r -> everything.append(asMap(r.headers())));
                assertThat(everything.toString()).as("on_error: %s, the encryption covering %s", onError, covered)
                        .contains("aliases").contains("lsn=2");
                if (covered.equals(USERS)) {
                    assertThat(everything.toString()).doesNotContain(SECRET).contains(DeadLetterGuard.WITHHELD_REASON);
                } else {
                    assertThat(everything.toString()).contains(reason);
                }
            }
        } finally {
            handlerLog.detachAppender(logs);
        }
    }

    @Test
    void anEventRejectedAfterEncryptionKeepsItsEncryptedValue() {
        Pipeline.builder().source(ListReader.bounded(List.of(insert(1, "ann"), insert(2, SECRET)), 10))
                .transform(new FakeEncryption(USERS))
                .transform(TestStages.rejecting("later", DeadLetterGuardTest::isUser2, "age"))
                .encoder(new JsonTestEncoder()).sink(sink)
                .settings(FAST.withOnError(ErrorPolicy.DEAD_LETTER)).build().run();

        SinkRecord dead = deadLetter();
        assertThat(text(dead.value())).contains("ENC(").doesNotContain(SECRET);
        assertThat(text(dead.key())).isEqualTo(RowJson.toJson(insert(2, SECRET).key()));
        assertThat(asMap(dead.headers())).doesNotContainKey("cdc.error.value_omitted");
    }

    @Test
    void anEventOfATableTheEncryptionDoesNotCoverIsDeadLetteredAsUsual() {
        TableId other = new TableId("shop", "public", "orders");
        Pipeline.builder().source(ListReader.bounded(List.of(insert(1, "ann"), insert(2, "bob")), 10))
                .transform(TestStages.rejecting("cast", DeadLetterGuardTest::isUser2, "age"))
                .transform(new FakeEncryption(other))
                .encoder(new JsonTestEncoder()).sink(sink)
                .settings(FAST.withOnError(ErrorPolicy.DEAD_LETTER)).build().run();

        assertThat(text(deadLetter().value())).isEqualTo(RowJson.toJson(insert(2, "bob").value()));
    }
}
