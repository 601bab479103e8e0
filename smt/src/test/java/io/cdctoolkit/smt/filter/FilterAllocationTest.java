package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Row;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The evaluator's promise: nothing allocated per event (measured with the JVM's per-thread allocation counter). */
class FilterAllocationTest {

    @Test
    void evaluatingAllocatesNothingPerEvent() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CompiledFilter filter = FilterExpression.parse(
                "op in (c, u) and i64 > 1.5 and dec >= 10.5 and f64 < 1e9 and s like 'h%o' and s matches 'h.*'"
                        + " and d < '2030-01-01' and ts > '2020-01-01T00:00:00' and u != '00000000-0000-0000-0000-000000000000'"
                        + " and (b = true or e is null) and not (s = 'x') and addr.city is null")
                .compile(FilterEvaluationTest.ALL);
        Row row = Row.builder(FilterEvaluationTest.ALL)
                .set("i64", 42L).set("dec", new BigDecimal("10.50")).set("f64", 3.5).set("s", "hello")
                .set("d", LocalDate.of(2024, 1, 1)).set("ts", Instant.parse("2024-01-01T00:00:00Z"))
                .set("u", UUID.randomUUID()).set("b", true).build();
        ChangeEvent event = FilterEvaluationTest.event(row);
        for (int i = 0; i < 20_000; i++) filter.test(event); // thread-local matcher and class init happen here
        long tid = Thread.currentThread().getId();
        int n = 100_000;
        long before = threads.getThreadAllocatedBytes(tid);
        int matched = 0;
        for (int i = 0; i < n; i++) {
            if (filter.test(event)) matched++;
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(matched).isEqualTo(n);
        // One boxed object per event would already be ~1.6 MB; allow a little for the counter itself.
        assertThat(allocated).isLessThan(64 * 1024);
    }
}
