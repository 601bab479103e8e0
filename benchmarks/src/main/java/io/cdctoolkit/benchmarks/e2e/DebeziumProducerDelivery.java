package io.cdctoolkit.benchmarks.e2e;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code debezium-json-producer} / {@code debezium-json-noschema-producer}: each record's key and value
 * converted by Kafka Connect's JsonConverter (as Kafka Connect and Debezium Server do by default) and
 * sent by a KafkaProducer with its default settings and {@code acks=all} (the Kafka sink's default).
 * Like Debezium Server's Kafka sink, a batch is marked processed once Kafka acknowledged all of it.
 */
final class DebeziumProducerDelivery implements Delivery, DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final JsonConverter keyConverter = new JsonConverter();
    private final JsonConverter valueConverter = new JsonConverter();
    private final KafkaProducer<byte[], byte[]> producer;
    private final DebeziumEngineRun engine;

    DebeziumProducerDelivery(ChildSpec spec, String bootstrapServers, boolean schemas) {
        Map<String, String> converter = Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, Boolean.toString(schemas));
        keyConverter.configure(converter, true);
        valueConverter.configure(converter, false);
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        engine = new DebeziumEngineRun(spec, this);
    }

    @Override
    public void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        CountDownLatch acked = new CountDownLatch(records.size());
        for (ChangeEvent<SourceRecord, SourceRecord> event : records) {
            SourceRecord r = event.value();
            byte[] key = keyConverter.fromConnectData(r.topic(), r.keySchema(), r.key());
            byte[] value = valueConverter.fromConnectData(r.topic(), r.valueSchema(), r.value());
            boolean tableRecord = DebeziumEngineRun.TOPIC.equals(r.topic());
            producer.send(new ProducerRecord<>(r.topic(), key, value), (metadata, error) -> {
                if (error != null) sendFailure.compareAndSet(null, error);
                else if (tableRecord) delivered.incrementAndGet();
                acked.countDown();
            });
        }
        acked.await();
        Exception failed = sendFailure.get();
        if (failed != null) throw new IllegalStateException("Kafka refused a record: " + failed.getMessage(), failed);
        for (ChangeEvent<SourceRecord, SourceRecord> event : records) committer.markProcessed(event);
        committer.markBatchFinished();
    }

    @Override
    public void start() throws Exception {
        engine.start();
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public Throwable failure() {
        return sendFailure.get() != null ? sendFailure.get() : engine.failure();
    }

    @Override
    public void close() throws Exception {
        try {
            engine.close();
        } finally {
            producer.close();
        }
    }
}
