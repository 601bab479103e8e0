package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkRecord;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Writes records to Kafka with an idempotent {@link KafkaProducer}: keys and values are the encoder's
 * bytes as they are, a null value is a tombstone, and {@link CdcHeaders} adds the {@code cdc.*}
 * headers. Records of one key keep their order (idempotence, at most 5 requests in flight). Each
 * callback runs once the broker has the record ({@code acks}) or it has definitely failed; failures are
 * sorted by {@link SendErrors}. Transient failures (a broker restarting) are retried by the producer
 * for {@code delivery.timeout.ms}, and while no broker answers, {@link #write} waits (up to
 * {@code max_block_ms}) — backpressure rather than failure.
 */
final class KafkaSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);

    private final KafkaSinkConfig config;
    private final String name;
    private final MeterRegistry meterRegistry;
    private final CdcHeaders headers;

    private EmbeddedBroker.Lease embedded;
    private Producer<byte[], byte[]> producer;
    private KafkaClientMetrics producerMetrics;
    private Admin admin;
    private TopicCreator topics;

    KafkaSink(KafkaSinkConfig config, String name, MeterRegistry meterRegistry) {
        this.config = config;
        this.name = name;
        this.meterRegistry = meterRegistry;
        this.headers = new CdcHeaders(config.headerOp(), config.headerTable(), config.headerSource());
    }

    @Override
    public void open() throws Exception {
        try {
            connect();
        } catch (Exception | Error e) {
            close(); // an embedded broker or an admin client started before the failure must not linger
            throw e;
        }
    }

    private void connect() throws Exception {
        String bootstrap = config.bootstrapServers();
        if (EmbeddedBroker.EMBEDDED.equals(bootstrap)) {
            embedded = EmbeddedBroker.acquire(config.embeddedDir(), config.embeddedPort());
            bootstrap = embedded.bootstrapServers();
            LOG.info("Kafka sink '{}' writes to the embedded broker at {} (data in {}); read it with:"
                            + " cdc-toolkit tail --bootstrap {} --topic <topic> --from-beginning",
                    name, bootstrap, config.embeddedDir(), bootstrap);
        }
        Map<String, Object> props = new LinkedHashMap<>(config.producerProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "cdc-toolkit-" + name);
        Map<String, Object> adminProps = ProducerProperties.forAdmin(props);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "cdc-toolkit-" + name + "-admin");
        admin = Admin.create(adminProps);
        // Writes wait for absent brokers without limit (max_block_ms), so a typo in bootstrap_servers or
        // wrong credentials are caught here, once, with a bounded wait.
        checkReachable(bootstrap);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(meterRegistry);
        if (config.topicCreation().enabled()) {
            topics = new TopicCreator(admin, config.topicCreation());
        } else {
            admin.close();
            admin = null;
        }
        LOG.info("Kafka sink '{}' connected to {} ({})", name, bootstrap, config.summary());
    }

    /** A broker that does not answer, or refuses this client, is a {@link ConnectivityException} (exit 3). */
    private void checkReachable(String bootstrap) throws InterruptedException, ConnectivityException {
        long timeoutMs = config.connectTimeout().toMillis();
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(timeoutMs, Integer.MAX_VALUE)))
                    .clusterId().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                throw new ConnectivityException("kafka-sink '" + name + "': " + bootstrap + " refused this client: "
                        + cause.getMessage() + " (check the security block)", cause);
            }
            throw new ConnectivityException("kafka-sink '" + name + "': cannot reach Kafka at " + bootstrap + " within "
                    + timeoutMs + " ms: " + cause.getMessage()
                    + " (check bootstrap_servers and that the brokers are up)", cause);
        }
    }

    @Override
    public void write(SinkRecord record, Callback callback) {
        if (producer == null) throw new IllegalStateException("kafka sink '" + name + "' is not open");
        try {
            if (topics != null) topics.ensure(record.topic());
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(record.topic(), null, null,
                    record.key(), record.value(), headers.of(record));
            producer.send(out, (metadata, error) ->
                    callback.onComplete(error == null ? null : SendErrors.classify(error, record)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.onComplete(new FatalException("kafka-sink: interrupted while creating topic '"
                    + record.topic() + "'", e));
        } catch (RetryableException | FatalException e) {
            callback.onComplete(e);
        } catch (RuntimeException e) {
            // An invalid topic name from topic creation, or the producer unusable (send() reports record
            // errors through the callback).
            callback.onComplete(SendErrors.classify(e, record));
        }
    }

    @Override
    public void flush() {
        if (producer != null) producer.flush();
    }

    /** Sends what is buffered (waiting up to {@code close_timeout_ms}), then releases everything. */
    @Override
    public void close() {
        try {
            if (producer != null) producer.close(config.closeTimeout());
        } finally {
            try {
                if (producerMetrics != null) producerMetrics.close();
                if (admin != null) admin.close(); // the topic creator's, if any
            } finally {
                if (embedded != null) embedded.close();
                producer = null;
                producerMetrics = null;
                admin = null;
                topics = null;
                embedded = null;
            }
        }
    }
}
