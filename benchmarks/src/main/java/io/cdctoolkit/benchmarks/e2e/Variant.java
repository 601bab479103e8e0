package io.cdctoolkit.benchmarks.e2e;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What delivers the changes in one child JVM (docs/benchmarks.md#end-to-end-harness). */
enum Variant {
    /** Debezium's embedded engine handing Connect records to a consumer that only counts and commits. */
    DEBEZIUM_RAW("debezium-raw", false),
    /** Debezium + Kafka Connect's JsonConverter (schemas.enable=true, its default) + a KafkaProducer. */
    DEBEZIUM_JSON_PRODUCER("debezium-json-producer", true),
    /** As above with schemas.enable=false: shown for information, not a default anywhere. */
    DEBEZIUM_JSON_NOSCHEMA_PRODUCER("debezium-json-noschema-producer", true),
    /** cdc-toolkit postgres-cdc with {@code engine: debezium} → Kafka sink, {@code schema_registry: { mode: disabled }} (plain JSON). */
    CDC_JSON("cdc-json", true),
    /** cdc-toolkit postgres-cdc → Kafka sink, Avro with an in-process {@code mock://} registry. */
    CDC_AVRO("cdc-avro", true),
    /** As {@code cdc-json} with the native PostgreSQL reader ({@code engine: native}, the default) instead of Debezium's engine. */
    NATIVE_JSON("native-json", true),
    /**
     * The native PostgreSQL reader alone, polled, counted and committed: {@code debezium-raw}'s counterpart, so
     * the readers are compared without the pipeline, producer and broker.
     */
    NATIVE_RAW("native-raw", false);

    private final String id;
    private final boolean produces;

    Variant(String id, boolean produces) {
        this.id = id;
        this.produces = produces;
    }

    String id() {
        return id;
    }

    /** Whether it writes to Kafka (and so runs the in-process broker in its JVM). */
    boolean produces() {
        return produces;
    }

    static Variant byId(String id) {
        return Arrays.stream(values()).filter(v -> v.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown variant '" + id + "'; variants: " + ids()));
    }

    static String ids() {
        return Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", "));
    }
}
