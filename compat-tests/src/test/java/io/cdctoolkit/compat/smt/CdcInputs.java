package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.FieldType.Kind;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Deterministic test inputs for the transform parity suite: change events of the PostgreSQL table
 * {@code inventory.public.users} on topic {@code pg.public.users}, as our Debezium reader hands them
 * to the transforms (docs/testing-transforms.md).
 *
 * <p>The table has one column per {@link Kind} (nested rows two deep, arrays, maps, decimals of
 * scales 0, 2 and 6), optional and required columns, one default and one doc. Values include
 * extremes (MIN/MAX of every integer type, ±0.0, the float extremes), unicode with astral code
 * points, empty strings and bytes, dates before 1970; every fifth row has every optional column
 * null. Only values Connect can hold exactly are generated (millisecond times, int32 days), so
 * {@link ConnectRecords} converts every event. NaN and infinities are left out: Connect's
 * JsonConverter (what a Connect pipeline writes) reads them back as 0.0.
 *
 * <p>The same seed and the same sequence of calls give the same events; each call advances the
 * generator. Not thread-safe (one instance per test).
 */
final class CdcInputs {

    /** Debezium's topic prefix (the connector's {@code topic.prefix}), also {@code source.name}. */
    static final String PREFIX = "pg";
    static final TableId TABLE = new TableId("inventory", "public", "users");
    static final String TOPIC = PREFIX + ".public.users";
    /** The primary-key column, always present (whatever {@link #onlyKinds} keeps). */
    static final String KEY_COLUMN = "id";

    private static final List<String> STATUSES = List.of("active", "inactive", "banned");
    private static final String[] STRINGS = {
        "", "plain ascii", "Zoë Ünïcødé", "日本語テキスト", "emoji 😀 and clef 𝄞", "tab\tnew\nline \"quoted\"", " "
    };
    private static final Instant BASE_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private final long seed;
    private final Set<Kind> kinds;
    private final Random random;
    private final RowSchema tableSchema;
    private final RowSchema keySchema;
    private final RowSchema sourceSchema;
    private final RowSchema envelopeSchema;
    private long nextId = 1;
    private long lsn = 23_456_789L;
    private int rowsMade;
    private int eventsMade;

    private CdcInputs(long seed, Set<Kind> kinds) {
        this.seed = seed;
        this.kinds = kinds;
        this.random = new Random(seed);
        this.tableSchema = buildTableSchema(kinds);
        this.keySchema = RowSchema.of(TOPIC + ".Key", Field.required(KEY_COLUMN, FieldType.INT64));
        this.sourceSchema = buildSourceSchema();
        this.envelopeSchema = Envelope.schema(TOPIC, tableSchema, sourceSchema);
    }

    /** A generator of every kind of column, seeded. */
    static CdcInputs of(long seed) {
        return new CdcInputs(seed, EnumSet.allOf(Kind.class));
    }

    /**
     * A generator with the same seed whose table keeps only the columns of these kinds (plus the
     * int64 key column {@code id}), for transforms whose Connect oracle supports fewer types. A
     * kept STRUCT column keeps its whole nested row.
     */
    CdcInputs onlyKinds(Set<Kind> keep) {
        EnumSet<Kind> k = EnumSet.noneOf(Kind.class);
        k.addAll(keep);
        return new CdcInputs(seed, k);
    }

    /** {@link #onlyKinds(Set)} of these kinds. */
    CdcInputs onlyKinds(Kind first, Kind... rest) {
        return onlyKinds(EnumSet.of(first, rest));
    }

    /** A generator with the same seed without the columns of these kinds (the key column stays). */
    CdcInputs withoutKinds(Set<Kind> drop) {
        EnumSet<Kind> k = EnumSet.copyOf(kinds);
        k.removeAll(drop);
        return new CdcInputs(seed, k);
    }

    /** The table's row schema, {@code pg.public.users.Value}. */
    RowSchema tableSchema() {
        return tableSchema;
    }

    /** The key schema, {@code pg.public.users.Key}: the primary key {@code id} (int64). */
    RowSchema keySchema() {
        return keySchema;
    }

    /** The PostgreSQL {@code source} block schema, {@code io.debezium.connector.postgresql.Source}. */
    RowSchema sourceSchema() {
        return sourceSchema;
    }

