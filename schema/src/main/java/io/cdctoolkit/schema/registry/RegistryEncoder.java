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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DeflaterOutputStream;

/**
 * Encodes rows in a registry format (Avro, Protobuf, JSON Schema) framed for a registry
 * (standard or Glue). Per row schema and topic it derives the schema (for Protobuf as the next version of the
 * subject's latest, whose field numbers it keeps), gets its id from the
 * {@link SchemaRegistrar} and compiles a {@link PayloadWriter} once; every later row of that schema
 * is one cache hit, the header copy and the compiled writer — no registry call, no schema work.
 *
 * <p>A schema the registry rejects gets no plan: the next event of that schema asks again to register the
 * same derived text (the {@link CachingRegistryClient} answers repeated rejections without a request for a while), so
 * a compatibility level relaxed by an operator takes effect without a restart.
 */
public final class RegistryEncoder implements Encoder {

    /** A compiled schema: its framing and writer. */
    private record Plan(Framing framing, PayloadWriter writer) {
    }

    /** The plans of one row schema, per topic and role (a schema normally goes to one topic). */
    private static final class TopicPlans {
        final Map<String, Plan> keys = new ConcurrentHashMap<>(2);
        final Map<String, Plan> values = new ConcurrentHashMap<>(2);
        /**
         * The derived schemas, kept also while the registry rejects them: the next events of a rejected table version
         * ask the registry to register the same text (answered from its rejection cache) without deriving it again
         * against the subject's latest version — one request per rejection window, not one per event.
         */
        final Map<String, DerivedSchema> derivedKeys = new ConcurrentHashMap<>(2);
        final Map<String, DerivedSchema> derivedValues = new ConcurrentHashMap<>(2);
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
            Map<String, DerivedSchema> derived = key ? topicPlans.derivedKeys : topicPlans.derivedValues;
            DerivedSchema schema = derived.get(topic);
            if (schema == null) {
                schema = derive(topic, key, row.schema());
                derived.put(topic, schema);
            }
            plan = new Plan(registrar.framing(topic, key, schema), writer(topic, key, row.schema(), schema));
            byTopic.put(topic, plan);
        }
        return write(plan, topic, role, row);
    }

    private DerivedSchema derive(String topic, boolean key, RowSchema schema) throws InvalidDataException {
        try {
            return SubjectDerivation.derive(format, registrar, topic, key, schema);
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException(encoderName(), null, null, "cannot derive a "
                    + format.type().registryName() + " schema for the " + (key ? "key" : "value") + " on topic '"
                    + topic + "': " + e.getMessage(), e);
        }
    }

    private PayloadWriter writer(String topic, boolean key, RowSchema schema, DerivedSchema derived)
            throws InvalidDataException {
        try {
            return format.writer(topic, key, schema, derived);
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException(encoderName(), null, null, "cannot compile a "
                    + format.type().registryName() + " writer for the " + (key ? "key" : "value") + " on topic '"
                    + topic + "': " + e.getMessage(), e);
        }
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
