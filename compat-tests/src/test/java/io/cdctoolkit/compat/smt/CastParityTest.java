package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Cast;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cast} against Kafka's {@code Cast} 4.1.1 on generated rows: every column of every type, cast
 * to each of Kafka's eight target types, on flat rows and on both rows of envelopes (Kafka's Cast is
 * applied to the {@code before} / {@code after} struct as a record of its own, since it sees only
 * top-level fields). Where the outputs differ, the difference is one docs/transforms.md documents
 * ("cast — Differences from Kafka"), asserted as such.
 */
class CastParityTest {

    static final List<String> TARGETS = List.of("int8", "int16", "int32", "int64", "float32", "float64", "boolean",
            "string");

    private final ComponentCatalog catalog = ComponentCatalog.load();

    @Test
    void everyColumnToEveryTargetOnGeneratedRowsAndEnvelopes() throws Exception {
        int compared = 0;
        int differences = 0;
        for (long seed : new long[] {1, 2, 3}) {
            CdcInputs inputs = CdcInputs.of(seed);
            List<ChangeEvent> events = new ArrayList<>(inputs.flatRows(40));
            events.addAll(inputs.envelopes(40));
            events.add(inputs.tombstone());
            for (Field column : inputs.tableSchema().fields()) {
                for (String target : TARGETS) {
                    Pair pair = new Pair(column, target);
                    for (ChangeEvent event : events) {
                        Tally t = pair.check(event);
                        compared += t.compared;
                        differences += t.differences;
                    }
                }
            }
        }
        // Most pairs agree exactly; the documented differences are real, not the rule.
        assertThat(compared).isGreaterThan(20_000);
        assertThat(differences).isPositive().isLessThan(compared / 2);
    }

    /** Strings that parse (or nearly) — the generator's texts never do. */
    @Test
    void textsThatParseAsNumbersAndBooleans() throws Exception {
        List<String> texts = List.of("42", "-128", "127", "128", "+7", "-0", "32767", "-32769", "2147483648",
                "9223372036854775807", "9223372036854775808", "1.5", "1e3", "0x10", " 5", "", "NaN", "Infinity",
                "-Infinity", "1e400", "1e39", "3.4028235E38", "4.9E-324", "true", "TRUE", "False", "yes", "1", "0");
        RowSchema schema = RowSchema.builder("pg.public.users.Value").optional("text", FieldType.STRING).build();
        int compared = 0;
        for (String target : TARGETS) {
            Pair pair = new Pair(schema.field(0), target);
            for (String text : texts) {
                ChangeEvent event = ChangeEvent.builder(CdcInputs.TABLE, Op.CREATE, CdcInputs.TOPIC)
                        .value(Row.of(schema, text)).build();
                compared += pair.check(event).compared;
            }
        }
        assertThat(compared).isEqualTo(texts.size() * TARGETS.size());
    }

    @Test
    void keyFieldsWithCastKey() throws Exception {
        CdcInputs inputs = CdcInputs.of(7);
        for (String target : TARGETS) {
            Stage ours = ours("cast_key", Map.of("spec", "id:" + target));
            for (ChangeEvent event : inputs.allShapes(30)) {
                SinkRecord theirs;
                try (Cast<SinkRecord> cast = new Cast.Key<>()) {
                    cast.configure(Map.of("spec", "id:" + target));
                    try {
                        theirs = cast.apply(ConnectRecords.toConnect(event));
                    } catch (DataException e) {
                        theirs = null;
                    }
                }
                ChangeEvent mine = applyOrNull(ours, event);
                if (mine != null && theirs != null) {
                    ParityAssertions.assertSameRecord(mine, theirs);
                } else {
                    // int64 ids out of range of a narrower type: ours fails, Kafka wraps (documented).
                    assertThat(mine).as("ours fails only where the id does not fit " + target).isNull();
                    assertThat(theirs).isNotNull();
                    long id = (Long) event.key().get(0);
                    assertThat(((Number) ((Struct) theirs.key()).get("id")).longValue()).isNotEqualTo(id);
                }
            }
        }
    }

