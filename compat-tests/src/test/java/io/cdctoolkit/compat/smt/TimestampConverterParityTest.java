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
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.TimestampConverter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code timestamp_converter} against Kafka's {@code TimestampConverter} 4.1.1, configured with Kafka's own
 * keys ({@code field}, {@code target.type}, {@code format}, {@code unix.precision}): the date, time and
 * timestamp columns of the generated table and generated epoch integers and strings, to every target
 * type, unit and a few formats, on flat rows and on both rows of envelopes (Kafka's converter applied to
 * each row as a record of its own). Every difference is one docs/transforms.md documents
 * ("timestamp_converter — Differences from Kafka"), asserted as such.
 */
class TimestampConverterParityTest {

    static final List<String> UNITS = List.of("seconds", "milliseconds", "microseconds", "nanoseconds");
    static final List<String> FORMATS = List.of("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "yyyy-MM-dd", "HH:mm:ss.SSS",
            "dd/MM/yyyy HH:mm:ss");
    static final long DAY_MS = 86_400_000L;
    static final RowSchema EPOCHS = RowSchema.builder("pg.public.users.Value").required("id", FieldType.INT64)
            .optional("epoch", FieldType.INT64).optional("text", FieldType.STRING).build();

    private final ComponentCatalog catalog = ComponentCatalog.load();

