package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.wire.WireFraming;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Registers derived schemas with a Confluent-model registry ({@code external}, {@code mock://}) and
 * frames payloads in the standard wire format. Which id is written follows Confluent's serializer
 * settings: a fixed {@code schema_id}, else {@code use_latest_version} (the subject's latest id),
 * else {@code auto_register} (register, or find, the derived schema), else look the derived schema up
 * (it must have been registered by someone else).
 *
 * <p>The payload is always written by the derived schema's compiled writer, so the id in front of it must name that
 * schema: under another schema's id (a version with another column, or the same columns in another order) a consumer
 * would decode the bytes with another layout — in Avro shifted values without an error, or a failure. Confluent's
 * serializer converts the record to the target schema instead; the writers here are compiled per derived schema, so
 * a {@code schema_id} or latest version that names another schema is refused (the record follows on_error).
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
    private final LogicalTypeWarnings logicalTypes;

    /**
     * @param client   the registry (usually a {@link CachingRegistryClient})
     * @param settings how ids are obtained
     */
    public ConfluentRegistrar(RegistryClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.logicalTypes = new LogicalTypeWarnings(client.describe());
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
        String subject = settings.subjectStrategy().subject(topic, key, schema.recordName());
        try {
            if (settings.fixedSchemaId().isPresent()) return fixedId(subject, key, schema);
            if (settings.useLatestVersion()) return latestId(subject, key, schema);
            if (settings.autoRegister()) {
                if (logicalTypes.wantsLatestBefore(subject, schema.text())) latestBefore(subject);
                int id = client.register(subject, schema.text(), settings.normalize());
                logicalTypes.registered(subject, "schema id " + id, schema.text());
                return id;
            }
            return client.lookup(subject, schema.text(), settings.normalize())
                    .orElseThrow(() -> new RegistryRequestException(404, 40403,
                            "the schema is not registered under subject '" + subject
                                    + "' and auto_register is false"))
                    .id();
        } catch (RegistryRequestException e) {
            // Every event would fail the same way: stop rather than dead-letter the whole stream.
            if (refused(e)) throw refusedAccess(e);
            if (e.forbiddenByMode()) throw forbiddenByMode(e, subject);
            throw new InvalidDataException("schema-registry", null, null, "subject '" + subject + "' on "
                    + client.describe() + " rejected the " + (key ? "key" : "value") + " schema "
                    + schema.recordName() + " (HTTP " + e.status() + "): " + e.getMessage()
                    + (e.status() == 409 ? INCOMPATIBLE_WAY_OUT : ""), e);
        }
    }

    /** Gives the logical-type warnings the subject's latest version, when it has one, before a first registration. */
    private void latestBefore(String subject) {
        try {
            RegisteredSchema latest = client.latest(subject);
            logicalTypes.latestBefore(subject, latest.schema(),
                    "version " + latest.version() + ", the subject's latest");
        } catch (RegistryRequestException e) {
            requireNotFound(e);
        }
    }

    /** {@code schema_id: N}: N, when it names the derived schema (the same text, or this version of the subject). */
    private int fixedId(String subject, boolean key, DerivedSchema schema) throws InvalidDataException {
        int id = settings.fixedSchemaId().getAsInt();
        SchemaText named;
        try {
            named = client.schemaById(id);
        } catch (RegistryRequestException e) {
            if (e.status() != 404) throw e;
            throw new InvalidDataException("schema-registry", null, null, "schema_id " + id + " names no schema in "
                    + client.describe() + ": set schema_id to the id of the derived " + (key ? "key" : "value")
                    + " schema " + schema.recordName() + ", or use auto_register");
        }
        if (named.equals(schema.text())) return id;
        Optional<RegisteredSchema> derived = client.lookup(subject, schema.text(), settings.normalize());
        if (derived.isPresent() && derived.get().id() == id) return id;
        throw notTheDerivedSchema(subject, key, schema, "schema_id " + id + " names another schema than",
                derived.map(d -> " (it is id " + d.id() + ", version " + d.version() + " of " + subject + ")")
                        .orElse(" (it is not registered under " + subject + ")"),
                "set schema_id to the id of the derived schema, or use auto_register");
    }

    /** {@code use_latest_version: true}: the subject's latest id, when the latest version is the derived schema. */
    private int latestId(String subject, boolean key, DerivedSchema schema) throws InvalidDataException {
        RegisteredSchema latest = client.latest(subject);
        if (latest.schema().equals(schema.text())) return latest.id();
        Optional<RegisteredSchema> derived = client.lookup(subject, schema.text(), settings.normalize());
        if (derived.isPresent() && derived.get().id() == latest.id()) return latest.id();
        String what = "the latest version of " + subject + " (version " + latest.version() + ", id " + latest.id()
                + ") is another schema than";
        if (derived.isPresent()) {
            // Registering it again would not make it the latest: a registry answers with the version it already is.
            throw notTheDerivedSchema(subject, key, schema, what, " (that is version " + derived.get().version()
                    + ", id " + derived.get().id() + ")", "set use_latest_version: false and auto_register: false to"
                    + " write the id of the version it is");
        }
        throw notTheDerivedSchema(subject, key, schema, what, " (that is not registered under " + subject + ")",
                "register it (`cdc-toolkit schema derive` prints it, `schema register` registers it), or set"
                        + " use_latest_version: false");
    }

    private InvalidDataException notTheDerivedSchema(String subject, boolean key, DerivedSchema schema, String what,
                                                      String where, String fix) {
        return new InvalidDataException("schema-registry", null, null, what + " the " + (key ? "key" : "value")
                + " schema " + schema.recordName() + " this table version derives to" + where + ": records written under"
                + " it would be decoded with another layout, so they are not written; " + fix);
    }

    @Override
    public Optional<SchemaText> latest(String topic, boolean key, String recordName) {
        String subject = settings.subjectStrategy().subject(topic, key, recordName);
        try {
            return Optional.of(client.latest(subject).schema());
        } catch (RegistryRequestException e) {
            requireNotFound(e);
            return Optional.empty();
        }
    }

    @Override
    public List<SchemaText> versions(String topic, boolean key, String recordName) {
        String subject = settings.subjectStrategy().subject(topic, key, recordName);
        try {
            List<Integer> versions = new ArrayList<>(client.versions(subject));
            Collections.reverse(versions);
            List<SchemaText> out = new ArrayList<>(versions.size());
            for (int version : versions) out.add(client.version(subject, version).schema());
            return out;
        } catch (RegistryRequestException e) {
            requireNotFound(e);
            return List.of();
        }
    }

    /** A 404 (no subject yet: nothing registered) is an answer; refused access stops; anything else is rethrown. */
    private void requireNotFound(RegistryRequestException e) {
        if (refused(e)) throw refusedAccess(e);
        if (e.status() != 404) throw e;
    }

    private static boolean refused(RegistryRequestException e) {
        return e.status() == 401 || e.status() == 403;
    }

    private FatalException refusedAccess(RegistryRequestException e) {
        return new FatalException("schema registry " + client.describe() + " refused access (HTTP " + e.status()
                + "): " + e.getMessage() + "; check schema_registry credentials", e);
    }

    /** The registry takes no registrations in its mode: every record needing one would be refused alike. */
    private FatalException forbiddenByMode(RegistryRequestException e, String subject) {
        return new FatalException("schema registry " + client.describe() + " takes no registration under subject '"
                + subject + "' in its mode (HTTP " + e.status() + ", error " + e.errorCode() + "): " + e.getMessage()
                + "; set the registry's or the subject's mode to READWRITE (PUT /mode or /mode/" + subject
                + " {\"mode\": \"READWRITE\"}), or register the schemas beforehand (cdc-toolkit schema register)"
                + " and set auto_register: false", e);
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
