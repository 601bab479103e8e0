package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One column's values rendered as JSON by the compiled plan ({@link RowJson.Plan} with a reused output, as the
 * {@code disabled} mode's encoder renders them): a row of four values of one type, 4,096 rows shaped like the
 * end-to-end harness's {@code bench_orders} (timestamps 1.5 s apart, random UUIDs like its
 * {@code md5(...)::uuid}, dates within one year, {@code numeric(12,2)} amounts, short texts, and {@code jsonb} texts
 * like its {@code attributes}, with quotes to escape). Values are not reused within a ring, so no string or box is
 * hot in a cache the pipeline would not have. One operation = one row.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JsonValueBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class JsonValueBenchmark {

    private static final int ROWS = 4_096;
    private static final int COLUMNS = 4;

    @Param({"timestamp", "uuid", "date", "time", "decimal", "string", "json"})
    public String type;

    private Row[] rows;
    private RowJson.Plan plan;
    private RowJson.Output output;
    private int next;

    @Setup
    public void setUp() {
        FieldType fieldType = switch (type) {
            case "timestamp" -> FieldType.TIMESTAMP_TZ;
            case "uuid" -> FieldType.UUID;
            case "date" -> FieldType.DATE;
            case "time" -> FieldType.TIME;
            case "decimal" -> new FieldType.Decimal(12, 2);
            case "string" -> FieldType.STRING;
            case "json" -> FieldType.JSON;
            default -> throw new IllegalArgumentException(type);
        };
        RowSchema.Builder schema = RowSchema.builder("values");
        for (int c = 0; c < COLUMNS; c++) schema.required("c" + c, fieldType);
        RowSchema rowSchema = schema.build();
        plan = RowJson.plan(rowSchema);
        output = new RowJson.Output();
        SplittableRandom random = new SplittableRandom(5);
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        rows = new Row[ROWS];
        for (int r = 0; r < ROWS; r++) {
            Object[] values = new Object[COLUMNS];
            for (int c = 0; c < COLUMNS; c++) {
                long g = (long) r * COLUMNS + c;
                values[c] = switch (type) {
                    case "timestamp" -> start.plusMillis(g * 1_500).plusNanos(random.nextInt(1_000_000) * 1_000L);
                    case "uuid" -> new UUID(random.nextLong(), random.nextLong());
                    case "date" -> LocalDate.ofEpochDay(19_723 + random.nextInt(365));
                    case "time" -> LocalTime.ofNanoOfDay(random.nextLong(86_400_000_000L) * 1_000);
                    case "decimal" -> BigDecimal.valueOf(g * 37 % 1_000_000, 2);
                    case "json" -> "{\"items\": " + g % 7 + ", \"coupon\": " + (g % 11 == 0) + ", \"channel\": \"web\"}";
                    default -> "Customer " + g;
                };
            }
            rows[r] = Row.wrap(rowSchema, values);
        }
    }

    @Benchmark
    public byte[] render() {
        return plan.toBytes(rows[next++ & (ROWS - 1)], output);
    }
}
