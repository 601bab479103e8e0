package io.cdctoolkit.engine.data;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A reused {@link RowJson.Output} writes each row exactly as a fresh generator does, also after a failed row. */
class RowJsonOutputTest {

    private static final RowSchema INNER = RowSchema.of("inner", List.of(new Field("n", FieldType.INT32, true, null, null)));
    private static final RowSchema SCHEMA = RowSchema.of("t", List.of(
            new Field("id", FieldType.INT64, false, null, null),
            new Field("name", FieldType.STRING, true, null, null),
            new Field("amount", new FieldType.Decimal(12, 2), true, null, null),
            new Field("at", FieldType.TIMESTAMP_TZ, true, null, null),
            new Field("inner", new FieldType.Struct(INNER), true, null, null)));

    @Test
    void rowAfterRowTheSameBytesAsAFreshGenerator() {
        RowJson.Plan plan = RowJson.plan(SCHEMA);
        RowJson.Output output = new RowJson.Output();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            Row row = Row.of(SCHEMA, random.nextLong(), random.nextInt(5) == 0 ? null : "näme \"" + i + "\"\n",
                    BigDecimal.valueOf(random.nextLong(100_000), 2), Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000)),
                    random.nextBoolean() ? null : Row.of(INNER, i));
            assertThat(new String(plan.toBytes(row, output), StandardCharsets.UTF_8)).isEqualTo(RowJson.toJson(row));
        }
    }

    @Test
    void aFailedRowLeavesNothingBehindForTheNext() {
        RowJson.Plan plan = RowJson.plan(SCHEMA);
        RowJson.Output output = new RowJson.Output();
        Row bad = Row.of(SCHEMA, 1L, "half", "not a decimal", null, null);
        assertThatThrownBy(() -> plan.toBytes(bad, output)).isInstanceOf(ClassCastException.class);
        Row good = Row.of(SCHEMA, 2L, "whole", null, null, null);
        assertThat(new String(plan.toBytes(good, output), StandardCharsets.UTF_8)).isEqualTo(RowJson.toJson(good));
    }
}
