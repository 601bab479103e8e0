package io.cdctoolkit.sinks.kafka;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link KafkaSink} needs, validated and resolved by {@link KafkaSinkFactory}.
 *
 * @param bootstrapServers   broker list, or {@code embedded}
 * @param embeddedDir        the embedded broker's data directory
 * @param embeddedPort       the embedded broker's port
 * @param producerProperties producer properties without {@code bootstrap.servers} (may hold secrets: never log)
 * @param headerOp           write {@code cdc.op}
 * @param headerTable        write {@code cdc.table}
 * @param headerSource       write {@code cdc.source}
 * @param topicCreation      how missing topics are created
 * @param closeTimeout       how long close waits for records in flight
 * @param connectTimeout     how long open waits for the brokers to answer
 * @param partitioner        how keyed records are given a partition
 */
record KafkaSinkConfig(String bootstrapServers, Path embeddedDir, int embeddedPort,
                       Map<String, Object> producerProperties, boolean headerOp, boolean headerTable,
                       boolean headerSource, TopicCreationSettings topicCreation, Duration closeTimeout,
                       Duration connectTimeout, KeyPartitioning partitioner) {

    KafkaSinkConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(embeddedDir, "embeddedDir");
        producerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(producerProperties));
        Objects.requireNonNull(topicCreation, "topicCreation");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(partitioner, "partitioner");
    }

    /** The producer's {@code batch.size} (the {@code batch_size} option). */
    int batchSize() {
        return Integer.parseInt(producerProperties.get(ProducerConfig.BATCH_SIZE_CONFIG).toString().trim());
    }

    /** Secret-free text of the delivery settings, for logs. */
    String summary() {
        Map<String, Object> p = producerProperties;
        StringBuilder sb = new StringBuilder()
                .append("acks=").append(p.get("acks"))
                .append(", idempotence=").append(p.get("enable.idempotence"))
                .append(", compression=").append(p.get("compression.type"))
                .append(", security=").append(p.getOrDefault("security.protocol", "PLAINTEXT"));
        if (p.containsKey("sasl.mechanism")) sb.append('/').append(p.get("sasl.mechanism"));
        sb.append(", partitioner=").append(partitioner.optionValue());
        return sb.toString();
    }

    /** Redacted form: the producer properties may hold passwords. */
    @Override
    public String toString() {
        return "KafkaSinkConfig[" + bootstrapServers + ", " + summary() + "]";
    }
}
