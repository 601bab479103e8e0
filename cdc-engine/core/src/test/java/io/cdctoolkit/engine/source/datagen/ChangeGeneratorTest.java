package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChangeGeneratorTest {

    @Test
    void cdcModeRatiosAreSixtyThirtyTenWithinTwoPercentOver100kEvents() throws Exception {
        ChangeGenerator generator = generator("users", 3L, LiveKeyPool.DEFAULT_CAPACITY);
        Map<Op, Integer> counts = new EnumMap<>(Op.class);
        int total = 100_000;
        for (int i = 0; i < total; i++) counts.merge(generator.next().op(), 1, Integer::sum);

        assertThat(counts.keySet()).containsOnly(Op.CREATE, Op.UPDATE, Op.DELETE);
        assertThat(counts.get(Op.CREATE) / (double) total).isCloseTo(0.60, within(0.02));
        assertThat(counts.get(Op.UPDATE) / (double) total).isCloseTo(0.30, within(0.02));
        assertThat(counts.get(Op.DELETE) / (double) total).isCloseTo(0.10, within(0.02));
    }

    @ParameterizedTest
    @ValueSource(ints = {LiveKeyPool.DEFAULT_CAPACITY, 10})
    void updatesAndDeletesOnlyHitLiveKeysWithTheirCurrentState(int poolCapacity) throws Exception {
        ChangeGenerator generator = generator("orders", 9L, poolCapacity);
        Map<Object, Row> live = new HashMap<>();
        Set<Object> deleted = new HashSet<>();

        for (int i = 0; i < 100_000; i++) {
            Change change = generator.next();
            assertThat(change.seq()).isEqualTo(i);
            switch (change.op()) {
                case CREATE -> {
                    Object key = change.after().get(0);
                    assertThat(live.containsKey(key)).as("insert of a live key at seq %d", i).isFalse();
                    assertThat(deleted.contains(key)).as("insert reusing a deleted key at seq %d", i).isFalse();
                    assertThat(change.before()).isNull();
                    live.put(key, change.after());
                }
                case UPDATE -> {
                    Object key = change.before().get(0);
                    assertThat(live.containsKey(key)).as("update of a key that is not live at seq %d", i).isTrue();
                    assertThat(change.before()).as("before is the row's current state").isEqualTo(live.get(key));
                    assertThat(change.after().get(0)).as("update keeps the key").isEqualTo(key);
                    assertThat(change.after()).isNotEqualTo(change.before());
                    live.put(key, change.after());
                }
                case DELETE -> {
                    Object key = change.before().get(0);
                    assertThat(live.containsKey(key)).as("delete of a key that is not live at seq %d", i).isTrue();
                    assertThat(change.before()).isEqualTo(live.get(key));
                    assertThat(change.after()).isNull();
                    live.remove(key);
                    deleted.add(key);
                }
                default -> throw new AssertionError("unexpected op " + change.op() + " at seq " + i);
            }
        }
        assertThat(deleted).isNotEmpty();
    }

    @Test
    void theFirstEventIsAnInsert() throws Exception {
        for (long seed = 0; seed < 50; seed++) {
            assertThat(generator("sequence", seed, 100).next().op()).isEqualTo(Op.CREATE);
        }
    }

    @Test
    void withoutCdcModeEveryChangeIsAReadWithANewKey() throws Exception {
        DatagenSettings settings = DatagenSettings.from(DatagenFixtures.options(DatagenFixtures.config("pattern", "random")));
        DatagenPattern pattern = DatagenPattern.forName("random", settings.seed());
        ChangeGenerator generator = new ChangeGenerator(pattern, RowLayout.create(pattern, settings, "p"),
                EventClock.forRate(0), false, settings.seed(), 100);
        Set<Object> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            Change change = generator.next();
            assertThat(change.op()).isEqualTo(Op.READ);
            assertThat(change.before()).isNull();
            assertThat(keys.add(change.after().get(0))).as("key at seq %d is new", i).isTrue();
        }
    }

    private static ChangeGenerator generator(String patternName, long seed, int poolCapacity) throws Exception {
        DatagenSettings settings = DatagenSettings.from(DatagenFixtures.options(
                DatagenFixtures.config("pattern", patternName, "seed", seed, "cdc_mode", true)));
        DatagenPattern pattern = DatagenPattern.forName(patternName, seed);
        return new ChangeGenerator(pattern, RowLayout.create(pattern, settings, "p"), EventClock.forRate(0), true, seed,
                poolCapacity);
    }
}