    /** The envelope schema {@code pg.public.users.Envelope} of {@link #tableSchema()}. */
    RowSchema envelopeSchema() {
        return envelopeSchema;
    }

    /** A new row of the table, with a fresh id. */
    Row row() {
        return row(nextId++);
    }

    /** The key row of a table row. */
    Row keyOf(Row row) {
        return Row.of(keySchema, row.get(KEY_COLUMN));
    }

    /**
     * An envelope event for the op: {@code before} null for c/r, both for u (same id), {@code after}
     * null for d. Truncate is not a row event and is refused.
     */
    ChangeEvent envelope(Op op) {
        Row before;
        Row after;
        switch (op) {
            case CREATE, READ -> {
                before = null;
                after = row();
            }
            case UPDATE -> {
                before = row();
                after = row((Long) before.get(KEY_COLUMN));
            }
            case DELETE -> {
                before = row();
                after = null;
            }
            default -> throw new IllegalArgumentException("no row event for op " + op);
        }
        Row image = after != null ? after : before;
        Instant sourceTime = nextSourceTime();
        long txId = 700 + eventsMade;
        Row source = source(op, sourceTime, txId);
        Row value = Envelope.row(envelopeSchema, before, after, source, op, sourceTime.plusMillis(5));
        return event(op, keyOf(image), value, sourceTime, txId);
    }

    /** {@code n} envelope events cycling through c, r, u, d. */
    List<ChangeEvent> envelopes(int n) {
        Op[] ops = {Op.CREATE, Op.READ, Op.UPDATE, Op.DELETE};
        List<ChangeEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(envelope(ops[i % ops.length]));
        return out;
    }

    /** A flat-row event (the value is the {@code after} row, as after extract_new_record_state) for the op (c, r or u). */
    ChangeEvent flatRow(Op op) {
        if (op != Op.CREATE && op != Op.READ && op != Op.UPDATE) {
            throw new IllegalArgumentException("a flat row has an after image: op c, r or u, not " + op);
        }
        Row row = row();
        Instant sourceTime = nextSourceTime();
        return event(op, keyOf(row), row, sourceTime, 700 + eventsMade);
    }

    /** {@code n} flat-row events cycling through c, r, u. */
    List<ChangeEvent> flatRows(int n) {
        Op[] ops = {Op.CREATE, Op.READ, Op.UPDATE};
        List<ChangeEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(flatRow(ops[i % ops.length]));
        return out;
    }

    /** A tombstone: op d, the key of a row, a null value. */
    ChangeEvent tombstone() {
        Row row = row();
        return event(Op.DELETE, keyOf(row), null, nextSourceTime(), 700 + eventsMade);
    }

