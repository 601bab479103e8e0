package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * {@code offset_storage: kafka} for the native reader: its offsets go to the same compacted topic the
 * Debezium engine's Kafka Connect {@code KafkaOffsetBackingStore} writes, under a key of the same shape
 * (see {@link OffsetTopic}).
 *
 * @param bootstrapServers Kafka brokers ({@code kafka_bootstrap_servers})
 * @param topic            offsets topic ({@code offset_topic}), created compacted if missing
 * @param engineName       the source's name: the key's namespace, as the Debezium engine's {@code name}
 */
public record NativeOffsetTopic(String bootstrapServers, String topic, String engineName) {
}
