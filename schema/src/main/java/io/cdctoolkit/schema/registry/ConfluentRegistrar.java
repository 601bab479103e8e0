package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.wire.WireFraming;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Registers derived schemas with a Confluent-model registry ({@code external}, {@code mock://}) and
 * frames payloads in the standard wire format. Which id is written follows Confluent's serializer
 * settings: a fixed {@code schema_id}, else {@code use_latest_version} (the subject's latest id),
 * else {@code auto_register} (register, or find, the derived schema), else look the derived schema up
 * (it must have been registered by someone else).
 */
public final class ConfluentRegistrar implements SchemaRegistrar {

    /**
     * What to do about a table version the subject's compatibility level refuses: the registry's answer names what
     * changed, not the ways on. The level is asked again after rejection_cache_ms, so a relaxed level needs no restart.
     */
    static final String INCOMPATIBLE_WAY_OUT = " (the subject's compatibility level refuses this table version: to"
            + " register it, relax the subject's level in the registry, which the next change of the table meets within"
            + " rejection_cache_ms; `cdc-toolkit schema check` shows such a verdict before a change reaches the pipeline)";

    /** What the encoder does to get an id. */
    public record Settings(SubjectStrategy subjectStrategy, boolean autoRegister, boolean useLatestVersion,
                           OptionalInt fixedSchemaId, boolean normalize) {
        public Settings {
            Objects.requireNonNull(subjectStrategy, "subjectStrategy");
            Objects.requireNonNull(fixedSchemaId, "fixedSchemaId");
        }

        /** Confluent's serializer defaults: topic subjects, auto-register. */
        public static Settings defaults() {
            return new Settings(SubjectStrategy.TOPIC, true, false, OptionalInt.empty(), false);
        }
    }

    private final RegistryClient client;
    private final Settings settings;

    /**
     * @param client   the registry (usually a {@link CachingRegistryClient})
     * @param settings how ids are obtained
     */
    public ConfluentRegistrar(RegistryClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public Framing framing(String topic, boolean key, DerivedSchema schema) throws InvalidDataException {
        int id = schemaId(topic, key, schema);
        byte[] header = schema.text().type() == SchemaType.PROTOBUF
                ? WireFraming.standardProtobufHeader(id, List.of(0))
                : WireFraming.standardHeader(id);
        return Framing.header(header);
    }

    private int schemaId(String topic, boolean key, DerivedSchema schema) throws InvalidDataException {
        if (settings.fixedSchemaId().isPresent()) return settings.fixedSchemaId().getAsInt();
        String subject = settings.subjectStrategy().subject(topic, key, schema.recordName());
        try {
            if (settings.useLatestVersion()) return client.latest(subject).id();
            if (settings.autoRegister()) return client.register(subject, schema.text(), settings.normalize());
            return client.lookup(subject, schema.text(), settings.normalize())
                    .orElseThrow(() -> new RegistryRequestException(404, 40403,
                            "the schema is not registered under subject '" + subject
                                    + "' and auto_register is false"))
                    .id();
        } catch (RegistryRequestException e) {
            if (e.status() == 401 || e.status() == 403) {
                // Every event would fail the same way: stop rather than dead-letter the whole stream.
                throw new FatalException("schema registry " + client.describe() + " refused access (HTTP "
                        + e.status() + "): " + e.getMessage() + "; check schema_registry credentials", e);
            }
            throw new InvalidDataException("schema-registry", null, null, "subject '" + subject + "' on "
                    + client.describe() + " rejected the " + (key ? "key" : "value") + " schema "
                    + schema.recordName() + " (HTTP " + e.status() + "): " + e.getMessage()
                    + (e.status() == 409 ? INCOMPATIBLE_WAY_OUT : ""), e);
        }
    }

    @Override
    public String describe() {
        return client.describe();
    }

    @Override
    public void close() {
        client.close();
    }
}
