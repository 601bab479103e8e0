package io.cdctoolkit.compat;

import io.cdctoolkit.testing.PostgresServer;

import java.nio.file.Path;

/**
 * The YAML of a PostgreSQL → Kafka pipeline that encodes through {@code schema_registry.mode:
 * external} (tombstones after deletes, dead letters to {@code dlq.<database>}), as a
 * user would write it. The source is named after the database: PostgreSQL names the replication slot
 * after the source, and slots must be unique on the shared server.
 */
final class RegistryPipelineConfig {

    private RegistryPipelineConfig() {
    }

    /**
     * @param format      {@code avro}, {@code protobuf} or {@code json_schema}
     * @param registryUrl the Confluent-compatible API base (Apicurio's {@code /apis/ccompat/v7})
     * @param retries     {@code schema_registry.external.retries}: HTTP retries before the pipeline's own waiting
     */
    static String yaml(Path stateDir, PostgresServer pg, String database, String bootstrapServers,
                       String format, String registryUrl, int retries) {
        return yaml(stateDir, pg, database, bootstrapServers, format, registryUrl, retries, "dead_letter");
    }

    /** As above, with {@code on_error: onError} ({@code stop}, {@code skip}, {@code dead_letter}). */
    static String yaml(Path stateDir, PostgresServer pg, String database, String bootstrapServers,
                       String format, String registryUrl, int retries, String onError) {
        return """
                version: "1.0"
                state_dir: %s
                schema_registry:
                  mode: external
                  format: %s
                  external:
                    url: %s
                    retries: %d
                sources:
                  %s:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: %s
                      ssl_mode: disable
                      poll_interval_ms: 50
                      cdc_features:
                        tombstones: { enabled: true }
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: %s
                      linger_ms: 1
                pipelines:
                  registry_e2e:
                    source: %s
                    sink: kafka
                    settings: { on_error: %s, dead_letter_topic: dlq.%s }
                """.formatted(stateDir, format, registryUrl, retries, database, pg.host(), pg.port(), database,
                PostgresServer.SUPERUSER, bootstrapServers, database, onError, database);
    }
}
