package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.spi.ConfigException;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.data.Envelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code debezium: { skipped.operations }} under {@code engine: native} means what it means to Debezium:
 * the oracle is Debezium's own {@code PostgresConnectorConfig} (its validation and its parsed set).
 */
class NativePassThroughTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"none", "t", "c,u,d,t", " c , d ", "u", "r", "d,d"})
    void readsWhatDebeziumReads(String value) throws Exception {
        assertThat(debeziumProblems(value)).as("Debezium accepts %s", value).isEmpty();
        assertThat(NativePassThrough.skippedOperations(options(Map.of("skipped.operations", value))))
                .isEqualTo(debeziumSkipped(value));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"none,t", "x", "C", "c,,d", "m"})
    void refusesWhatDebeziumRefusesNamingTheKeyPath(String value) {
        assertThat(debeziumProblems(value)).as("Debezium refuses %s", value).isNotEmpty();
        assertThatThrownBy(() -> NativePassThrough.skippedOperations(options(Map.of("skipped.operations", value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources.pg.config.debezium.skipped.operations");
    }

    @Test
    void withoutTheBlockTruncatesAreSkippedAsDebeziumsDefault() throws Exception {
        assertThat(NativePassThrough.skippedOperations(PgTestSupport.options(Map.of("host", "h", "database", "d",
                "user", "u")))).isEqualTo(debeziumSkipped(null)).containsExactly(Op.TRUNCATE);
    }

    @Test
    void aYamlListAndTheNestedFormAreRead() throws Exception {
        assertThat(NativePassThrough.skippedOperations(options(Map.of("skipped.operations", List.of("t", "d")))))
                .containsExactlyInAnyOrder(Op.TRUNCATE, Op.DELETE);
        assertThat(NativePassThrough.skippedOperations(options(Map.of("skipped", Map.of("operations", "none")))))
                .isEmpty();
    }

    @Test
    void everyOtherDebeziumKeyIsRefusedWithItsPathAndTheFix() {
        assertThatThrownBy(() -> NativePassThrough.skippedOperations(options(Map.of("skipped.operations", "none",
                "snapshot", Map.of("fetch", Map.of("size", 10))))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources.pg.config.debezium.snapshot.fetch.size")
                .hasMessageContaining("engine: debezium");
    }

    private static io.cdctoolkit.engine.spi.Options options(Map<String, Object> debezium) throws Exception {
        return PgTestSupport.options(Map.of("host", "h", "database", "d", "user", "u", "engine", "native",
                "debezium", debezium));
    }

    private static Set<Op> debeziumSkipped(String value) {
        Configuration.Builder config = Configuration.create().with("topic.prefix", "p").with("database.dbname", "d");
        if (value != null) config.with("skipped.operations", value);
        Set<Op> ops = EnumSet.noneOf(Op.class);
        for (Envelope.Operation op : new PostgresConnectorConfig(config.build()).getSkippedOperations()) {
            ops.add(Op.valueOf(op.name()));
        }
        return ops;
    }

    private static List<String> debeziumProblems(String value) {
        List<String> problems = new ArrayList<>();
        PostgresConnectorConfig.SKIPPED_OPERATIONS.validate(Configuration.create().with("skipped.operations", value).build(),
                (field, v, problem) -> problems.add(problem));
        return problems;
    }
}