    /**
     * {@code n} events cycling through every shape: envelope c, r, u, d, a tombstone, a flat row
     * ({@code allShapes(6)} is one of each).
     */
    List<ChangeEvent> allShapes(int n) {
        List<ChangeEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(switch (i % 6) {
                case 0 -> envelope(Op.CREATE);
                case 1 -> envelope(Op.READ);
                case 2 -> envelope(Op.UPDATE);
                case 3 -> envelope(Op.DELETE);
                case 4 -> tombstone();
                default -> flatRow(Op.values()[i / 6 % 3]);
            });
        }
        return out;
    }

    // ---- schemas ----

    private static RowSchema buildTableSchema(Set<Kind> kinds) {
        RowSchema geo = RowSchema.builder(TOPIC + ".address.geo")
                .required("lat", FieldType.FLOAT64)
                .required("lon", FieldType.FLOAT64)
                .build();
        RowSchema address = RowSchema.builder(TOPIC + ".address")
                .optional("street", FieldType.STRING)
                .required("city", FieldType.STRING)
                .optional("zip", FieldType.INT32)
                .optional("geo", new FieldType.Struct(geo))
                .build();
        List<Field> all = List.of(
                Field.optional("active", FieldType.BOOLEAN),
                Field.optional("tiny", FieldType.INT8),
                Field.optional("small", FieldType.INT16),
                Field.required("visits", FieldType.INT32),
                Field.optional("big", FieldType.INT64),
                Field.optional("ratio", FieldType.FLOAT32),
                Field.optional("score", FieldType.FLOAT64),
                new Field("name", FieldType.STRING, false, null, "display name"),
                Field.optional("nickname", FieldType.STRING),
                Field.optional("avatar", FieldType.BYTES),
                Field.optional("price", new FieldType.Decimal(10, 2)),
                Field.optional("rate", new FieldType.Decimal(18, 6)),
                Field.optional("total", new FieldType.Decimal(38, 0)),
                Field.optional("birth_date", FieldType.DATE),
                Field.optional("wake_time", FieldType.TIME),
                Field.optional("created_at", FieldType.TIMESTAMP),
                Field.optional("updated_at", FieldType.TIMESTAMP_TZ),
                Field.optional("external_id", FieldType.UUID),
                Field.optional("profile", FieldType.JSON),
                new Field("status", new FieldType.Enum(STATUSES), true, "active", null),
                Field.optional("tags", new FieldType.Array(FieldType.STRING)),
                Field.optional("counters", new FieldType.MapType(FieldType.INT32)),
                Field.optional("address", new FieldType.Struct(address)));
        RowSchema.Builder b = RowSchema.builder(TOPIC + ".Value").required(KEY_COLUMN, FieldType.INT64);
        for (Field f : all) {
            if (kinds.contains(f.type().kind())) b.field(f);
        }
        return b.build();
    }

    /** The PostgreSQL connector's source block, in our types (Debezium's snapshot enum as a string). */
    private static RowSchema buildSourceSchema() {
        return RowSchema.builder("io.debezium.connector.postgresql.Source")
                .required("version", FieldType.STRING)
                .required("connector", FieldType.STRING)
                .required("name", FieldType.STRING)
                .required("ts_ms", FieldType.INT64)
                .optional("snapshot", FieldType.STRING)
                .required("db", FieldType.STRING)
                .required("schema", FieldType.STRING)
                .required("table", FieldType.STRING)
                .optional("txId", FieldType.INT64)
                .optional("lsn", FieldType.INT64)
                .build();
    }

    // ---- events ----

    private ChangeEvent event(Op op, Row key, Row value, Instant sourceTime, long txId) {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("lsn", lsn);
        offset.put("txId", txId);
        lsn += 64;
        ChangeEvent event = ChangeEvent.builder(TABLE, op, TOPIC)
                .key(key)
                .value(value)
                .headers(headers(eventsMade))
                .position(SourcePosition.of(offset))
                .sourceTimestamp(sourceTime)
                .transaction(Long.toString(txId))
                .build();
        eventsMade++;
        return event;
    }

    /** No headers, two, or four with an empty value, a null value and a repeated key, in turn. */
    private Headers headers(int index) {
        return switch (index % 3) {
            case 0 -> Headers.EMPTY;
            case 1 -> Headers.builder().add("trace-id", bytes(8)).add("origin", "pg").build();
            default -> Headers.builder().add("origin", "pg").add("empty", new byte[0])
                    .add("nothing", (byte[]) null).add("origin", "replica ✓").build();
        };
    }

    private Row source(Op op, Instant sourceTime, long txId) {
        String snapshot = op == Op.READ ? (random.nextBoolean() ? "true" : "last") : "false";
        return Row.of(sourceSchema, "3.5.0.Final", "postgresql", PREFIX, sourceTime.toEpochMilli(), snapshot,
                TABLE.database(), TABLE.schema(), TABLE.table(), txId, lsn);
    }

    private Instant nextSourceTime() {
        return BASE_TIME.plusMillis(eventsMade * 1_000L + random.nextInt(1_000));
    }

    // ---- values ----

    private Row row(long id) {
        boolean sparse = rowsMade++ % 5 == 4;
        return rowOf(tableSchema, sparse, id);
    }

    private Row rowOf(RowSchema schema, boolean sparse, Long id) {
        Object[] values = new Object[schema.size()];
        for (int i = 0; i < schema.size(); i++) {
            Field f = schema.field(i);
            if (id != null && f.name().equals(KEY_COLUMN)) {
                values[i] = id;
            } else if (f.optional() && (sparse || random.nextInt(8) == 0)) {
                values[i] = null;
            } else {
                values[i] = value(f.type(), sparse);
            }
        }
        return Row.of(schema, values);
    }

    private Object value(FieldType type, boolean sparse) {
        return switch (type.kind()) {
            case BOOLEAN -> random.nextBoolean();
            case INT8 -> (byte) pick(Byte.MIN_VALUE, Byte.MAX_VALUE, 0, -1, random.nextInt(256) - 128);
            case INT16 -> (short) pick(Short.MIN_VALUE, Short.MAX_VALUE, 0, -1, random.nextInt(65_536) - 32_768);
            case INT32 -> (int) pick(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, random.nextInt());
            case INT64 -> pick(Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, random.nextLong());
            case FLOAT32 -> pickFloat();
            case FLOAT64 -> pickDouble();
            case STRING -> string();
            case BYTES -> random.nextInt(5) == 0 ? new byte[0] : bytes(1 + random.nextInt(16));
            case DECIMAL -> decimal((FieldType.Decimal) type);
            case DATE -> LocalDate.ofEpochDay(random.nextInt(5) == 0 ? -random.nextInt(700_000)
                    : random.nextInt(2_932_896)); // 0001-01-01 … 9999-12-31 are within ±3 million days
            case TIME -> LocalTime.ofNanoOfDay(random.nextInt(86_400_000) * 1_000_000L);
            case TIMESTAMP, TIMESTAMP_TZ -> Instant.ofEpochMilli(random.nextLong(-2_208_988_800_000L, 4_102_444_800_000L));
            case UUID -> new UUID(random.nextLong(), random.nextLong());
            case JSON -> "{\"plan\":\"" + STATUSES.get(random.nextInt(3)) + "\",\"n\":" + random.nextInt(100)
                    + ",\"note\":\"ü 😀\"}";
            case ENUM -> {
                List<String> symbols = ((FieldType.Enum) type).symbols();
                yield symbols.get(random.nextInt(symbols.size()));
            }
            case ARRAY -> {
                int n = random.nextInt(4);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) list.add(value(((FieldType.Array) type).element(), sparse));
                yield list;
            }
            case MAP -> {
                int n = random.nextInt(4);
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) map.put("k" + i, value(((FieldType.MapType) type).value(), sparse));
                yield map;
            }
            case STRUCT -> rowOf(((FieldType.Struct) type).schema(), sparse, null);
        };
    }

    /** One of the four extremes one time in two, else the random value. */
    private long pick(long min, long max, long zero, long minusOne, long randomValue) {
        return switch (random.nextInt(8)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> zero;
            case 3 -> minusOne;
            default -> randomValue;
        };
    }

    private float pickFloat() {
        return switch (random.nextInt(10)) {
            case 0 -> 0.0f;
            case 1 -> -0.0f;
            case 2 -> Float.MAX_VALUE;
            case 3 -> -Float.MAX_VALUE;
            case 4 -> Float.MIN_VALUE;
            default -> (random.nextFloat() - 0.5f) * 1e6f;
        };
    }

    private double pickDouble() {
        return switch (random.nextInt(10)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> Double.MAX_VALUE;
            case 3 -> -Double.MAX_VALUE;
            case 4 -> Double.MIN_VALUE;
            default -> (random.nextDouble() - 0.5) * 1e12;
        };
    }

    private String string() {
        if (random.nextBoolean()) return STRINGS[random.nextInt(STRINGS.length)];
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(12);
        for (int i = 0; i < n; i++) {
            int cp;
            do {
                cp = random.nextInt(4) == 0 ? 0x1_0000 + random.nextInt(0x10_0000 - 0x1_0000) : 0x20 + random.nextInt(0xD800 - 0x20);
            } while (!Character.isDefined(cp));
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private BigDecimal decimal(FieldType.Decimal type) {
        BigInteger max = BigInteger.TEN.pow(type.precision()).subtract(BigInteger.ONE);
        BigInteger unscaled = switch (random.nextInt(6)) {
            case 0 -> max;
            case 1 -> max.negate();
            case 2 -> BigInteger.ZERO;
            default -> new BigInteger(max.bitLength() + 8, random).mod(max.add(BigInteger.ONE))
                    .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
        };
        return new BigDecimal(unscaled, type.scale());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        if (n > 1) {
            b[0] = 0;
            b[n - 1] = (byte) 0xFF;
        }
        return b;
    }
}
