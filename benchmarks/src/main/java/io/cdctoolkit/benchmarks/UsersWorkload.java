package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic PostgreSQL CDC workload: change events of a 12-column {@code public.users} table in
 * the Debezium envelope, as our PostgreSQL reader emits them (REPLICA IDENTITY FULL: updates carry
 * {@code before}), with a PostgreSQL-shaped {@code source} block. Ops are drawn ~70% create,
 * ~25% update, ~5% delete from a fixed seed, so every run sees the same events.
 *
 * <p>Timestamps are whole milliseconds: the Connect side carries them as Connect {@code Timestamp}
 * (a {@link java.util.Date}), and both chains must see the same data.
 */
final class UsersWorkload {

    static final String TOPIC = "pg.public.users";
    static final TableId TABLE = new TableId("inventory", "public", "users");

    static final RowSchema KEY = RowSchema.builder("pg.public.users.Key")
            .required("id", FieldType.INT64)
            .build();

    static final RowSchema ROW = RowSchema.builder("pg.public.users.Value")
            .required("id", FieldType.INT64)
            .required("username", FieldType.STRING)
            .optional("email", FieldType.STRING)
            .optional("ssn", FieldType.STRING)
            .optional("full_name", FieldType.STRING)
            .required("balance", new FieldType.Decimal(12, 2))
            .required("created_at", FieldType.TIMESTAMP_TZ)
            .required("active", FieldType.BOOLEAN)
            .required("login_count", FieldType.INT32)
            .optional("country", FieldType.STRING)
            .optional("notes", FieldType.STRING)
            .optional("score", FieldType.FLOAT64)
            .build();

    /** Debezium PostgreSQL's {@code source} block (io.debezium.connector.postgresql.Source). */
    static final RowSchema SOURCE = RowSchema.builder("io.debezium.connector.postgresql.Source")
            .required("version", FieldType.STRING)
            .required("connector", FieldType.STRING)
            .required("name", FieldType.STRING)
            .required("ts_ms", FieldType.INT64)
            .optional("snapshot", FieldType.STRING)
            .required("db", FieldType.STRING)
            .optional("sequence", FieldType.STRING)
            .optional("ts_us", FieldType.INT64)
            .optional("ts_ns", FieldType.INT64)
            .required("schema", FieldType.STRING)
            .required("table", FieldType.STRING)
            .optional("txId", FieldType.INT64)
            .optional("lsn", FieldType.INT64)
            .optional("xmin", FieldType.INT64)
            .build();

    static final RowSchema ENVELOPE = Envelope.schema(TOPIC, ROW, SOURCE);

    private static final String[] COUNTRIES = {"DE", "FR", "US", "BR", "JP", "IN", null};
    private static final long BASE_MILLIS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    private UsersWorkload() {
    }

    /** {@code count} events from a fixed seed: the same list on every call. */
    static List<ChangeEvent> events(int count) {
        SplittableRandom random = new SplittableRandom(20241130L);
        List<ChangeEvent> events = new ArrayList<>(count);
        long lsn = 23_456_000L;
        for (int i = 0; i < count; i++) {
            long id = 1_000L + i;
            int dice = random.nextInt(100);
            Op op = dice < 70 ? Op.CREATE : dice < 95 ? Op.UPDATE : Op.DELETE;
            Row current = row(id, random);
            Row before = op == Op.CREATE ? null : current;
            Row after = switch (op) {
                case CREATE -> current;
                case UPDATE -> updated(current, random);
                default -> null;
            };
            lsn += 64 + random.nextInt(512);
            long txId = 700_000L + i;
            long commitMillis = BASE_MILLIS + 3_600_000L + i * 37L;
            Row source = Row.of(SOURCE, "3.5.0.Final", "postgresql", "pg", commitMillis, "false", "inventory",
                    "[\"" + (lsn - 64) + "\",\"" + lsn + "\"]", commitMillis * 1_000L, commitMillis * 1_000_000L,
                    "public", "users", txId, lsn, null);
            Instant processedAt = Instant.ofEpochMilli(commitMillis + 5);
            events.add(ChangeEvent.builder(TABLE, op, TOPIC)
                    .key(Row.of(KEY, id))
                    .value(Envelope.row(ENVELOPE, before, after, source, op, processedAt))
                    .position(SourcePosition.of(Map.of("lsn", lsn, "txId", txId)))
                    .sourceTimestamp(Instant.ofEpochMilli(commitMillis))
                    .transaction(Long.toString(txId))
                    .build());
        }
        return List.copyOf(events);
    }

    private static Row row(long id, SplittableRandom random) {
        String email = random.nextInt(10) == 0 ? null : "user" + id + "@example.com";
        String ssn = random.nextInt(5) == 0 ? null
                : String.format("%03d-%02d-%04d", 100 + random.nextInt(800), 10 + random.nextInt(90),
                        1000 + random.nextInt(9000));
        String fullName = random.nextInt(20) == 0 ? null : "User Number " + id;
        BigDecimal balance = BigDecimal.valueOf(random.nextLong(-1_000_000L, 100_000_000L), 2);
        Instant createdAt = Instant.ofEpochMilli(BASE_MILLIS + random.nextLong(31_536_000_000L));
        String notes = random.nextBoolean() ? null : "note for " + id + ": prefers e-mail contact";
        Double score = random.nextInt(4) == 0 ? null : random.nextInt(10_000) / 8.0;
        return Row.of(ROW, id, "user_" + id, email, ssn, fullName, balance, createdAt, random.nextBoolean(),
                random.nextInt(5_000), COUNTRIES[random.nextInt(COUNTRIES.length)], notes, score);
    }

    /** The same user after an update: a new balance, one more login, maybe a new e-mail. */
    private static Row updated(Row user, SplittableRandom random) {
        Row.Builder b = user.toBuilder()
                .set("balance", ((BigDecimal) user.get("balance")).add(BigDecimal.valueOf(random.nextInt(10_000), 2)))
                .set("login_count", (Integer) user.get("login_count") + 1);
        if (random.nextInt(4) == 0) b.set("email", "new." + user.get("id") + "@example.org");
        return b.build();
    }
}
