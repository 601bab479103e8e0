package io.cdctoolkit.engine.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled plan writes its bytes by hand ({@link JsonUtf8Text}); Jackson's generator, field by
 * field and value by value ({@link RowJson#write(JsonGenerator, Row)}), is the oracle: every type,
 * nulls, nesting, and strings with everything a generator escapes or encodes (quotes, backslashes,
 * control characters, DEL, 2- and 3-byte characters, surrogate pairs and lone surrogates, long text).
 */
class RowJsonPlanTextTest {

    private static final RowSchema INNER = RowSchema.of("inner", List.of(
            Field.optional("n", FieldType.INT32),
            Field.optional("s", FieldType.STRING)));
    private static final RowSchema SCHEMA = RowSchema.of("every_type", List.of(
            Field.optional("flag", FieldType.BOOLEAN),
            Field.optional("tiny", FieldType.INT8),
            Field.optional("small", FieldType.INT16),
            Field.optional("int", FieldType.INT32),
            Field.optional("big", FieldType.INT64),
            Field.optional("real", FieldType.FLOAT32),
            Field.optional("double", FieldType.FLOAT64),
            Field.optional("text", FieldType.STRING),
            Field.optional("bytes", FieldType.BYTES),
            Field.optional("amount", new FieldType.Decimal(30, 4)),
            Field.optional("day", FieldType.DATE),
            Field.optional("clock", FieldType.TIME),
            Field.optional("wall", FieldType.TIMESTAMP),
            Field.optional("at", FieldType.TIMESTAMP_TZ),
            Field.optional("ref", FieldType.UUID),
            Field.optional("doc", FieldType.JSON),
            Field.optional("state", new FieldType.Enum(List.of("new", "paid"))),
            Field.optional("tags", new FieldType.Array(FieldType.STRING)),
            Field.optional("points", new FieldType.Array(new FieldType.Struct(INNER))),
            Field.optional("labels", new FieldType.MapType(FieldType.INT64)),
            Field.optional("inner", new FieldType.Struct(INNER)),
            Field.optional("na\"me \u00e9\n", FieldType.STRING)));

    @Test
    void everyTypeAndEveryKindOfTextAsJacksonsGeneratorWritesIt() throws IOException {
        RowJson.Plan plan = RowJson.plan(SCHEMA);
        RowJson.Output output = new RowJson.Output();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            Row row = randomRow(random);
            String expected = generatorText(row);
            assertThat(new String(plan.toBytes(row, output), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("row %d", i).isEqualTo(expected);
            assertThat(plan.toBytes(row)).isEqualTo(plan.toBytes(row, output));
        }
    }

    @Test
    void edgeValuesAsTheGeneratorWritesThem() throws IOException {
        RowJson.Plan plan = RowJson.plan(SCHEMA);
        RowJson.Output output = new RowJson.Output();
        Object[][] edges = {
                {true, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE, Float.NaN, Double.NEGATIVE_INFINITY},
                {false, Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, -0.0f, -0.0},
                {null, (byte) 0, (short) 0, 0, 0L, Float.MIN_VALUE, Double.MAX_VALUE},
                {null, null, null, null, null, Float.POSITIVE_INFINITY, Double.NaN},
                {null, null, null, null, null, 1.0E-7f, 1.0E21},
        };
        for (Object[] edge : edges) {
            Object[] values = new Object[SCHEMA.size()];
            System.arraycopy(edge, 0, values, 0, edge.length);
            values[7] = "\u0000\u001f\u007f\"\\/\b\f\n\r\t\ud83d\ude00\ud800x\udfff\u00ff\u0800\uffff";
            values[9] = new BigDecimal("-1E+30");
            values[10] = LocalDate.of(-44, 3, 15);
            values[11] = LocalTime.MAX;
            values[12] = Instant.parse("+12345-01-01T00:00:00Z");
            values[13] = Instant.parse("-0001-12-31T23:59:59.999999Z");
            values[8] = new byte[0];
            values[17] = List.of();
            values[19] = Map.of();
            Row row = Row.of(SCHEMA, values);
            assertThat(new String(plan.toBytes(row, output), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .isEqualTo(generatorText(row));
        }
    }

    /** Decimals of every magnitude and scale the plan writes without {@code toPlainString}, and around its bounds. */
    @Test
    void decimalsAsToPlainStringWritesThem() throws IOException {
        RowJson.Plan plan = RowJson.plan(SCHEMA);
        RowJson.Output output = new RowJson.Output();
        SplittableRandom random = new SplittableRandom(11);
        List<BigDecimal> decimals = new ArrayList<>(List.of(BigDecimal.ZERO, new BigDecimal("0.00"), new BigDecimal("-0.05"),
                new BigDecimal("999999999999999999"), new BigDecimal("-0.999999999999999999"),
                new BigDecimal("1000000000000000000"), new BigDecimal("0.0000000000000000001"), new BigDecimal("1E+3"),
                BigDecimal.valueOf(Long.MIN_VALUE, 2), BigDecimal.valueOf(Long.MAX_VALUE, 18)));
        for (int i = 0; i < 20_000; i++) {
            long bound = BigInteger.TEN.pow(random.nextInt(19)).longValue();
            decimals.add(BigDecimal.valueOf(random.nextLong(-bound, bound + 1), random.nextInt(-2, 21)));
        }
        Object[] values = new Object[SCHEMA.size()];
        for (BigDecimal decimal : decimals) {
            values[9] = decimal;
            Row row = Row.of(SCHEMA, values);
            assertThat(new String(plan.toBytes(row, output), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("%s (unscaled %s, scale %d)", decimal, decimal.unscaledValue(), decimal.scale())
                    .isEqualTo(generatorText(row));
        }
    }

    @Test
    void textLongerThanTheGeneratorsBufferAsItWritesIt() throws IOException {
        RowJson.Plan plan = RowJson.plan(SCHEMA);
        char[] chars = new char[70_000];
        Arrays.fill(chars, 'a');
        for (int i = 0; i < chars.length; i += 997) chars[i] = (char) (i % 3 == 0 ? '"' : i % 3 == 1 ? '\u00e9' : '\ud83d');
        Object[] values = new Object[SCHEMA.size()];
        values[7] = new String(chars);
        Row row = Row.of(SCHEMA, values);
        assertThat(new String(plan.toBytes(row, new RowJson.Output()), java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo(generatorText(row));
    }

    /** The generator's bytes, as ISO-8859-1 text so that a comparison failure shows every byte. */
    private static String generatorText(Row row) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = JsonFactory.builder().build().createGenerator(out)) {
            RowJson.write(gen, row);
        }
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static Row randomRow(SplittableRandom r) {
        return Row.of(SCHEMA,
                maybe(r, r.nextBoolean()),
                maybe(r, (byte) r.nextInt()),
                maybe(r, (short) r.nextInt()),
                maybe(r, r.nextInt()),
                maybe(r, r.nextLong()),
                maybe(r, r.nextBoolean() ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextInt(1000) / 8),
                maybe(r, r.nextBoolean() ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble() * 1e6),
                maybe(r, text(r)),
                maybe(r, bytes(r)),
                maybe(r, new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(-5, 20))),
                maybe(r, LocalDate.ofEpochDay(r.nextLong(-1_000_000, 3_000_000))),
                maybe(r, LocalTime.ofNanoOfDay(r.nextLong(86_400_000_000L) * 1000)),
                maybe(r, Instant.ofEpochSecond(r.nextLong(-70_000_000_000L, 300_000_000_000L), r.nextInt(1_000_000) * 1000)),
                maybe(r, Instant.ofEpochSecond(r.nextLong(0, 4_000_000_000L), r.nextInt(1_000_000) * 1000)),
                maybe(r, new UUID(r.nextLong(), r.nextLong())),
                maybe(r, "{\"k\": [" + r.nextInt() + ", \"" + text(r) + "\"]}"),
                maybe(r, r.nextBoolean() ? "new" : "paid"),
                maybe(r, list(r, () -> r.nextInt(4) == 0 ? null : text(r))),
                maybe(r, list(r, () -> r.nextInt(4) == 0 ? null : Row.of(INNER, maybe(r, r.nextInt()), maybe(r, text(r))))),
                maybe(r, map(r)),
                maybe(r, Row.of(INNER, maybe(r, r.nextInt()), maybe(r, text(r)))),
                maybe(r, text(r)));
    }

    private static Object maybe(SplittableRandom r, Object value) {
        return r.nextInt(6) == 0 ? null : value;
    }

    /** Mostly ASCII, with every kind of character the generator treats apart. */
    private static String text(SplittableRandom r) {
        int n = r.nextInt(40);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(10)) {
                case 0 -> sb.append((char) r.nextInt(0x20));
                case 1 -> sb.append(r.nextBoolean() ? '"' : '\\');
                case 2 -> sb.append((char) r.nextInt(0x80, 0x800));
                case 3 -> sb.append((char) r.nextInt(0x800, 0x10000)); // lone surrogates included
                case 4 -> sb.appendCodePoint(r.nextInt(0x10000, 0x110000));
                default -> sb.append((char) r.nextInt(0x20, 0x80));
            }
        }
        return sb.toString();
    }

    private static byte[] bytes(SplittableRandom r) {
        byte[] b = new byte[r.nextInt(20)];
        r.nextBytes(b);
        return b;
    }

    private static List<Object> list(SplittableRandom r, java.util.function.Supplier<Object> item) {
        List<Object> list = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) list.add(item.get());
        return list;
    }

    private static Map<String, Object> map(SplittableRandom r) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) map.put(text(r), r.nextInt(5) == 0 ? null : r.nextLong());
        return map;
    }
}
