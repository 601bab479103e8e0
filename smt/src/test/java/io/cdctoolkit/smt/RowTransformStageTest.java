package io.cdctoolkit.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RowTransformStageTest {

    static final TransformContext CONTEXT = new TransformContext("upper", "sources.pg.config.transforms[1]");

    /** Upper-cases the named field; a value "boom" cannot be converted. */
    static RowTransform upper(String fieldName) {
        return schema -> FieldRewrites.compile(schema, List.of(fieldName), "fields", MissingFields.ERROR,
                (field, path) -> new FieldConversion() {
                    @Override
                    public Field output() {
                        return field;
                    }

                    @Override
                    public Object convert(Object value) throws FieldException {
                        if ("boom".equals(value)) throw new FieldException(path, "cannot shout");
                        return ((String) value).toUpperCase(java.util.Locale.ROOT);
                    }
                });
    }

    static List<ChangeEvent> run(RowTransformStage stage, ChangeEvent event) throws InvalidDataException {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        return out;
    }

    @Test
    void actsOnBeforeAndAfterOfAnEnvelope() throws Exception {
        RowTransformStage stage = new RowTransformStage(CONTEXT, upper("name"), RowTransformStage.Target.VALUE,
                RowTransformStage.Sides.BOTH);
        ChangeEvent update = TestEvents.update(1, "ann", "bob", 1);

        ChangeEvent out = run(stage, update).get(0);

        assertThat(Envelope.before(out.value()).get("name")).isEqualTo("ANN");
        assertThat(Envelope.after(out.value()).get("name")).isEqualTo("BOB");
        assertThat(out.value().get(Envelope.OP_INDEX)).isEqualTo("u");
        assertThat(out.value().get(Envelope.SOURCE_INDEX)).isEqualTo(update.value().get(Envelope.SOURCE_INDEX));
        assertThat(out.key()).isEqualTo(update.key());
        assertThat(out.position()).isEqualTo(update.position());
    }

    @Test
    void afterOnlyLeavesBefore() throws Exception {
        RowTransformStage stage = new RowTransformStage(CONTEXT, upper("name"), RowTransformStage.Target.VALUE,
                RowTransformStage.Sides.AFTER);
        ChangeEvent out = run(stage, TestEvents.update(1, "ann", "bob", 1)).get(0);
        assertThat(Envelope.before(out.value()).get("name")).isEqualTo("ann");
        assertThat(Envelope.after(out.value()).get("name")).isEqualTo("BOB");
    }

    @Test
    void actsOnAFlatValueAndOnTheKey() throws Exception {
        RowSchema flat = TestEvents.ROW_SCHEMA;
        ChangeEvent event = ChangeEvent.builder(TestEvents.USERS, Op.CREATE, TestEvents.TOPIC)
                .key(Row.of(flat, 1L, "k", null)).value(Row.of(flat, 1L, "v", null)).build();

        ChangeEvent value = run(new RowTransformStage(CONTEXT, upper("name"), RowTransformStage.Target.VALUE,
                RowTransformStage.Sides.BOTH), event).get(0);
        ChangeEvent key = run(new RowTransformStage(CONTEXT, upper("name"), RowTransformStage.Target.KEY,
                RowTransformStage.Sides.BOTH), event).get(0);

        assertThat(value.value().get("name")).isEqualTo("V");
        assertThat(value.key().get("name")).isEqualTo("k");
        assertThat(key.key().get("name")).isEqualTo("K");
        assertThat(key.value().get("name")).isEqualTo("v");
    }

    @Test
    void tombstonesPassUnchanged() throws Exception {
        RowTransformStage stage = new RowTransformStage(CONTEXT, upper("name"), RowTransformStage.Target.VALUE,
                RowTransformStage.Sides.BOTH);
        ChangeEvent tombstone = TestEvents.delete(3, "x", 3).withValue(null);
        assertThat(run(stage, tombstone)).containsExactly(tombstone);
    }

    @Test
    void aValueErrorNamesTransformTableAndSideButNotTheValue() {
        RowTransformStage stage = new RowTransformStage(CONTEXT, upper("name"), RowTransformStage.Target.VALUE,
                RowTransformStage.Sides.BOTH);
        InvalidDataException e = catchThrowableOfType(InvalidDataException.class,
                () -> run(stage, TestEvents.update(1, "ann", "boom", 1)));
        assertThat(e.stage()).isEqualTo("upper");
        assertThat(e.table()).isEqualTo(TestEvents.USERS);
        assertThat(e.field()).isEqualTo("after.name");
        assertThat(e.getMessage()).contains("cannot shout").doesNotContain("boom");
    }

    @Test
    void aSchemaMismatchIsAnInvalidEventWhileRunningAndAConfigProblemInCheck() {
        RowTransformStage stage = new RowTransformStage(CONTEXT, upper("nmae"), RowTransformStage.Target.VALUE,
                RowTransformStage.Sides.BOTH);
        InvalidDataException running = catchThrowableOfType(InvalidDataException.class,
                () -> run(stage, TestEvents.insert(1, "ann")));
        assertThat(running.field()).isEqualTo("nmae");
        assertThat(running.getMessage()).contains("no field 'nmae'")
                .contains("sources.pg.config.transforms[1].config.fields");

        ConfigException checking = catchThrowableOfType(ConfigException.class, () -> stage.outputShapes(
                new EventShape(TestEvents.USERS, TestEvents.TOPIC, TestEvents.KEY_SCHEMA, TestEvents.ENVELOPE_SCHEMA)));
        assertThat(checking.problems()).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo("sources.pg.config.transforms[1].config.fields");
            assertThat(p.message()).contains("shop.public.users").contains("no field 'nmae'");
        });
    }

    @Test
    void outputShapesGiveTheSchemaEventsGetAndPlansAreCompiledOncePerSchema() throws Exception {
        RowTransform renameToAlias = schema -> {
            RowSchema out = RowSchema.of(schema.name(), schema.fields().stream()
                    .map(f -> f.name().equals("name") ? f.withName("alias") : f).toList());
            return new RowPlan() {
                @Override
                public RowSchema output() {
                    return out;
                }

                @Override
                public Row apply(Row row, ChangeEvent event) {
                    return Row.wrap(out, row.values());
                }
            };
        };
        RowTransformStage stage = new RowTransformStage(CONTEXT, renameToAlias, RowTransformStage.Target.VALUE,
                RowTransformStage.Sides.BOTH);
        EventShape input = new EventShape(TestEvents.USERS, TestEvents.TOPIC, TestEvents.KEY_SCHEMA,
                TestEvents.ENVELOPE_SCHEMA);

        EventShape shape = stage.outputShapes(input).get(0);
        ChangeEvent first = run(stage, TestEvents.insert(1, "a")).get(0);
        ChangeEvent second = run(stage, TestEvents.update(1, "a", "b", 2)).get(0);

        assertThat(Envelope.rowSchema(shape.value()).field("alias")).isNotNull();
        assertThat(Envelope.isEnvelope(shape.value())).isTrue();
        assertThat(first.value().schema()).isEqualTo(shape.value()).isSameAs(second.value().schema());
        assertThat(shape.key()).isSameAs(TestEvents.KEY_SCHEMA);
        assertThat(stage.outputShapes(input.withValue(null))).containsExactly(input.withValue(null));
    }
}
