package io.cdctoolkit.sinks.kafka;

import java.util.Locale;

/**
 * How the Kafka sink picks the partition of a record that has a key (option {@code partitioner}).
 * Records without a key are always left to Kafka (its sticky partitioner).
 */
enum KeyPartitioning {

    /** Kafka's default: murmur2 of the key bytes; the partition follows the key's encoding. */
    KEY_BYTES,

    /**
     * murmur2 of the {@link CanonicalKey canonical key value}: the partition follows the key's value,
     * whatever encoding (JSON, Avro, Protobuf, schema id) its bytes have.
     */
    KEY_VALUE;

    /** The option value, e.g. {@code key_value}. */
    String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named by an option value ({@code key_bytes} or {@code key_value}). */
    static KeyPartitioning of(String optionValue) {
        return valueOf(optionValue.trim().toUpperCase(Locale.ROOT));
    }
}
