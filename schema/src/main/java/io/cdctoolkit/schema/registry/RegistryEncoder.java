package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SchemaCache;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.PayloadWriter;
import io.cdctoolkit.schema.format.SchemaFormat;
import io.cdctoolkit.schema.format.SchemaText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DeflaterOutputStream;

/**
 * Encodes rows in a registry format (Avro, Protobuf, JSON Schema) framed for a registry
 * (standard or Glue). Per row schema and topic it derives the schema (for Protobuf as the next version of the
 * subject's latest, whose field numbers it keeps), gets its id from the
 * {@link SchemaRegistrar} and compiles a {@link PayloadWriter} once; every later row of that schema
 * is one cache hit, the header copy and the compiled writer — no registry call, no schema work.
 *
 * <p>A schema the registry rejects is not cached here: the next event of that schema asks again
 * (the {@link CachingRegistryClient} answers repeated rejections without a request for a while), so a
 * compatibility level relaxed by an operator takes effect without a restart.
 */
public final class RegistryEncoder implements Encoder {

    /** A compiled schema: its framing and writer. */
    private record Plan(Framing framing, PayloadWriter writer) {
    }

    /** The plans of one row schema, per topic and role (a schema normally goes to one topic). */
    private static final class TopicPlans {
        final Map<String, Plan> keys = new ConcurrentHashMap<>(2);
        final Map<String, Plan> values = new ConcurrentHashMap<>(2);
    }

    /** A reusable output buffer (the pipeline thread is the only caller). */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(1024);
        }
    }

    private final SchemaFormat format;
    private final SchemaRegistrar registrar;
    private final SchemaCache<TopicPlans> plans = SchemaCache.create();
    private final Buffer buffer = new Buffer();
    private final Buffer compressed = new Buffer();

    /**
     * @param format    derives schemas and compiles writers
     * @param registrar gets ids and framing
     */
    public RegistryEncoder(SchemaFormat format, SchemaRegistrar registrar) {
        this.format = format;
        this.registrar = registrar;
    }

    @Override
    public byte[] encode(String topic, Role role, Row row, Headers.Builder headers) throws InvalidDataException {
        boolean key = role == Role.KEY;
        TopicPlans topicPlans = plans.get(row.schema(), s -> new TopicPlans());
        Map<String, Plan> byTopic = key ? topicPlans.keys : topicPlans.values;
        Plan plan = byTopic.get(topic);
        if (plan == null) {
            plan = compile(topic, key, row.schema());
            byTopic.put(topic, plan);
        }
        return write(plan, topic, role, row);
    }

    private Plan compile(String topic, boolean key, RowSchema schema) throws InvalidDataException {
        DerivedSchema derived;
        try {
            derived = format.derive(topic, key, schema);
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException(encoderName(), null, null, "cannot derive a "
                    + format.type().registryName() + " schema for the " + (key ? "key" : "value") + " on topic '"
                    + topic + "': " + e.getMessage(), e);
        }
        if (format.followsPreviousVersion()) {
            Optional<SchemaText> latest = registrar.latest(topic, key, derived.recordName());
            if (latest.isPresent()) {
                try {
                    derived = format.derive(topic, key, schema, latest.get());
                } catch (IllegalArgumentException e) {
                    throw new InvalidDataException(encoderName(), null, null, "cannot derive the next version of the "
                            + (key ? "key" : "value") + " schema " + derived.recordName() + " on topic '" + topic
                            + "' from the latest one in " + registrar.describe() + ": " + e.getMessage(), e);
                }
            }
        }
        return new Plan(registrar.framing(topic, key, derived), format.writer(topic, key, schema, derived));
    }

    private byte[] write(Plan plan, String topic, Role role, Row row) throws InvalidDataException {
        Framing framing = plan.framing();
        try {
            buffer.reset();
            buffer.write(framing.header());
            if (!framing.zlib()) {
                buffer.write(framing.payloadPrefix());
                plan.writer().write(row, buffer);
                return buffer.toByteArray();
            }
            compressed.reset();
            try (DeflaterOutputStream zlib = new DeflaterOutputStream(compressed)) {
                zlib.write(framing.payloadPrefix());
                plan.writer().write(row, zlib);
            }
            compressed.writeTo(buffer);
            return buffer.toByteArray();
        } catch (IllegalArgumentException | ClassCastException e) {
            // A value the format cannot hold, or a stage left a value of the wrong Java type.
            throw new InvalidDataException(encoderName(), null, null, "cannot encode the " + role.suffix()
                    + " for topic '" + topic + "' as " + format.type().registryName() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String encoderName() {
        return format.type().name().toLowerCase(java.util.Locale.ROOT) + "-encoder";
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.BINARY;
    }

    @Override
    public void close() {
        registrar.close();
    }
}
