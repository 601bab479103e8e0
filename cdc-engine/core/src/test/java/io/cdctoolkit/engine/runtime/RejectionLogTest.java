package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionLogTest {

    private static final TableId ORDERS = new TableId("shop", "public", "orders");
    private static final TableId USERS = new TableId("shop", "public", "users");

    private long now = 5_000_000_000L;
    private final RejectionLog log = new RejectionLog(() -> now);

    private List<RejectionLog.Line> next(TableId table, int times) {
        List<RejectionLog.Line> lines = new ArrayList<>();
        for (int i = 0; i < times; i++) lines.add(log.next(table));
        return lines;
    }

    @Test
    void tenLinesATableAMinuteThenTheCountOfTheRestOnTheNextMinutesFirstLine() {
        List<RejectionLog.Line> first = next(ORDERS, 25);
        assertThat(first).filteredOn(RejectionLog.Line::written).hasSize(10);
        assertThat(first.subList(0, 9)).allSatisfy(l -> assertThat(l.suffix(ORDERS)).isEmpty());
        assertThat(first.get(9).suffix(ORDERS)).contains("the next ones are counted, not logged");
        assertThat(first.subList(10, 25)).noneMatch(RejectionLog.Line::written);

        now += TimeUnit.SECONDS.toNanos(59);
        assertThat(log.next(ORDERS).written()).as("still the same minute").isFalse();

        now += TimeUnit.SECONDS.toNanos(1);
        RejectionLog.Line nextMinute = log.next(ORDERS);
        assertThat(nextMinute.written()).isTrue();
        assertThat(nextMinute.suffix(ORDERS))
                .isEqualTo(" (16 more of table shop.public.orders were counted, not logged, since the last line)");
        assertThat(log.next(ORDERS).suffix(ORDERS)).as("counted once").isEmpty();
    }

    @Test
    void eachTableHasItsOwnLines() {
        next(ORDERS, 30);
        assertThat(next(USERS, 10)).allMatch(RejectionLog.Line::written);
        assertThat(log.next(USERS).written()).isFalse();
    }
}
