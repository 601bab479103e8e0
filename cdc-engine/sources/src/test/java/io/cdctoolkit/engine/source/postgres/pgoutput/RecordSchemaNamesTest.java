package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The parity suite compares the names with Debezium's on real tables; these are the edges it cannot reach. */
class RecordSchemaNamesTest {

    @Test
    void charactersATopicNameCannotHoldBecomeUnderscores() {
        assertThat(RecordSchemaNames.prefix("pg", "Sales", "Order Items €")).isEqualTo("pg.Sales.Order_Items__");
        assertThat(RecordSchemaNames.prefix("pg", "public", "orders-2024_v1")).isEqualTo("pg.public.orders-2024_v1");
    }

    @Test
    void longerThanATopicNameIsCutTo249Characters() {
        // PostgreSQL names stop at 63 bytes; only a long topic prefix gets there.
        String prefix = "p".repeat(200);
        assertThat(RecordSchemaNames.prefix(prefix, "s".repeat(30), "t".repeat(30)))
                .hasSize(249).startsWith(prefix + "." + "s".repeat(30) + ".").endsWith("t".repeat(17));
    }
}
