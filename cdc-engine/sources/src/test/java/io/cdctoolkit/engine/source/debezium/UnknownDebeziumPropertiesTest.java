package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.source.postgres.PostgresSourceFactory;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.debezium.connector.postgresql.PostgresConnector;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The warning for misspelt keys of the debezium: block, which Debezium ignores. */
class UnknownDebeziumPropertiesTest {

    private static final PostgresSourceFactory POSTGRES = new PostgresSourceFactory();

    private static Options options(Map<String, Object> debezium) throws Exception {
        return Options.of("sources.pg.config", POSTGRES.spec().options(), Map.of("host", "localhost", "database", "app",
                "user", "u", "engine", "debezium", "debezium", debezium));
    }

    @Test
    void aKeyAMisspellingAwayFromAPropertyIsWarnedOfAndOtherUnknownKeysAreNot() throws Exception {
        Map<String, Object> debezium = new LinkedHashMap<>();
        debezium.put("snapshot.fetch.sise", 100);
        debezium.put("database.ssl.mode", "require"); // MySQL's name; PostgreSQL's is database.sslmode
        // valid keys that no ConfigDef lists: a JDBC driver property, a masking rule, Kafka offsets, Connect SMTs
        debezium.put("database.tcpKeepAlive", true);
        debezium.put("column.mask.with.10.chars", "public.users.ssn");
        debezium.put("offset.storage.topic", "offsets");
        debezium.put("transforms", "route");
        debezium.put("snapshot.fetch.size", 200);

        assertThat(POSTGRES.misspeltDebeziumProperties(options(debezium)))
                .hasValueSatisfying(c -> {
                    assertThat(c.outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
                    assertThat(c.message()).isEqualTo("debezium.snapshot.fetch.sise (did you mean snapshot.fetch.size?),"
                            + " debezium.database.ssl.mode (did you mean database.sslmode?) are no properties"
                            + " PostgresConnector or Debezium's engine knows: Debezium ignores them without a word");
                });
        // The oracle that Debezium ignores it: its own validation answers for its properties only, and raises nothing
        Map<String, String> props = new LinkedHashMap<>(Map.of("snapshot.fetch.sise", "100", "topic.prefix", "p",
                "database.hostname", "h", "database.user", "u", "database.dbname", "d"));
        List<ConfigValue> values = new PostgresConnector().validate(props).configValues();
        assertThat(values).extracting(ConfigValue::name).doesNotContain("snapshot.fetch.sise").contains("snapshot.fetch.size");
        assertThat(values.stream().filter(v -> v.name().equals("snapshot.fetch.size")).findFirst().orElseThrow().value())
                .isNull();

        assertThat(POSTGRES.misspeltDebeziumProperties(
                options(Map.of("snapshot.fetch.size", 200, "database.tcpKeepAlive", true)))).isEmpty();
    }
}