    /** Kafka's default {@code replace.null.with.default=true} emits a null field's default; ours keeps the null. */
    @Test
    void aNullWithADefaultStaysNullWhereKafkaSubstitutesTheDefault() throws Exception {
        CdcInputs inputs = CdcInputs.of(11);
        Stage ours = ours("cast", Map.of("spec", "visits:int64"));
        int seen = 0;
        for (ChangeEvent event : inputs.flatRows(80)) {
            if (event.value().get("status") != null) continue;
            SinkRecord theirs;
            try (Cast<SinkRecord> cast = new Cast.Value<>()) {
                cast.configure(Map.of("spec", "visits:int64"));
                theirs = cast.apply(ConnectRecords.toConnect(event));
            }
            ChangeEvent mine = applyOrNull(ours, event);
            assertThat(mine.value().get("status")).isNull();
            assertThat(((Struct) theirs.value()).getWithoutDefault("status")).isEqualTo("active");
            seen++;
        }
        assertThat(seen).isPositive();
    }

    /** Decimals with more than six fraction digits: Kafka's {@code BigDecimal.toString} is scientific. */
    @Test
    void smallDecimalsToStringArePlainWhereKafkaWritesAnExponent() throws Exception {
        RowSchema schema = RowSchema.builder("pg.public.users.Value").optional("d", new FieldType.Decimal(12, 9)).build();
        ChangeEvent event = ChangeEvent.builder(CdcInputs.TABLE, Op.CREATE, CdcInputs.TOPIC)
                .value(Row.of(schema, new BigDecimal("0.000000012"))).build();
        SinkRecord theirs = kafka(new Cast.Value<>(), "d:string", event);
        ChangeEvent mine = applyOrNull(ours("cast", Map.of("spec", "d:string")), event);
        assertThat(((Struct) theirs.value()).get("d")).isEqualTo("1.2E-8");
        assertThat(mine.value().get(0)).isEqualTo("0.000000012");
    }

    /** Kafka casts a float64 beyond float32's range to infinity; ours fails. */
    @Test
    void float32OverflowIsAnErrorWhereKafkaGivesInfinity() throws Exception {
        RowSchema schema = RowSchema.builder("pg.public.users.Value").optional("x", FieldType.FLOAT64).build();
        ChangeEvent event = ChangeEvent.builder(CdcInputs.TABLE, Op.CREATE, CdcInputs.TOPIC)
                .value(Row.of(schema, 1e300)).build();
        assertThat(((Struct) kafka(new Cast.Value<>(), "x:float32", event).value()).get("x"))
                .isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(applyOrNull(ours("cast", Map.of("spec", "x:float32")), event)).isNull();
    }

    // ---------------------------------------------------------------------------------------------

    record Tally(int compared, int differences) {
    }

    /** Whether ours compiles for the schema, or why not. */
    enum Compiled { OK, TYPE, DEFAULT }

    /** One column cast to one target: ours and Kafka's, compared on events. */
    final class Pair {
        final Field column;
        final String target;
        final Stage ours;
        final String spec;

        Pair(Field column, String target) throws ConfigException {
            this.column = column;
            this.target = target;
            this.spec = column.name() + ":" + target;
            this.ours = ours("cast", Map.of("spec", spec));
        }

        Tally check(ChangeEvent event) throws Exception {
            if (event.value() == null) {
                ParityAssertions.assertSameRecord(event, kafka(new Cast.Value<>(), spec, event));
                assertThat(applyOrNull(ours, event)).isSameAs(event);
                return new Tally(1, 0);
            }
            if (Envelope.isEnvelope(event.value().schema())) return checkEnvelope(event);
            return checkFlat(event);
        }

        /** Ours on the envelope; Kafka's on each row as a record of its own. */
        private Tally checkEnvelope(ChangeEvent event) throws Exception {
            Row before = Envelope.before(event.value());
            Row after = Envelope.after(event.value());
            ChangeEvent mine = applyOrNull(ours, event);
            int compared = 0;
            int differences = 0;
            boolean sideFailed = false;
            for (int side = 0; side < 2; side++) {
                Row row = side == 0 ? before : after;
                if (row == null) continue;
                ChangeEvent flat = event.withValue(row);
                ChangeEvent flatMine = applyOrNull(ours, flat);
                if (flatMine == null) sideFailed = true;
                if (mine != null && flatMine != null) {
                    Row ourRow = side == 0 ? Envelope.before(mine.value()) : Envelope.after(mine.value());
                    assertThat(ourRow).as("the envelope's row is cast as the flat row").isEqualTo(flatMine.value());
                }
                Tally t = checkFlat(flat);
                compared += t.compared;
                differences += t.differences;
            }
            assertThat(mine == null).as("an envelope fails exactly when one of its rows does").isEqualTo(sideFailed);
            return new Tally(compared, differences);
        }

