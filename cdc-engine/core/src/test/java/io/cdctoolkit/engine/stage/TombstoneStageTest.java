package io.cdctoolkit.engine.stage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static io.cdctoolkit.engine.testing.TestEvents.delete;
import static io.cdctoolkit.engine.testing.TestEvents.insert;
import static io.cdctoolkit.engine.testing.TestEvents.update;
import static org.assertj.core.api.Assertions.assertThat;

class TombstoneStageTest {

    private static final TombstoneSettings ON = new TombstoneSettings(true, true, List.of());

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger stageLogger = (Logger) LoggerFactory.getLogger(TombstoneStage.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        stageLogger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        stageLogger.detachAppender(logs);
    }

    @Test
    void aDeleteIsFollowedByItsTombstoneWithTheSameKeyTopicPositionAndHeaders() {
        ChangeEvent delete = delete(7, "gus", 70).withHeader("trace", "abc");

        List<ChangeEvent> out = apply(new TombstoneStage(ON), delete);

        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isSameAs(delete);
        ChangeEvent tombstone = out.get(1);
        assertThat(tombstone.isTombstone()).isTrue();
        assertThat(tombstone.key()).isEqualTo(delete.key());
        assertThat(tombstone.topic()).isEqualTo(delete.topic());
        assertThat(tombstone.position()).isEqualTo(delete.position());
        assertThat(tombstone.headers()).isEqualTo(delete.headers());
        assertThat(tombstone.op()).isEqualTo(delete.op());
        assertThat(tombstone.table()).isEqualTo(delete.table());
    }

    @Test
    void insertsUpdatesAndReadsPassAloneAndUnchanged() {
        TombstoneStage stage = new TombstoneStage(ON);
        ChangeEvent insert = insert(1, "ann");
        ChangeEvent update = update(1, "ann", "anna", 2);

        assertThat(apply(stage, insert, update)).containsExactly(insert, update);
    }

    @Test
    void aDeleteThatIsAlreadyATombstonePassesThroughUnchangedWithoutASecondOne() {
        ChangeEvent alreadyTombstone = delete(3, "cy", 30).withValue(null);

        assertThat(apply(new TombstoneStage(ON), alreadyTombstone)).containsExactly(alreadyTombstone);
    }

    @Test
    void excludeTablesMatchSchemaDotTableGlobs() {
        TombstoneStage stage = new TombstoneStage(new TombstoneSettings(true, true, List.of("audit.*", "public.log?")));
        ChangeEvent audited = inTable(delete(1, "a", 1), new TableId("shop", "audit", "changes"));
        ChangeEvent logs1 = inTable(delete(2, "b", 2), new TableId("shop", "public", "logs"));
        ChangeEvent users = delete(3, "c", 3);

        List<ChangeEvent> out = apply(stage, audited, logs1, users);

        assertThat(out).containsExactly(audited, logs1, users, users.withValue(null));
    }

    @Test
    void tablesWithoutASchemaAreMatchedAsDatabaseDotTable() {
        TombstoneStage stage = new TombstoneStage(new TombstoneSettings(true, true, List.of("inventory.audit_*")));
        ChangeEvent excluded = inTable(delete(1, "a", 1), new TableId("inventory", null, "audit_log"));
        ChangeEvent kept = inTable(delete(2, "b", 2), new TableId("inventory", null, "items"));

        assertThat(apply(stage, excluded, kept)).containsExactly(excluded, kept, kept.withValue(null));
    }

    @Test
    void globsAreLiteralApartFromStarAndQuestionMark() {
        // The dot is a dot: "public.users" must not match "publicXusers".
        TombstoneStage stage = new TombstoneStage(new TombstoneSettings(true, true, List.of("public.users")));
        ChangeEvent lookalike = inTable(delete(1, "a", 1), new TableId("shop", "publicXusers", "t"));
        ChangeEvent excluded = delete(2, "b", 2);

        assertThat(apply(stage, lookalike, excluded))
                .containsExactly(lookalike, lookalike.withValue(null), excluded);
    }

