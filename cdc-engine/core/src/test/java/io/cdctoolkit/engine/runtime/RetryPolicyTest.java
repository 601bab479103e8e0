package io.cdctoolkit.engine.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 5);

    @Test
    void backoffDoublesUpToTheMaximum() {
        assertThat(policy.delay(1, 0.999999)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
        assertThat(policy.delay(2, 0.999999)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
        assertThat(policy.delay(4, 0.999999)).isBetween(Duration.ofMillis(799), Duration.ofMillis(800));
        assertThat(policy.delay(5, 0.999999)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
        assertThat(policy.delay(60, 0.999999)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    }

    @Test
    void jitterKeepsTheWaitBetweenHalfAndAllOfTheBackoff() {
        assertThat(policy.delay(3, 0.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delay(3, 0.5)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void rejectsAMaximumBelowTheInitialBackoff() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initial <= max");
    }
}