        private Tally checkFlat(ChangeEvent event) throws Exception {
            Object input = event.value().get(column.name());
            SinkRecord in = ConnectRecords.toConnect(event);
            Object kafkaInput = ((Struct) in.value()).getWithoutDefault(column.name());
            SinkRecord theirs;
            DataException theirError = null;
            try {
                theirs = kafka(new Cast.Value<>(), spec, event);
            } catch (DataException e) {
                theirs = null;
                theirError = e;
            }
            Compiled compiled = compile(event);
            if (compiled == Compiled.DEFAULT) {
                // The column's default does not cast (enum 'status' default "active" to a number or boolean):
                // check reports ours; Kafka fails building the schema, so every record — except to boolean,
                // where Boolean.parseBoolean makes the default and every symbol false.
                if (target.equals("boolean")) {
                    assertThat(theirs.valueSchema().field(column.name()).schema().defaultValue()).isEqualTo(false);
                    assertThat(((Struct) theirs.value()).getWithoutDefault(column.name())).isIn(false, null);
                } else {
                    assertThat(theirError).as(column.name() + " → " + target + ": Kafka fails too").isNotNull();
                }
                return new Tally(1, 1);
            }
            if (compiled == Compiled.TYPE) {
                // Types Kafka cannot cast either: check reports ours; Kafka fails the record at runtime (or,
                // for a null, passes it; a uuid is a string to Kafka, and "not true" is false).
                if (input == null) {
                    assertThat(theirs).isNotNull();
                } else if (column.type().kind() == FieldType.Kind.UUID && target.equals("boolean")) {
                    assertThat(((Struct) theirs.value()).get(column.name())).isEqualTo(false);
                } else {
                    assertThat(theirError).as(column.name() + " → " + target + ": Kafka fails too").isNotNull();
                }
                return new Tally(1, 1);
            }
            ChangeEvent mine = applyOrNull(ours, event);
            if (mine == null) {
                assertKafkaLosesWhatOursRefuses(kafkaInput, theirs);
                return new Tally(1, 1);
            }
            assertThat(theirs).as(column.name() + " → " + target + ": Kafka fails where ours does not").isNotNull();
            Object ourValue = ((Struct) ConnectRecords.toConnect(mine).value()).getWithoutDefault(column.name());
            Object theirValue = ((Struct) theirs.value()).getWithoutDefault(column.name());
            if (target.equals("string") && isTemporal(column.type()) && input != null) {
                assertTemporalStrings(input, (String) ourValue, (String) theirValue);
                return new Tally(1, 1);
            }
            if (target.equals("boolean") && !java.util.Objects.equals(ourValue, theirValue)) {
                // Zero is false, anything else true; Kafka's longValue() != 0 makes -1 < x < 1 false.
                BigDecimal x = exact(kafkaInput, ((Struct) in.value()).schema().field(column.name()).schema());
                assertThat(x.abs()).isLessThan(BigDecimal.ONE).isNotEqualTo(BigDecimal.ZERO);
                assertThat(ourValue).isEqualTo(true);
                assertThat(theirValue).isEqualTo(false);
                return new Tally(1, 1);
            }
            // The field's doc is kept (Kafka's Cast builds a bare schema): the one documented schema difference.
            ParityAssertions.assertSameRecord(mine, theirs,
                    column.doc() != null ? Comparison.STRICT.ignoringDocs() : Comparison.STRICT);
            return new Tally(1, column.doc() != null ? 1 : 0);
        }

        private Compiled compile(ChangeEvent event) {
            try {
                ours.outputShapes(new EventShape(event.table(), event.topic(), null, event.value().schema()));
                return Compiled.OK;
            } catch (ConfigException e) {
                if (e.getMessage().contains("the default of '" + column.name() + "' cannot be cast")) return Compiled.DEFAULT;
                assertThat(e.getMessage()).contains("cannot cast '" + column.name() + "'");
                return Compiled.TYPE;
            }
        }

        /**
         * Ours refused a value: Kafka failed too, or its result is not the value (a wrapped or truncated
         * number, infinity from a finite number, false from a text that is not "false").
         */
        private void assertKafkaLosesWhatOursRefuses(Object kafkaInput, SinkRecord theirs) {
            if (theirs == null) return;
            Object out = ((Struct) theirs.value()).getWithoutDefault(column.name());
            switch (target) {
                case "boolean" -> {
                    assertThat(kafkaInput).isInstanceOf(String.class);
                    assertThat((String) kafkaInput).isNotEqualToIgnoringCase("true").isNotEqualToIgnoringCase("false");
                    assertThat(out).isEqualTo(false);
                }
                case "float32", "float64" -> {
                    assertThat(((Number) out).doubleValue()).as("Kafka overflows to infinity").isInfinite();
                }
                default -> {
                    BigDecimal exact = exactOf(kafkaInput);
                    assertThat(exact).as(column.name() + " → " + target + ": a value ours refuses").isNotNull();
                    assertThat(new BigDecimal(out.toString())).as("Kafka's " + target + " is not the value")
                            .isNotEqualByComparingTo(exact);
                }
            }
        }