    @Test
    void aKeylessTablesDeletesPassWithoutTombstoneAndItIsWarnedAboutOncePerTable() {
        TombstoneStage stage = new TombstoneStage(ON);
        ChangeEvent first = delete(1, "a", 1).withKey(null);
        ChangeEvent second = delete(2, "b", 2).withKey(null);
        ChangeEvent otherTable = inTable(delete(3, "c", 3).withKey(null), new TableId("shop", "public", "events"));

        assertThat(apply(stage, first, second, otherTable)).containsExactly(first, second, otherTable);

        assertThat(logs.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .satisfiesExactly(
                        m -> assertThat(m).contains("shop.public.users").contains("no primary key"),
                        m -> assertThat(m).contains("shop.public.events"));
    }

    @Test
    void anExcludedKeylessTableIsNotWarnedAbout() {
        TombstoneStage stage = new TombstoneStage(new TombstoneSettings(true, true, List.of("public.*")));
        apply(stage, delete(1, "a", 1).withKey(null));

        assertThat(logs.list).isEmpty();
    }

    @Test
    void emitTombstoneAfterDeleteFalseOrDisabledEmitsNothingExtra() {
        ChangeEvent delete = delete(5, "e", 5);

        assertThat(apply(new TombstoneStage(new TombstoneSettings(true, false, List.of())), delete))
                .containsExactly(delete);
        assertThat(apply(new TombstoneStage(new TombstoneSettings(false, true, List.of())), delete))
                .containsExactly(delete);
    }

    @Test
    void theReviewWarnsOfExactlyTheTablesWhoseDeletesTheStageLeavesWithoutATombstoneAndOfGlobsMatchingNoTable() {
        TombstoneSettings settings = new TombstoneSettings(true, true, List.of("public.audti_log", "audit.*"));
        List<ChangeEvent> deletes = List.of(
                delete(1, "a", 1),                                                               // keyed: tombstone
                inTable(delete(2, "b", 2).withKey(null), new TableId("shop", "public", "events")), // keyless
                inTable(delete(3, "c", 3).withKey(null), new TableId("shop", "audit", "changes")), // keyless, excluded
                inTable(delete(4, "d", 4), new TableId("shop", "public", "audit_log")));          // keyed
        List<EventShape> shapes = deletes.stream().map(e -> new EventShape(e.table(), e.topic(),
                e.key() == null ? null : e.key().schema(), e.value().schema())).toList();

        List<ConfigProblem> review = TombstoneStage.review(settings, "sources.pg.config.cdc_features.tombstones", shapes);

        // The oracle: what the stage does with each table's delete.
        List<ChangeEvent> out = apply(new TombstoneStage(settings), deletes.toArray(ChangeEvent[]::new));
        List<TableId> withoutTombstone = deletes.stream()
                .filter(d -> out.stream().noneMatch(o -> o.isTombstone() && o.table().equals(d.table())))
                .map(ChangeEvent::table).toList();
        assertThat(withoutTombstone).containsExactly(new TableId("shop", "public", "events"),
                new TableId("shop", "audit", "changes"));
        assertThat(review).extracting(ConfigProblem::keyPath).containsExactly(
                "sources.pg.config.cdc_features.tombstones.exclude_tables[0]",
                "sources.pg.config.cdc_features.tombstones");
        assertThat(review.get(0).message()).contains("'public.audti_log' matches none of the 4 table(s)");
        assertThat(review.get(0).fix()).isEqualTo("did you mean public.audit_log");
        assertThat(review.get(1).message()).contains("shop.public.events has no key"); // not the excluded audit.changes
    }

    @Test
    void settingsThatEmitNoTombstonesHaveNothingToReview() {
        List<EventShape> keyless = List.of(new EventShape(new TableId("shop", "public", "events"), "t", null,
                delete(1, "a", 1).value().schema()));

        assertThat(TombstoneStage.review(new TombstoneSettings(false, true, List.of("nothing.*")), "p", keyless)).isEmpty();
        assertThat(TombstoneStage.review(new TombstoneSettings(true, false, List.of("nothing.*")), "p", keyless)).isEmpty();
    }

    private static ChangeEvent inTable(ChangeEvent event, TableId table) {
        return new ChangeEvent(table, event.op(), event.key(), event.value(), event.headers(), event.topic(),
                event.position(), event.sourceTimestamp(), event.transaction(), null);
    }

    private static List<ChangeEvent> apply(TombstoneStage stage, ChangeEvent... events) {
        List<ChangeEvent> out = new ArrayList<>();
        for (ChangeEvent e : events) stage.apply(e, out::add);
        return out;
    }

}
