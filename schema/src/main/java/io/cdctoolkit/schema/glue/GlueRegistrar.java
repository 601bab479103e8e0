package io.cdctoolkit.schema.glue;

import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.registry.Framing;
import io.cdctoolkit.schema.registry.LogicalTypeWarnings;
import io.cdctoolkit.schema.registry.SchemaRegistrar;
import io.cdctoolkit.schema.wire.WireFraming;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Registers derived schemas with AWS Glue ({@code <topic>} for values, {@code <topic>-key} for keys)
 * and frames payloads in Glue's format (or, with {@code wire_format: standard}, Confluent's format
 * with the version's derived id).
 *
 * <p>The Protobuf message index written in Glue framing is AWS's: the message's rank among all
 * messages of the file sorted by full name. A derived file has one top-level message and every other
 * message nested inside it, so the top-level message's name is a prefix of all others and sorts
 * first: its index is always 0.
 */
public final class GlueRegistrar implements SchemaRegistrar {

    private static final int DERIVED_MESSAGE_GLUE_INDEX = 0;

    private final GlueSchemaRegistry registry;
    private final LogicalTypeWarnings logicalTypes;

    /** @param registry the Glue registry (its settings say framing and compression) */
    public GlueRegistrar(GlueSchemaRegistry registry) {
        this.registry = registry;
        this.logicalTypes = new LogicalTypeWarnings(registry.settings().describe());
    }

    @Override
    public Framing framing(String topic, boolean key, DerivedSchema schema) throws InvalidDataException {
        String name = schemaName(topic, key);
        if (logicalTypes.wantsLatestBefore(name, schema.text())) {
            read(name, registry::latest).ifPresent(latest ->
                    logicalTypes.latestBefore(name, latest, "the schema's latest version"));
        }
        UUID version;
        try {
            version = registry.register(name, schema.text());
            logicalTypes.registered(name, "schema version " + version, schema.text());
        } catch (GlueRegistryException e) {
            if (!e.rejectedSchema()) {
                throw new FatalException(registry.settings().describe() + " refused to register schema '" + name
                        + "' (" + e.errorCode() + "): " + e.getMessage(), e);
            }
            throw new InvalidDataException("schema-registry", null, null, "schema '" + name + "' in "
                    + registry.settings().describe() + " rejected the " + (key ? "key" : "value") + " schema "
                    + schema.recordName() + " (" + e.errorCode() + "): " + e.getMessage(), e);
        }
        boolean protobuf = schema.text().type() == SchemaType.PROTOBUF;
        if (registry.settings().wireFormat() == GlueWireFormat.STANDARD) {
            int id = registry.standardId(version);
            return Framing.header(protobuf ? WireFraming.standardProtobufHeader(id, List.of(0)) : WireFraming.standardHeader(id));
        }
        GlueCompression compression = registry.settings().compression();
        byte[] header = ByteBuffer.allocate(18).put(WireFraming.GLUE_MAGIC).put(compression.headerByte())
                .putLong(version.getMostSignificantBits()).putLong(version.getLeastSignificantBits()).array();
        byte[] prefix = new byte[0];
        if (protobuf) {
            ByteArrayOutputStream index = new ByteArrayOutputStream(1);
            WireFraming.writeVarint(index, DERIVED_MESSAGE_GLUE_INDEX);
            prefix = index.toByteArray();
        }
        return new Framing(header, prefix, compression == GlueCompression.ZLIB);
    }

    @Override
    public Optional<SchemaText> latest(String topic, boolean key, String recordName) {
        return read(schemaName(topic, key), registry::latest);
    }

    @Override
    public List<SchemaText> versions(String topic, boolean key, String recordName) {
        return read(schemaName(topic, key), registry::versions);
    }

    private static String schemaName(String topic, boolean key) {
        return key ? GlueSchemaRegistry.keySchemaName(topic) : GlueSchemaRegistry.valueSchemaName(topic);
    }

    /** A read of schema {@code name}; Glue refusing it stops the pipeline (every event would meet the same). */
    private <T> T read(String name, Function<String, T> reading) {
        try {
            return reading.apply(name);
        } catch (GlueRegistryException e) {
            throw new FatalException(registry.settings().describe() + " refused to read schema '" + name + "' ("
                    + e.errorCode() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return registry.settings().describe();
    }

    @Override
    public void close() {
        registry.close();
    }
}
