package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigRedactorTest {

    private static final String YAML = """
            schema_registry:
              mode: external
              external: { url: "http://sr:8081", username: sr, password: "${SR_PASSWORD}" }
            sources:
              pg:
                connector: postgres-cdc
                config:
                  host: db
                  database: app
                  password: "${PGPASSWORD}"
                  cdc_features:
                    encryption: { enabled: true, key: "${CDC_KEY}", fields: [ssn] }
                    deduplication: { key: position }
            sinks:
              k:
                connector: kafka
                config:
                  bootstrap_servers: "kafka:9092"
                  producer:
                    sasl.jaas.config: "${JAAS}"
                    ssl.truststore.password: "${TRUST}"
                    linger.ms: 5
            """;

    private static final Map<String, String> ENV = Map.of("SR_PASSWORD", "sr-pw-1", "PGPASSWORD", "pg-pw-2",
            "CDC_KEY", "key-3", "JAAS", "jaas-4", "TRUST", "trust-5");

    private final ConfigRedactor redactor = new ConfigRedactor(TestCatalog.catalog());

    @Test
    void secretsAreMaskedAndEverythingElseIsShown() throws ConfigException {
        ToolkitConfig config = ConfigLoader.load(YAML, "cdc.yaml", TestCatalog.catalog(), ENV);
        Map<String, Object> view = redactor.redact(config);

        assertThat(path(view, "schema_registry", "external")).isEqualTo(Map.of(
                "url", "http://sr:8081", "username", "sr", "password", ConfigRedactor.MASK));
        Map<String, Object> pg = path(view, "sources", "pg", "config");
        assertThat(pg).containsEntry("host", "db").containsEntry("password", ConfigRedactor.MASK);
        assertThat(path(pg, "cdc_features", "encryption")).containsEntry("key", ConfigRedactor.MASK)
                .containsEntry("fields", List.of("ssn"));
        assertThat(path(pg, "cdc_features", "deduplication")).as("only encryption keys are key material")
                .containsEntry("key", "position");
        assertThat(path(view, "sinks", "k", "config", "producer")).isEqualTo(Map.of(
                "sasl.jaas.config", ConfigRedactor.MASK, "ssl.truststore.password", ConfigRedactor.MASK,
                "linger.ms", 5));
        assertThat(path(view, "pipelines", "pg", "settings")).containsEntry("on_error", "stop");
    }

    @Test
    void yamlViewContainsNoSecretValue() throws ConfigException {
        ToolkitConfig config = ConfigLoader.load(YAML, "cdc.yaml", TestCatalog.catalog(), ENV);
        String yaml = redactor.toYaml(config);

        assertThat(yaml).contains("version: \"1.0\"", "host: db", "bootstrap_servers:", "'****'");
        ENV.values().forEach(secret -> assertThat(yaml).doesNotContain(secret));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(Map<String, Object> map, String... keys) {
        Map<String, Object> current = map;
        for (String key : keys) current = (Map<String, Object>) current.get(key);
        return current;
    }
}
