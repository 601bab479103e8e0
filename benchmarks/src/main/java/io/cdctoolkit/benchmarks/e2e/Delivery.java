package io.cdctoolkit.benchmarks.e2e;

/** One variant running in the child: started, counted, closed. */
interface Delivery extends AutoCloseable {

    /** Starts the variant and returns once it runs (its connector task started). */
    void start() throws Exception;

    /**
     * Change events of the captured table delivered so far: acknowledged by Kafka for the producing
     * variants, handed to the consumer for {@code debezium-raw} and
     * {@code native-raw}.
     */
    long delivered();

    /** A failure of the variant's own threads, or null. */
    Throwable failure();

    static Delivery of(ChildSpec spec, String bootstrapServers) {
        return switch (spec.variant()) {
            case DEBEZIUM_RAW -> new DebeziumRawDelivery(spec);
            case DEBEZIUM_JSON_PRODUCER -> new DebeziumProducerDelivery(spec, bootstrapServers, true);
            case DEBEZIUM_JSON_NOSCHEMA_PRODUCER -> new DebeziumProducerDelivery(spec, bootstrapServers, false);
            case CDC_JSON, CDC_AVRO, NATIVE_JSON -> new CdcToolkitDelivery(spec, bootstrapServers);
            case NATIVE_RAW -> new NativeRawDelivery(spec);
        };
    }
}
