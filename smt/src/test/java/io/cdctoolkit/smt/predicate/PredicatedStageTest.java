package io.cdctoolkit.smt.predicate;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredicatedStageTest {

    private static final RowSchema RENAMED = RowSchema.builder("renamed").required("x", FieldType.INT32).build();

    /**
     * Routes every event to topic "routed" and changes every shape's value to {@link #RENAMED} (unless it is told to
     * keep the shapes, as a transform that changes nothing a shape shows).
     */
    private static final class Marker implements Stage {
        final List<ChangeEvent> seen = new ArrayList<>();
        final boolean keepsShapes;
        boolean closed;
        ChangeEvent acknowledged;

        Marker() {
            this(false);
        }

        Marker(boolean keepsShapes) {
            this.keepsShapes = keepsShapes;
        }

        @Override
        public String name() {
            return "marker";
        }

        @Override
        public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
            seen.add(event);
            out.accept(event.withTopic("routed"));
        }

        @Override
        public List<EventShape> outputShapes(EventShape input) throws ConfigException {
            if (input.topic().equals("unfit")) throw new ConfigException("k", "does not fit", null);
            if (keepsShapes) return List.of(input);
            return List.of(input.withTopic("routed").withValue(RENAMED));
        }

        @Override
        public void onAcknowledged(ChangeEvent event) {
            acknowledged = event;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static PredicatedStage stage(Marker marker, Map<String, ?> predicate) throws ConfigException {
        return new PredicatedStage(marker, EventPredicateTest.predicate(predicate));
    }

    private static List<ChangeEvent> run(Stage stage, ChangeEvent event) throws Exception {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        return out;
    }

    @Test
    void appliesTheTransformOnlyToMatchingEvents() throws Exception {
        Marker marker = new Marker();
        PredicatedStage stage = stage(marker, Map.of("operations", List.of("d")));
        ChangeEvent insert = TestEvents.insert(1, "a");
        assertThat(run(stage, insert)).containsExactly(insert);
        assertThat(run(stage, TestEvents.delete(1, "a", 2))).singleElement()
                .satisfies(e -> assertThat(e.topic()).isEqualTo("routed"));
        assertThat(marker.seen).hasSize(1);
        assertThat(stage.name()).isEqualTo("marker");
    }

    @Test
    void negateAppliesItToTheOthers() throws Exception {
        Marker marker = new Marker();
        PredicatedStage stage = stage(marker, Map.of("operations", List.of("d"), "negate", true));
        assertThat(run(stage, TestEvents.insert(1, "a"))).singleElement()
                .satisfies(e -> assertThat(e.topic()).isEqualTo("routed"));
        ChangeEvent delete = TestEvents.delete(1, "a", 2);
        assertThat(run(stage, delete)).containsExactly(delete);
    }

    @Test
    void outputShapesFollowTheDecision() throws Exception {
        EventShape users = new EventShape(TestEvents.USERS, TestEvents.TOPIC, null, TestEvents.ENVELOPE_SCHEMA);
        EventShape changed = users.withTopic("routed").withValue(RENAMED);
        assertThat(stage(new Marker(), Map.of("tables", List.of("users"))).outputShapes(users)).containsExactly(changed);
        assertThat(stage(new Marker(), Map.of("tables", List.of("orders"))).outputShapes(users)).containsExactly(users);
        // Split by operation: the inserts take the transform's way, the others pass as they are.
        assertThat(stage(new Marker(), Map.of("operations", List.of("c"))).outputShapes(users)).containsExactly(
                changed.withOperations(Set.of(Op.CREATE)),
                users.withOperations(Set.of(Op.READ, Op.UPDATE, Op.DELETE, Op.TRUNCATE)));
        // A predicate on fields depends on each event: both ways, for every operation.
        assertThat(stage(new Marker(), Map.of("field_value", Map.of("field", "name", "value", "a"))).outputShapes(users))
                .containsExactly(changed, users);
        // A transform that leaves the shape as it was: its two ways are one shape again, with every operation.
        assertThat(new PredicatedStage(new Marker(true), EventPredicateTest.predicate(Map.of("operations", List.of("d"))))
                .outputShapes(users)).containsExactly(users);
    }

    /**
     * Whether the transform may act on a shape's events at all (check warns of a predicate that matches no table). The
     * oracle: the stage run on an insert and a delete of the table — it acts on some exactly when mayApplyTo says so.
     */
    @Test
    void mayApplyToSaysWhetherThePredicateCanMatchSomeEventOfTheShape() throws Exception {
        EventShape users = new EventShape(TestEvents.USERS, TestEvents.TOPIC, null, TestEvents.ENVELOPE_SCHEMA);
        List<ChangeEvent> events = List.of(TestEvents.insert(1, "a"), TestEvents.delete(1, "a", 2));
        List<Map<String, ?>> predicates = List.of(Map.of("tables", List.of("users")), Map.of("tables", List.of("usr")),
                Map.of("tables", List.of("usr"), "negate", true), Map.of("schemas", List.of("nowhere")),
                Map.of("operations", List.of("d")), Map.of("field_value", Map.of("field", "name", "value", "a")),
                Map.of("tables", List.of("usr"), "operations", List.of("c")));
        for (Map<String, ?> predicate : predicates) {
            PredicatedStage stage = stage(new Marker(), predicate);
            boolean acted = false;
            for (ChangeEvent event : events) {
                acted |= run(stage, event).stream().anyMatch(e -> e.topic().equals("routed"));
            }
            assertThat(stage.mayApplyTo(users)).as(predicate.toString()).isEqualTo(acted);
            // what check says then: the predicate, as the marker transform says nothing of itself
            assertThat(stage.inaction().reason()).isEqualTo("its predicate matches none of them");
        }
    }

    @Test
    void aTransformThatDoesNotFitIsNotReportedForTablesThePredicateExcludes() throws Exception {
        EventShape unfit = new EventShape(TestEvents.USERS, "unfit", null, TestEvents.ENVELOPE_SCHEMA);
        assertThat(stage(new Marker(), Map.of("tables", List.of("orders"))).outputShapes(unfit)).containsExactly(unfit);
        assertThatThrownBy(() -> stage(new Marker(), Map.of("tables", List.of("users"))).outputShapes(unfit))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void acknowledgementsAndCloseReachTheTransform() throws Exception {
        Marker marker = new Marker();
        PredicatedStage stage = stage(marker, Map.of());
        ChangeEvent event = TestEvents.insert(1, "a");
        stage.onAcknowledged(event);
        stage.close();
        assertThat(marker.acknowledged).isSameAs(event);
        assertThat(marker.closed).isTrue();
    }
}
