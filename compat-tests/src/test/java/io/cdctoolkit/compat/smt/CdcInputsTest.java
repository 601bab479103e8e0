package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.FieldType.Kind;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CdcInputsTest {

    @Test
    void theSameSeedGivesTheSameEventsAndAnotherSeedOthers() {
        assertThat(CdcInputs.of(99).allShapes(30)).isEqualTo(CdcInputs.of(99).allShapes(30));
        assertThat(CdcInputs.of(99).allShapes(30)).isNotEqualTo(CdcInputs.of(100).allShapes(30));
    }

    @Test
    void everyKindAppearsInTheSchemaAndWithValues() {
        CdcInputs inputs = CdcInputs.of(1);
        Set<Kind> declared = EnumSet.noneOf(Kind.class);
        collectKinds(inputs.tableSchema(), declared);
        assertThat(declared).containsExactlyInAnyOrder(Kind.values());

        Set<Kind> withValues = EnumSet.noneOf(Kind.class);
        for (Row row : rows(inputs.allShapes(60))) collectValueKinds(row, withValues);
        assertThat(withValues).containsExactlyInAnyOrder(Kind.values());
    }

    @Test
    void everyOptionalColumnIsSometimesNullAndSometimesNot() {
        List<Row> rows = rows(CdcInputs.of(2).allShapes(60));
        RowSchema schema = rows.get(0).schema();
        for (Field f : schema.fields()) {
            List<Object> values = rows.stream().map(r -> r.get(f.name())).toList();
            if (f.optional()) {
                assertThat(values).as(f.name()).containsNull();
            } else {
                assertThat(values).as(f.name()).doesNotContainNull();
            }
            assertThat(values).as(f.name()).anyMatch(v -> v != null);
        }
    }

    @Test
    void valuesIncludeExtremesUnicodeAndEmptiness() {
        List<Row> rows = rows(CdcInputs.of(3).allShapes(120));
        assertThat(rows).extracting(r -> r.get("big")).contains(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L);
        assertThat(rows).extracting(r -> r.get("visits")).contains(Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertThat(rows).extracting(r -> r.get("tiny")).contains(Byte.MIN_VALUE, Byte.MAX_VALUE);
        assertThat(rows).extracting(r -> r.get("ratio")).contains(-0.0f, 0.0f, Float.MAX_VALUE);
        assertThat(rows).extracting(r -> r.get("name")).contains("")
                .anyMatch(v -> ((String) v).codePoints().anyMatch(Character::isSupplementaryCodePoint));
        assertThat(rows).extracting(r -> r.get("avatar")).anyMatch(v -> v instanceof byte[] b && b.length == 0);
        assertThat(rows).extracting(r -> r.get("birth_date")).anyMatch(v -> v != null && ((java.time.LocalDate) v).getYear() < 1970);
        Set<Integer> scales = new HashSet<>();
        for (Row r : rows) {
            for (String column : List.of("price", "rate", "total")) {
                if (r.get(column) instanceof BigDecimal d) scales.add(d.scale());
            }
        }
        assertThat(scales).containsExactlyInAnyOrder(0, 2, 6);
        assertThat(rows).extracting(r -> r.get("price")).anyMatch(v -> v instanceof BigDecimal d && d.signum() < 0);
    }

    @Test
    void envelopesHaveTheShapeOfTheirOp() {
        CdcInputs inputs = CdcInputs.of(4);
        for (ChangeEvent e : inputs.envelopes(8)) {
            assertThat(Envelope.isEnvelope(e.value().schema())).isTrue();
            assertThat(e.value().schema().name()).isEqualTo("pg.public.users.Envelope");
            assertThat(e.value().get(Envelope.OP)).isEqualTo(e.op().code());
            Row before = Envelope.before(e.value());
            Row after = Envelope.after(e.value());
            switch (e.op()) {
                case CREATE, READ -> assertThat(before).isNull();
                case UPDATE -> assertThat(before.get("id")).isEqualTo(after.get("id"));
                case DELETE -> assertThat(after).isNull();
                default -> throw new AssertionError(e.op());
            }
            Row image = after != null ? after : before;
            assertThat(e.key()).isEqualTo(Row.of(inputs.keySchema(), image.get("id")));
            Row source = Envelope.source(e.value());
            assertThat(source.get("connector")).isEqualTo("postgresql");
            assertThat(source.get("ts_ms")).isEqualTo(e.sourceTimestamp().toEpochMilli());
            if (e.op() == Op.READ) {
                assertThat(source.get("snapshot")).isIn("true", "last");
            } else {
                assertThat(source.get("snapshot")).isEqualTo("false");
            }
            assertThat(List.of(source.get("db"), source.get("schema"), source.get("table")))
                    .containsExactly("inventory", "public", "users");
            assertThat(e.table()).isEqualTo(new TableId("inventory", "public", "users"));
            assertThat(e.topic()).isEqualTo("pg.public.users");
        }
        assertThat(inputs.envelopes(4)).extracting(ChangeEvent::op)
                .containsExactly(Op.CREATE, Op.READ, Op.UPDATE, Op.DELETE);
    }

    @Test
    void allShapesHasEnvelopesTombstonesAndFlatRows() {
        List<ChangeEvent> events = CdcInputs.of(5).allShapes(6);
        assertThat(events.subList(0, 4)).allMatch(e -> Envelope.isEnvelope(e.value().schema()))
                .extracting(ChangeEvent::op).containsExactly(Op.CREATE, Op.READ, Op.UPDATE, Op.DELETE);
        assertThat(events.get(4).isTombstone()).isTrue();
        assertThat(events.get(4).key()).isNotNull();
        assertThat(events.get(5).value().schema().name()).isEqualTo("pg.public.users.Value");
        assertThat(Envelope.isEnvelope(events.get(5).value().schema())).isFalse();
    }

    @Test
    void aGeneratorCanBeRestrictedToSomeKinds() {
        CdcInputs numeric = CdcInputs.of(6).onlyKinds(Kind.INT8, Kind.INT16, Kind.INT32, Kind.INT64, Kind.FLOAT32,
                Kind.FLOAT64);
        assertThat(numeric.tableSchema().fields()).extracting(Field::name)
                .containsExactly("id", "tiny", "small", "visits", "big", "ratio", "score");
        assertThat(numeric.envelopes(4)).allSatisfy(e -> assertThat(Envelope.rowSchema(e.value().schema()))
                .isEqualTo(numeric.tableSchema()));

        CdcInputs noTemporal = CdcInputs.of(6).withoutKinds(EnumSet.of(Kind.DATE, Kind.TIME, Kind.TIMESTAMP,
                Kind.TIMESTAMP_TZ));
        assertThat(noTemporal.tableSchema().fields()).extracting(f -> f.type().kind())
                .doesNotContain(Kind.DATE, Kind.TIME, Kind.TIMESTAMP, Kind.TIMESTAMP_TZ).contains(Kind.STRUCT);
    }

    private static List<Row> rows(List<ChangeEvent> events) {
        List<Row> rows = new ArrayList<>();
        for (ChangeEvent e : events) {
            if (e.value() == null) continue;
            if (Envelope.isEnvelope(e.value().schema())) {
                if (Envelope.before(e.value()) != null) rows.add(Envelope.before(e.value()));
                if (Envelope.after(e.value()) != null) rows.add(Envelope.after(e.value()));
            } else {
                rows.add(e.value());
            }
        }
        return rows;
    }

    private static void collectKinds(RowSchema schema, Set<Kind> into) {
        for (Field f : schema.fields()) collectKinds(f.type(), into);
    }

    private static void collectKinds(FieldType type, Set<Kind> into) {
        into.add(type.kind());
        if (type instanceof FieldType.Struct s) collectKinds(s.schema(), into);
        if (type instanceof FieldType.Array a) collectKinds(a.element(), into);
        if (type instanceof FieldType.MapType m) collectKinds(m.value(), into);
    }

    private static void collectValueKinds(Row row, Set<Kind> into) {
        for (int i = 0; i < row.schema().size(); i++) {
            Object v = row.get(i);
            if (v == null) continue;
            into.add(row.schema().field(i).type().kind());
            if (v instanceof Row nested) collectValueKinds(nested, into);
            if (v instanceof List<?> list && !list.isEmpty()) {
                into.add(((FieldType.Array) row.schema().field(i).type()).element().kind());
            }
            if (v instanceof java.util.Map<?, ?> map && !map.isEmpty()) {
                into.add(((FieldType.MapType) row.schema().field(i).type()).value().kind());
            }
        }
    }
}
