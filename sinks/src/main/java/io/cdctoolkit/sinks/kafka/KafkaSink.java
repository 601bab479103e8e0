package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.BootstrapProbe;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
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

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes records to Kafka with an idempotent {@link KafkaProducer}: keys and values are the encoder's
 * bytes as they are, a null value is a tombstone, and {@link CdcHeaders} adds the {@code cdc.*}
 * headers. Keyed records go where Kafka's partitioner puts them, or, under {@code partitioner:
 * key_value}, where {@link KeyValuePartitioner} does. Records of one key keep their order (idempotence, at most 5 requests in flight). Each
 * callback runs once the broker has the record ({@code acks}) or it has definitely failed; failures are
 * sorted by {@link SendErrors}; records refused only for their batch are sent again by
 * {@link BatchRepair}. Before the first record to a topic, {@link TopicGate} makes sure the topic
 * takes writes. Transient failures (a broker restarting) are retried by the producer for
 * {@code delivery.timeout.ms}, and while no broker answers, {@link #write} waits (up to
 * {@code max_block_ms}) — backpressure rather than failure, but bounded, so a stop is too.
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
    private TopicGate topics;
    private BatchRepair repair;
    /** Picks partitions under {@code partitioner: key_value}; null under key_bytes (Kafka decides). */
    private KeyValuePartitioner keyValue;
    private long maxBlockMs;
    private volatile boolean flushTimedOut;
    private final Outstanding outstanding = new Outstanding();
    /** Write order, for {@link BatchRepair}. */
    private final AtomicLong serials = new AtomicLong();

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
        // Writes wait for absent brokers up to max_block_ms each, so a typo in bootstrap_servers or wrong
        // credentials are caught here, once, with a bounded wait.
        checkReachable(bootstrap, ClientSecurity.plaintextHint(props));
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(meterRegistry);
        maxBlockMs = Long.parseLong(props.get(ProducerConfig.MAX_BLOCK_MS_CONFIG).toString().trim());
        TopicCreator creator = config.topicCreation().enabled() ? new TopicCreator(admin, config.topicCreation()) : null;
        topics = new TopicGate(admin, creator, producer::partitionsFor, maxBlockMs, config.batchSize());
        repair = new BatchRepair(producer, name);
        if (config.partitioner() == KeyPartitioning.KEY_VALUE) keyValue = new KeyValuePartitioner(producer::partitionsFor);
        LOG.info("Kafka sink '{}' connected to {} ({})", name, bootstrap, config.summary());
    }

    /** A broker that does not answer, or refuses this client, is a {@link ConnectivityException} (exit 3). */
    private void checkReachable(String bootstrap, String plaintextHint)
            throws InterruptedException, ConnectivityException {
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
            // Waited out (brokers may be starting), then told apart: nothing listening is no matter of logins.
            Optional<String> nothingListens = BootstrapProbe.nothingListens(bootstrap, config.connectTimeout());
            throw new ConnectivityException("kafka-sink '" + name + "': cannot reach Kafka at " + bootstrap + " within "
                    + timeoutMs + " ms: " + nothingListens.orElse(cause.getMessage())
                    + " (check bootstrap_servers and that the brokers are up"
                    + (plaintextHint.isEmpty() || nothingListens.isPresent() ? "" : "; " + plaintextHint) + ")", cause);
        }
    }

    @Override
    public void write(SinkRecord record, Callback callback) {
        if (producer == null) throw new IllegalStateException("kafka sink '" + name + "' is not open");
        outstanding.add();
        Callback counted = error -> { // the flush at a stop waits for this count
            try {
                callback.onComplete(error);
            } finally {
                outstanding.done();
            }
        };
        try {
            if (topics.ensure(record.topic(), record.isDeadLetter()) && record.key() == null) {
                counted.onComplete(new InvalidDataException(SendErrors.STAGE, record.event() == null ? null
                        : record.event().table(), null, "topic '" + record.topic() + "' is compacted and takes no"
                        + " record without a key (the table has no primary key?); not sent, so the broker does"
                        + " not refuse the records batched with it", null));
                return;
            }
            // Chosen once, so a record sent again by BatchRepair goes to the same partition.
            Integer partition = keyValue == null ? null : keyValue.partition(record);
            repair.beginSend(maxBlockMs);
            try {
                new Send(record, partition, counted, serials.incrementAndGet()).send(producer);
            } finally {
                repair.endSend();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counted.onComplete(new FatalException("kafka-sink: interrupted while preparing topic '"
                    + record.topic() + "'", e));
        } catch (InvalidDataException | RetryableException | FatalException e) {
            counted.onComplete(e);
        } catch (RuntimeException e) {
            // An invalid topic name from topic creation, or the producer unusable (send() reports record
            // errors through the callback).
            counted.onComplete(SendErrors.classify(e, record));
        }
    }

    /** One record on its way to Kafka; a record refused with its batch goes to {@link BatchRepair}. */
    private final class Send implements BatchRepair.Sent {
        private final SinkRecord record;
        /** The partition {@code partitioner: key_value} chose, or null: Kafka's partitioner decides. */
        private final Integer partition;
        private final Callback callback;
        private final long serial;

        Send(SinkRecord record, Integer partition, Callback callback, long serial) {
            this.record = record;
            this.partition = partition;
            this.callback = callback;
            this.serial = serial;
        }

        void send(Producer<byte[], byte[]> to) {
            to.send(producerRecord(), (metadata, error) -> {
                if (error == null) {
                    repair.written(this);
                    callback.onComplete(null);
                } else if (BatchRepair.batchLevel(error)) {
                    repair.refused(this);
                } else {
                    callback.onComplete(SendErrors.classify(error, record));
                }
            });
        }

        private ProducerRecord<byte[], byte[]> producerRecord() {
            return new ProducerRecord<>(record.topic(), partition, null, record.key(), record.value(), headers.of(record));
        }

        @Override
        public long serial() {
            return serial;
        }

        @Override
        public String topic() {
            return record.topic();
        }

        @Override
        public byte[] key() {
            return record.key();
        }

        @Override
        public Future<?> resend(Producer<byte[], byte[]> to) {
            return to.send(producerRecord());
        }

        @Override
        public void complete(Exception error) {
            callback.onComplete(error);
        }

        @Override
        public Exception classify(Exception error) {
            return SendErrors.classify(error, record);
        }
    }

    /**
     * Waits up to {@code close_timeout_ms} for every record written so far (the runtime flushes only
     * when it stops): with the brokers away, a stop must not wait for them for ever.
     */
    @Override
    public void flush() throws InterruptedException {
        if (producer == null) return;
        long timeoutMs = config.closeTimeout().toMillis();
        Thread flusher = new Thread(() -> {
            try {
                producer.flush();
            } catch (RuntimeException closed) {
                // closed meanwhile: the outstanding count below tells what is left
            }
        }, "cdc-toolkit-" + name + "-flush");
        flusher.setDaemon(true);
        flusher.start(); // sends what lingers at once; waiting is done on the count, which includes re-sends
        long left = outstanding.await(timeoutMs);
        if (left > 0) {
            flushTimedOut = true;
            throw new FatalException("kafka-sink '" + name + "': " + left + " record(s) still not acknowledged after "
                    + timeoutMs + " ms (close_timeout_ms); the brokers are unreachable or slow. They are not"
                    + " committed and are written again on the next run");
        }
    }

    /** Sends what is buffered (waiting up to {@code close_timeout_ms}), then releases everything. */
    @Override
    public void close() {
        try {
            if (repair != null) repair.close();
            // After a flush that timed out, close_timeout_ms has been waited already: a stop waits it once.
            if (producer != null) producer.close(flushTimedOut ? Duration.ZERO : config.closeTimeout());
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
                repair = null;
                keyValue = null;
                embedded = null;
            }
        }
    }
}