        private BigDecimal exactOf(Object kafkaInput) {
            Schema schema = ConnectRecords.toConnect(RowSchema.of("s", column)).field(column.name()).schema();
            return exact(kafkaInput, schema);
        }
    }

    /** The number a Connect value means to Kafka's Cast (logical dates and times as their encoded numbers). */
    static BigDecimal exact(Object value, Schema schema) {
        if (value instanceof java.util.Date d) {
            return switch (schema.name()) {
                case org.apache.kafka.connect.data.Date.LOGICAL_NAME ->
                        BigDecimal.valueOf(org.apache.kafka.connect.data.Date.fromLogical(schema, d));
                case org.apache.kafka.connect.data.Time.LOGICAL_NAME ->
                        BigDecimal.valueOf(org.apache.kafka.connect.data.Time.fromLogical(schema, d));
                default -> BigDecimal.valueOf(d.getTime());
            };
        }
        if (value instanceof BigDecimal b) return b;
        if (value instanceof Double || value instanceof Float) {
            double x = ((Number) value).doubleValue();
            return Double.isFinite(x) ? new BigDecimal(x) : null;
        }
        if (value instanceof Number n) return BigDecimal.valueOf(n.longValue());
        if (value instanceof Boolean b) return b ? BigDecimal.ONE : BigDecimal.ZERO;
        if (value instanceof String s) {
            try {
                return new BigDecimal(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static boolean isTemporal(FieldType type) {
        return switch (type.kind()) {
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> true;
            default -> false;
        };
    }

    /**
     * Dates, times and timestamps to string. Ours: ISO-8601 by the column's type, six fraction digits,
     * {@code Z} only for timestamp_tz. Kafka (Values.dateFormatFor): by the value — before 1970-01-02 a
     * time of day only ({@code HH:mm:ss.SSS'Z'}), at a midnight a date only, else
     * {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} — in the JVM's default zone with SimpleDateFormat's Julian
     * calendar before 1582-10-15.
     */
    static void assertTemporalStrings(Object input, String ours, String theirs) throws Exception {
        java.util.Date moment;
        if (input instanceof LocalDate d) {
            assertThat(ours).isEqualTo(d.toString());
            moment = new java.util.Date(d.toEpochDay() * 86_400_000L);
        } else if (input instanceof LocalTime t) {
            assertThat(ours).isEqualTo(DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").format(t));
            moment = new java.util.Date(t.toNanoOfDay() / 1_000_000);
        } else {
            Instant i = (Instant) input;
            String wall = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC).format(i);
            assertThat(ours).isIn(wall, wall + "Z");
            moment = java.util.Date.from(i);
        }
        String pattern = moment.getTime() < 86_400_000L ? "HH:mm:ss.SSS'Z'"
                : moment.getTime() % 86_400_000L == 0 ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
        SimpleDateFormat kafkaFormat = new SimpleDateFormat(pattern);
        kafkaFormat.setTimeZone(TimeZone.getDefault());
        assertThat(theirs).isEqualTo(kafkaFormat.format(moment));
    }

    // ---------------------------------------------------------------------------------------------

    Stage ours(String type, Map<String, ?> config) throws ConfigException {
        TransformFactory factory = catalog.transform(type).orElseThrow();
        Options options = Options.of("transforms[0].config", factory.spec().options(), config);
        return factory.create(options, null, new ComponentContext(factory.spec().name(), "transforms[0]", null,
                Path.of("."), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    static ChangeEvent applyOrNull(Stage stage, ChangeEvent event) {
        List<ChangeEvent> out = new ArrayList<>();
        try {
            stage.apply(event, out::add);
        } catch (InvalidDataException e) {
            return null;
        }
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    static SinkRecord kafka(Cast<SinkRecord> cast, String spec, ChangeEvent event) {
        Map<String, Object> config = new HashMap<>();
        config.put("spec", spec);
        config.put("replace.null.with.default", "false");
        try (cast) {
            cast.configure(config);
            return cast.apply(ConnectRecords.toConnect(event));
        }
    }
}