    /** Every Kafka configuration the comparison runs. */
    static List<Map<String, String>> configs(String field) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String type : List.of("Timestamp", "Date", "Time")) out.add(Map.of("field", field, "target.type", type));
        for (String unit : UNITS) out.add(Map.of("field", field, "target.type", "unix", "unix.precision", unit));
        for (String format : FORMATS) out.add(Map.of("field", field, "target.type", "string", "format", format));
        return out;
    }

    @Test
    void temporalColumnsOfGeneratedRowsAndEnvelopes() throws Exception {
        int compared = 0;
        for (long seed : new long[] {1, 2}) {
            CdcInputs inputs = CdcInputs.of(seed);
            List<ChangeEvent> events = new ArrayList<>(inputs.flatRows(30));
            events.addAll(inputs.envelopes(30));
            events.add(inputs.tombstone());
            for (String column : List.of("birth_date", "wake_time", "created_at", "updated_at", "name")) {
                for (Map<String, String> config : configs(column)) {
                    Pair pair = new Pair(config);
                    for (ChangeEvent event : events) compared += pair.check(event);
                }
            }
        }
        assertThat(compared).isGreaterThan(5_000);
    }

    @Test
    void epochIntegersInEveryUnitAndTextsInAFormat() throws Exception {
        Random random = new Random(42);
        int compared = 0;
        for (String unit : UNITS) {
            long perMilli = switch (unit) {
                case "microseconds" -> 1_000L;
                case "nanoseconds" -> 1_000_000L;
                default -> 1L;
            };
            List<ChangeEvent> events = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                long millis = random.nextLong(-2_208_988_800_000L, 4_102_444_800_000L);
                if (i % 5 == 0) millis -= Math.floorMod(millis, 1000); // whole seconds
                Long epoch = i % 9 == 0 ? null : unit.equals("seconds") ? Math.floorDiv(millis, 1000) : millis * perMilli;
                String text = new SimpleDateFormatUtc("dd/MM/yyyy HH:mm:ss").format(new java.util.Date(millis));
                events.add(event(Row.of(EPOCHS, (long) i, epoch, i % 7 == 0 ? null : text)));
            }
            for (String column : List.of("epoch", "text")) {
                for (Map<String, String> config : configs(column)) {
                    Map<String, String> withUnit = new HashMap<>(config);
                    withUnit.put("unix.precision", unit); // the unit the integers are in
                    if (column.equals("text") && !config.containsKey("format")) {
                        withUnit.put("format", "dd/MM/yyyy HH:mm:ss");
                    }
                    Pair pair = new Pair(withUnit);
                    for (ChangeEvent e : events) compared += pair.check(e);
                }
            }
        }
        assertThat(compared).isGreaterThan(3_000);
    }

    /** Kafka reads micro- and nanoseconds as milliseconds, truncating; ours keeps the microseconds. */
    @Test
    void subMillisecondEpochsKeepTheirDigits() throws Exception {
        ChangeEvent event = event(Row.of(EPOCHS, 1L, 1_706_702_400_123_456L, null));
        Map<String, String> config = Map.of("field", "epoch", "target.type", "Timestamp", "unix.precision",
                "microseconds");
        assertThat(((java.util.Date) ((Struct) kafka(config, event).value()).get("epoch")).getTime())
                .isEqualTo(1_706_702_400_123L);
        assertThat(ours(config).apply1(event).value().get("epoch")).isEqualTo(Instant.parse("2024-01-31T12:00:00.123456Z"));

        Map<String, String> unix = Map.of("field", "epoch", "target.type", "unix", "unix.precision", "microseconds");
        assertThat(((Struct) kafka(unix, event).value()).get("epoch")).isEqualTo(1_706_702_400_123_000L);
        assertThat(ours(unix).apply1(event).value().get("epoch")).isEqualTo(1_706_702_400_123_456L);
    }

    /** Kafka's SimpleDateFormat parses leniently (month 13 rolls into the next year); ours refuses the text. */
    @Test
    void lenientParsingIsAnError() throws Exception {
        ChangeEvent event = event(Row.of(EPOCHS, 1L, null, "45/13/2024 12:00:00"));
        Map<String, String> config = Map.of("field", "text", "target.type", "Timestamp", "format", "dd/MM/yyyy HH:mm:ss");
        assertThat(((java.util.Date) ((Struct) kafka(config, event).value()).get("text")).toInstant())
                .isEqualTo(Instant.parse("2025-02-14T12:00:00Z"));
        assertThat(ours(config).applyOrNull(event)).isNull();
    }

    // ---------------------------------------------------------------------------------------------

    /** One Kafka configuration: ours with the same keys, and Kafka's. */
    final class Pair {
        final Map<String, String> config;
        final String column;
        final String target;
        final Ours ours;

        Pair(Map<String, String> config) throws ConfigException {
            this.config = config;
            this.column = config.get("field");
            this.target = config.get("target.type");
            this.ours = ours(config);
        }

        int check(ChangeEvent event) throws Exception {
            if (event.value() == null) {
                ParityAssertions.assertSameRecord(event, kafka(config, event));
                assertThat(ours.applyOrNull(event)).isSameAs(event);
                return 1;
            }
            if (!Envelope.isEnvelope(event.value().schema())) return checkFlat(event);
            ChangeEvent mine = ours.applyOrNull(event);
            boolean sideFailed = false;
            int compared = 0;
            for (Row row : new Row[] {Envelope.before(event.value()), Envelope.after(event.value())}) {
                if (row == null) continue;
                ChangeEvent flat = event.withValue(row);
                ChangeEvent flatMine = ours.applyOrNull(flat);
                sideFailed |= flatMine == null;
                if (mine != null && flatMine != null) {
                    Row ourRow = row == Envelope.before(event.value()) ? Envelope.before(mine.value())
                            : Envelope.after(mine.value());
                    assertThat(ourRow).isEqualTo(flatMine.value());
                }
                compared += checkFlat(flat);
            }
            assertThat(mine == null).as("an envelope fails exactly when one of its rows does").isEqualTo(sideFailed);
            return compared;
        }

        private int checkFlat(ChangeEvent event) throws Exception {
            Field field = event.value().schema().field(column);
            Object input = event.value().get(column);
            SinkRecord theirs;
            RuntimeException theirError = null;
            try {
                theirs = kafka(config, event);
            } catch (ConnectException | NullPointerException e) {
                // NullPointerException: Kafka parses a string input with its format even when none is given
                // (documented: we read ISO-8601 then).
                theirs = null;
                theirError = e;
            }
            String schemaError = ours.schemaError(event);
            if (schemaError != null) {
                assertInventedByKafka(field, input, theirs, theirError, schemaError);
                return 1;
            }
            ChangeEvent mine = ours.applyOrNull(event);
            if (mine == null) {
                assertLostByKafka(field, input, theirs, theirError);
                return 1;
            }
            assertThat(theirs).as(config + ": Kafka fails where ours does not").isNotNull();
            if (target.equals("string") && input instanceof LocalDate d && d.isBefore(LocalDate.of(1582, 10, 15))) {
                // Julian calendar in SimpleDateFormat before the Gregorian switch; ours is ISO (proleptic Gregorian).
                String kafkaText = (String) ((Struct) theirs.value()).get(column);
                assertThat(kafkaText).isEqualTo(new SimpleDateFormatUtc(config.get("format"))
                        .format(new java.util.Date(d.toEpochDay() * DAY_MS)));
                assertThat(mine.value().get(column)).isEqualTo(java.time.format.DateTimeFormatter
                        .ofPattern(config.get("format")).format(d.atStartOfDay()));
                return 1;
            }
            ParityAssertions.assertSameRecord(mine, theirs);
            return 1;
        }

        /** Ours refused the schema because a part would be invented; Kafka invents it (1970-01-01, midnight). */
        private void assertInventedByKafka(Field field, Object input, SinkRecord theirs, RuntimeException theirError,
                                           String schemaError) {
            FieldType.Kind kind = field.type().kind();
            if (kind == FieldType.Kind.STRING || kind == FieldType.Kind.INT64) {
                throw new AssertionError(config + ": unexpected schema error " + schemaError);
            }
            assertThat(theirs).as(config + ": Kafka converts").isNotNull();
            Object out = ((Struct) theirs.value()).get(column);
            if (input == null) {
                assertThat(out).isNull();
                return;
            }
            if (kind == FieldType.Kind.TIME) {
                long ms = ((LocalTime) input).toNanoOfDay() / 1_000_000;
                if (out instanceof String s) {
                    assertThat(s).as("Kafka writes the time on 1970-01-01")
                            .isEqualTo(new SimpleDateFormatUtc(config.get("format")).format(new java.util.Date(ms)));
                    assertThat(schemaError).contains("the format writes a date");
                } else {
                    long expected = target.equals("Date") ? 0 : ms;
                    assertThat(((java.util.Date) out).getTime()).as("Kafka puts the time on 1970-01-01").isEqualTo(expected);
                }
            } else {
                assertThat(kind).isEqualTo(FieldType.Kind.DATE);
                assertThat(((java.util.Date) out).getTime()).as("Kafka makes a date midnight").isZero();
            }
        }

        /** Ours refused a value: Kafka failed too, or kept fewer digits than the value has. */
        private void assertLostByKafka(Field field, Object input, SinkRecord theirs, RuntimeException theirError) {
            if (theirs == null) {
                assertThat(theirError).isNotNull();
                return;
            }
            Object out = ((Struct) theirs.value()).get(column);
            String unit = config.getOrDefault("unix.precision", "milliseconds");
            long millis = switch (field.type().kind()) {
                case TIMESTAMP, TIMESTAMP_TZ -> ((Instant) input).toEpochMilli();
                case DATE -> ((LocalDate) input).toEpochDay() * DAY_MS;
                case TIME -> ((LocalTime) input).toNanoOfDay() / 1_000_000;
                case INT64 -> unit.equals("seconds") ? (Long) input * 1000 : Long.MIN_VALUE;
                default -> throw new AssertionError(config + ": ours fails on " + field.type() + ", Kafka does not");
            };
            if (out instanceof Long l) {
                assertThat(target).isEqualTo("unix");
                if (unit.equals("seconds")) {
                    assertThat(l * 1000).as("Kafka truncates to seconds").isNotEqualTo(millis);
                } else {
                    // Beyond 64 bits in the unit (dates far from 1970 in nanoseconds): Kafka's TimeUnit saturates.
                    assertThat(l).as("Kafka saturates").isIn(Long.MIN_VALUE, Long.MAX_VALUE);
                }
            } else {
                // int64 seconds beyond 64-bit epoch microseconds: Kafka saturates its milliseconds.
                assertThat(field.type().kind()).isEqualTo(FieldType.Kind.INT64);
                assertThat(Math.abs((Long) input)).isGreaterThan(9_223_372_036_854L);
            }
        }
    }

    /** Our transform, created through the catalog with Kafka's keys. */
    final class Ours {
        final Stage stage;

        Ours(Stage stage) {
            this.stage = stage;
        }

        ChangeEvent applyOrNull(ChangeEvent event) {
            List<ChangeEvent> out = new ArrayList<>();
            try {
                stage.apply(event, out::add);
            } catch (InvalidDataException e) {
                return null;
            }
            assertThat(out).hasSize(1);
            return out.get(0);
        }

        ChangeEvent apply1(ChangeEvent event) {
            ChangeEvent out = applyOrNull(event);
            assertThat(out).isNotNull();
            return out;
        }

        /** The check-time error for the event's schema, or null. */
        String schemaError(ChangeEvent event) {
            try {
                stage.outputShapes(new EventShape(event.table(), event.topic(), null, event.value().schema()));
                return null;
            } catch (ConfigException e) {
                return e.getMessage();
            }
        }
    }

    Ours ours(Map<String, String> config) throws ConfigException {
        TransformFactory factory = catalog.transform("org.apache.kafka.connect.transforms.TimestampConverter$Value")
                .orElseThrow();
        Options options = Options.of("transforms[0].config", factory.spec().options(), config);
        assertThat(factory.validate(options)).isEmpty();
        return new Ours(factory.create(options, null, new ComponentContext(factory.spec().name(), "transforms[0]",
                null, Path.of("."), new io.micrometer.core.instrument.simple.SimpleMeterRegistry())));
    }

    static SinkRecord kafka(Map<String, String> config, ChangeEvent event) {
        Map<String, Object> all = new LinkedHashMap<>(config);
        all.put("replace.null.with.default", "false");
        try (TimestampConverter<SinkRecord> converter = new TimestampConverter.Value<>()) {
            converter.configure(all);
            return converter.apply(ConnectRecords.toConnect(event));
        }
    }

    static ChangeEvent event(Row row) {
        return ChangeEvent.builder(CdcInputs.TABLE, Op.CREATE, CdcInputs.TOPIC).value(row).build();
    }

    /** Kafka's formatter: SimpleDateFormat in UTC. */
    static final class SimpleDateFormatUtc {
        private final SimpleDateFormat format;

        SimpleDateFormatUtc(String pattern) {
            format = new SimpleDateFormat(pattern);
            format.setTimeZone(TimeZone.getTimeZone("UTC"));
        }

        String format(java.util.Date date) {
            return format.format(date);
        }
    }
}
