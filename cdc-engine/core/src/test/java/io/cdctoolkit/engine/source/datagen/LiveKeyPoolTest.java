package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LiveKeyPoolTest {

    private static final RowSchema SCHEMA = RowSchema.builder("t").required("id", FieldType.INT64).build();
    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void removeTakesTheRowOutAndKeepsTheOthersReachable() {
        LiveKeyPool pool = new LiveKeyPool(100);
        for (long i = 0; i < 5; i++) pool.add(Row.of(SCHEMA, i), random);

        assertThat(pool.remove(1).get(0)).isEqualTo(1L);
        assertThat(pool.get(1).get(0)).isEqualTo(4L); // the last row moved into the freed slot
        assertThat(pool.remove(3).get(0)).isEqualTo(3L);
        Set<Object> left = new HashSet<>();
        for (int slot = 0; slot < pool.size(); slot++) left.add(pool.get(slot).get(0));
        assertThat(left).containsExactlyInAnyOrder(0L, 2L, 4L);
    }

    @Test
    void aFullPoolEvictsInsteadOfGrowing() {
        LiveKeyPool pool = new LiveKeyPool(3);
        for (long i = 0; i < 10; i++) pool.add(Row.of(SCHEMA, i), random);

        assertThat(pool.size()).isEqualTo(3);
    }
}
