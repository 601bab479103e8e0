package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.source.mysql.ToolkitMariaDbConnector;
import io.cdctoolkit.engine.source.mysql.ToolkitMySqlConnector;
import io.cdctoolkit.engine.source.postgres.PasswordMaskingPostgresConnector;
import io.cdctoolkit.engine.source.postgres.PostgresSourceFactory;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debezium 3.5's engine logs each task configuration with {@code toString()} at DEBUG: ours print the
 * password masked, and the task still receives it as is.
 */
class MaskedTaskConfigsTest {

    private static final String PASSWORD = "pw-8d1f+x/=";

    @TempDir
    Path state;

    @Test
    void eachConnectorsTaskConfigurationPrintsThePasswordMaskedAndKeepsIt() throws Exception {
        Options options = Options.of("sources.pg.config", new PostgresSourceFactory().spec().options(),
                Map.of("host", "db.internal", "database", "app", "user", "cdc", "password", PASSWORD));
        Map<String, String> properties = new HashMap<>(
                new PostgresSourceFactory().engineProperties(options, ComponentContext.of("pg", state)));
        // (SQL Server's connector asks the server for the database names while building task configurations.)
        for (SourceConnector connector : List.of(new PasswordMaskingPostgresConnector(), new ToolkitMySqlConnector(),
                new ToolkitMariaDbConnector())) {
            connector.start(properties);
            Map<String, String> task = connector.taskConfigs(1).get(0);
            assertThat(task).as(connector.getClass().getSimpleName()).containsEntry("database.password", PASSWORD)
                    .containsEntry("database.user", "cdc");
            // What the engine's "Config #0: {}" shows.
            assertThat(String.valueOf(task)).as(connector.getClass().getSimpleName())
                    .doesNotContain(PASSWORD).contains("database.password=********").contains("database.user=cdc");
            connector.stop();
        }
    }

    @Test
    void maskedConfigurationsKeepEveryValueAndOrder() {
        Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put("database.user", "cdc");
        config.put("database.password", PASSWORD);
        config.put("database.ssl.truststore.password", PASSWORD);
        Map<String, String> masked = MaskedTaskConfigs.of(List.of(config)).get(0);
        assertThat(masked).isEqualTo(config);
        assertThat(masked.toString()).doesNotContain(PASSWORD).contains("database.user=cdc");
    }
}
