package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.FatalException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cdctoolkit.engine.testing.TestEvents.delete;
import static io.cdctoolkit.engine.testing.TestEvents.id;
import static io.cdctoolkit.engine.testing.TestEvents.insert;
import static io.cdctoolkit.engine.testing.TestHeaders.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StageChainTest {

    private final PipelineStats stats = new PipelineStats("p", new SimpleMeterRegistry(), () -> 0, () -> 0);

    @Test
    void runsStagesInOrder() throws Exception {
        StageChain chain = new StageChain(List.of(TestStages.header("a", "h", "1"), TestStages.header("b", "h", "2")),
                stats);
        List<ChangeEvent> out = chain.apply(insert(1, "ann"));
        assertThat(out).singleElement().satisfies(e -> assertThat(asMap(e.headers())).containsEntry("h", "2"));
    }

    @Test
    void dropStopsTheChainForThatEventAndIsCountedUnderTheStage() throws Exception {
        TestStages.Recording after = new TestStages.Recording("after");
        StageChain chain = new StageChain(List.of(TestStages.dropping("filter", e -> id(e) == 2), after), stats);
        assertThat(chain.apply(insert(2, "bob"))).isEmpty();
        assertThat(chain.apply(insert(3, "cy"))).hasSize(1);
        assertThat(stats.snapshot().droppedPerStage()).containsExactly(java.util.Map.entry("filter", 1L));
    }

    @Test
    void oneEventMayBecomeSeveralEachGoingThroughTheRestOfTheChain() throws Exception {
        StageChain chain = new StageChain(List.of(TestStages.tombstones("tombstones"),
                TestStages.header("mark", "seen", "yes")), stats);
        List<ChangeEvent> out = chain.apply(delete(7, "gus", 70));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).isTombstone()).isFalse();
        assertThat(out.get(1).isTombstone()).isTrue();
        assertThat(out).allSatisfy(e -> assertThat(asMap(e.headers())).containsEntry("seen", "yes"));
    }

    @Test
    void rejectionNamesTheStageAndKeepsTheEventAsItEnteredIt() {
        StageChain chain = new StageChain(List.of(TestStages.header("mark", "seen", "yes"),
                TestStages.rejecting("cast", e -> true, "age")), stats);
        assertThatThrownBy(() -> chain.apply(insert(1, "ann")))
                .isInstanceOfSatisfying(StageChain.Failure.class, f -> {
                    assertThat(f.stage()).isEqualTo("cast");
                    assertThat(f.invalid().field()).isEqualTo("age");
                    assertThat(asMap(f.input().headers())).containsEntry("seen", "yes");
                });
    }

    @Test
    void otherExceptionsAreFatalAndNameStageTableAndPosition() {
        StageChain chain = new StageChain(List.of(TestStages.throwing("buggy", e -> true)), stats);
        assertThatThrownBy(() -> chain.apply(insert(4, "dee")))
                .isInstanceOf(FatalException.class)
                .hasMessageContaining("stage 'buggy'")
                .hasMessageContaining("shop.public.users")
                .hasMessageContaining("lsn=4")
                .hasRootCauseMessage("boom");
    }
}
