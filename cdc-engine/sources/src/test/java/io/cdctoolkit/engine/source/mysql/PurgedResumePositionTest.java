package io.cdctoolkit.engine.source.mysql;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The GTID comparison of {@link PurgedResumePosition} (the server side is in {@code MariaDbPurgedBinlogTest}). */
class PurgedResumePositionTest {

    @Test
    void aPurgedTransactionAfterTheLastDeliveredOneMeansThePositionIsGone() {
        assertThat(PurgedResumePosition.purgedPast("[0-1-1908]", "0-1-1907")).as("1908 was never delivered").isTrue();
        assertThat(PurgedResumePosition.purgedPast("[0-1-1907]", "0-1-1907")).as("the next file starts at 1908").isFalse();
        assertThat(PurgedResumePosition.purgedPast("[0-1-1900]", "0-1-1907")).isFalse();
        assertThat(PurgedResumePosition.purgedPast("[]", "0-1-1907")).as("nothing purged").isFalse();
    }

    @Test
    void domainsAreComparedEachWithItselfAndServerIdsDoNotMatter() {
        assertThat(PurgedResumePosition.purgedPast("[0-2-50,1-1-9]", "0-1-50,1-1-10")).isFalse();
        assertThat(PurgedResumePosition.purgedPast("[0-2-50,1-1-11]", "0-1-50,1-1-10")).isTrue();
        assertThat(PurgedResumePosition.purgedPast("[2-1-99]", "0-1-5")).as("a domain the source never saw").isFalse();
    }

    @Test
    void theHighestSequenceOfEachDomainCounts() {
        assertThat(PurgedResumePosition.sequenceByDomain("0-1-5, 0-2-7,3-1-18446744073709551615"))
                .isEqualTo(Map.of(0L, 7L, 3L, -1L));
    }
}
