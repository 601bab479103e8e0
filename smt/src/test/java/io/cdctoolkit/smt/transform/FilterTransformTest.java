package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterTransformTest {

    private final FilterFactory factory = new FilterFactory();

    @Test
    void keepsMatchingEventsAndDropsTheOthers() throws Exception {
        Stage filter = Transforms.create(factory, Map.of("condition", "name = 'ann'"));
        assertThat(Transforms.run(filter, TestEvents.insert(1, "ann"))).hasSize(1);
        assertThat(Transforms.run(filter, TestEvents.insert(2, "bob"))).isEmpty();
    }

    @Test
    void dropTrueDropsTheMatchingEvents() throws Exception {
        Stage filter = Transforms.create(factory, Map.of("condition", "name = 'ann'", "drop", true));
        assertThat(Transforms.run(filter, TestEvents.insert(1, "ann"))).isEmpty();
        assertThat(Transforms.run(filter, TestEvents.insert(2, "bob"))).hasSize(1);
    }

    @Test
    void unknownIsNotAMatch() throws Exception {
        Stage keep = Transforms.create(factory, Map.of("condition", "email = 'x@y'"));
        Stage drop = Transforms.create(factory, Map.of("condition", "email = 'x@y'", "drop", true));
        ChangeEvent insert = TestEvents.insert(1, "ann");
        ChangeEvent nullEmail = insert.withValue(insert.value().toBuilder()
                .set(Envelope.AFTER_INDEX, Row.of(TestEvents.ROW_SCHEMA, 1L, "ann", null)).build());
        assertThat(Transforms.run(keep, nullEmail)).isEmpty();
        assertThat(Transforms.run(drop, nullEmail)).hasSize(1);
        Stage negated = Transforms.create(factory, Map.of("condition", "not email = 'x@y'"));
        assertThat(Transforms.run(negated, nullEmail)).as("not unknown is unknown").isEmpty();
    }

    @Test
    void deletesAreTestedOnBefore() throws Exception {
        Stage filter = Transforms.create(factory, Map.of("condition", "op = 'd' and name = 'ann'", "drop", true));
        assertThat(Transforms.run(filter, TestEvents.delete(1, "ann", 5))).isEmpty();
        assertThat(Transforms.run(filter, TestEvents.delete(1, "bob", 5))).hasSize(1);
    }

    @Test
    void tombstonesPassWhateverTheCondition() throws Exception {
        ChangeEvent tombstone = ChangeEvent.builder(TestEvents.USERS, Op.DELETE, TestEvents.TOPIC).build();
        for (boolean drop : new boolean[] {false, true}) {
            Stage filter = Transforms.create(factory, Map.of("condition", "name = 'ann'", "drop", drop));
            assertThat(Transforms.run(filter, tombstone)).containsExactly(tombstone);
        }
    }

    @Test
    void syntaxErrorsAreReportedAtLoadWithTheColumn() throws Exception {
        assertThat(Transforms.validate(factory, Map.of("condition", "a = 1 and (b = 2")))
                .singleElement().satisfies(p -> {
                    assertThat(p.keyPath()).isEqualTo("transforms[0].config.condition");
                    assertThat(p.message()).isEqualTo("expected ')' at column 17 (end of input)");
                });
        assertThat(Transforms.validate(factory, Map.of("condition", "name = 'ann'"))).isEmpty();
        assertThatThrownBy(() -> Transforms.create(factory, Map.of("condition", "a => 1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transforms[0].config.condition: unknown operator '=>' at column 3");
    }

    @Test
    void unknownFieldsAreSchemaErrorsPerSchema() throws Exception {
        Stage filter = Transforms.create(factory, Map.of("condition", "emali = 'x'"));
        EventShape shape = new EventShape(TestEvents.USERS, TestEvents.TOPIC, null, TestEvents.ENVELOPE_SCHEMA);
        assertThatThrownBy(() -> filter.outputShapes(shape)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("transforms[0].config.condition")
                .hasMessageContaining("unknown field 'emali'")
                .hasMessageContaining("column 1");
        assertThatThrownBy(() -> filter.apply(TestEvents.insert(1, "a"), e -> { }))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("filter: table shop.public.users")
                .hasMessageContaining("unknown field 'emali'");
        RowSchema other = RowSchema.builder("other").required("emali", FieldType.STRING).build();
        assertThat(filter.outputShapes(new EventShape(TestEvents.USERS, "t", null, other))).hasSize(1);
    }

    @Test
    void outputShapesAreTheInput() throws Exception {
        Stage filter = Transforms.create(factory, Map.of("condition", "id > 1"));
        EventShape shape = new EventShape(TestEvents.USERS, TestEvents.TOPIC, TestEvents.KEY_SCHEMA,
                TestEvents.ENVELOPE_SCHEMA);
        assertThat(filter.outputShapes(shape)).containsExactly(shape);
        assertThat(filter.outputShapes(shape.withValue(null))).containsExactly(shape.withValue(null));
    }

    /**
     * After the filter a shape lists the operations whose events can pass it (none: no shape), as far as the event
     * names decide it. The oracle is the filter itself, run on events of every operation with a name that matches, one
     * that does not and a null: every operation one of them passes with is in the shape.
     */
    @Test
    void outputShapesKeepTheOperationsWhoseEventsCanPass() throws Exception {
        EventShape shape = new EventShape(TestEvents.USERS, TestEvents.TOPIC, TestEvents.KEY_SCHEMA,
                TestEvents.ENVELOPE_SCHEMA);
        Set<Op> all = shape.operations();
        record Case(String condition, boolean drop, Set<Op> expected) {
        }
        List<Case> cases = List.of(
                new Case("op != 'd'", false, Set.of(Op.CREATE, Op.READ, Op.UPDATE, Op.TRUNCATE)),
                new Case("op = 'd'", true, Set.of(Op.CREATE, Op.READ, Op.UPDATE, Op.TRUNCATE)),
                new Case("not (op = 'd' or op = 't')", false, Set.of(Op.CREATE, Op.READ, Op.UPDATE)),
                new Case("op in ('c', 'u') and name = 'ann'", false, Set.of(Op.CREATE, Op.UPDATE)),
                new Case("op like 'd%' or name = 'ann'", false, all),
                new Case("op matches '[cr]' or name is null", true, Set.of(Op.UPDATE, Op.DELETE, Op.TRUNCATE)),
                new Case("op = 'd' or name = 'ann'", true, Set.of(Op.CREATE, Op.READ, Op.UPDATE, Op.TRUNCATE)),
                new Case("op = 'd' and name = 'ann'", true, all),
                new Case("name = 'ann'", false, all),
                new Case("table = 'orders'", false, Set.of()),
                new Case("table = 'users' and schema = 'public' and database = 'shop'", true, Set.of()),
                new Case("table != 'orders' and op = 'r'", false, Set.of(Op.READ)));
        for (Case c : cases) {
            Stage filter = Transforms.create(factory, Map.of("condition", c.condition(), "drop", c.drop()));
            List<EventShape> out = filter.outputShapes(shape);
            Set<Op> listed = out.isEmpty() ? Set.of() : out.get(0).operations();
            assertThat(listed).as(c.condition() + ", drop " + c.drop()).isEqualTo(c.expected());
            Set<Op> passed = EnumSet.noneOf(Op.class);
            for (Op op : all) {
                for (String name : new String[] {"ann", "bob", null}) {
                    if (!Transforms.run(filter, event(op, name)).isEmpty()) passed.add(op);
                }
            }
            assertThat(listed).as(c.condition() + ", drop " + c.drop() + ": the operations that passed")
                    .containsAll(passed);
            if (!c.condition().contains("name")) assertThat(listed).isEqualTo(passed);
            if (listed.equals(all)) assertThat(out).containsExactly(shape);
        }
    }

    /** An event of {@code op} on users whose row (before for deletes) has {@code name}; a truncate has no row. */
    private static ChangeEvent event(Op op, String name) {
        Row row = Row.of(TestEvents.ROW_SCHEMA, 1L, name, null);
        Row before = op == Op.DELETE ? row : op == Op.UPDATE ? Row.of(TestEvents.ROW_SCHEMA, 1L, "old", null) : null;
        Row after = op == Op.DELETE || op == Op.TRUNCATE ? null : row;
        Row source = Row.of(TestEvents.SOURCE_SCHEMA, "test", "shop", "users", 1L);
        return ChangeEvent.builder(TestEvents.USERS, op, TestEvents.TOPIC).key(TestEvents.key(1))
                .value(Envelope.row(TestEvents.ENVELOPE_SCHEMA, before, after, source, op, java.time.Instant.EPOCH))
                .build();
    }

    @Test
    void theConditionIsRequired() {
        assertThatThrownBy(() -> Transforms.options(factory, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("condition");
    }
}
