package io.cdctoolkit.schema.glue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.registry.RegistryServerErrorException;
import io.cdctoolkit.schema.registry.RegistryThrottledException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Compatibility;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.CreateSchemaResponse;
import software.amazon.awssdk.services.glue.model.DataFormat;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetSchemaByDefinitionResponse;
import software.amazon.awssdk.services.glue.model.GetSchemaResponse;
import software.amazon.awssdk.services.glue.model.GetSchemaVersionResponse;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.MetadataKeyValuePair;
import software.amazon.awssdk.services.glue.model.QuerySchemaVersionMetadataResponse;
import software.amazon.awssdk.services.glue.model.RegisterSchemaVersionResponse;
import software.amazon.awssdk.services.glue.model.RegistryId;
import software.amazon.awssdk.services.glue.model.SchemaId;
import software.amazon.awssdk.services.glue.model.SchemaListItem;
import software.amazon.awssdk.services.glue.model.SchemaVersionStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The AWS Glue Schema Registry, spoken the way AWS's own serializer speaks it, so that schemas and
 * versions look exactly as if AWS's serde had registered them:
 * <ol>
 *   <li>{@code GetSchemaByDefinition}: the version that already holds this definition;</li>
 *   <li>on "Schema is not found." {@code CreateSchema} (data format, the configured compatibility);
 *       on "Schema version is not found." {@code RegisterSchemaVersion};</li>
 *   <li>while the version is {@code PENDING} (Glue's compatibility check runs asynchronously), poll
 *       {@code GetSchemaVersion}, bounded, with backoff; {@code FAILURE} means rejected;</li>
 *   <li>{@code wire_format: standard} only: {@code PutSchemaVersionMetadata}
 *       {@value #SCHEMA_ID_METADATA_KEY} = derived id (idempotent).</li>
 * </ol>
 * Consumers resolve a version UUID with {@code GetSchemaVersion}. Results are cached (Caffeine,
 * bounded): in steady state neither side makes a call per record.
 *
 * <p>Errors: throttling, 5xx and I/O failures (after the SDK's own retries) are
 * {@link RetryableException} — the pipeline waits and tries again; everything Glue refuses is a
 * {@link GlueRegistryException} with Glue's code and message ({@link GlueRegistryException#rejectedSchema()}
 * for an incompatible or invalid schema). Credentials never appear in messages.
 *
 * <p>Thread-safe. Two threads registering the same schema at once may both ask Glue; Glue's calls are
 * idempotent for one definition, so both get the same version.
 */
public final class GlueSchemaRegistry implements AutoCloseable {

    /** Version-metadata key under which {@code wire_format: standard} records the derived schema id. */
    public static final String SCHEMA_ID_METADATA_KEY = "cdc-toolkit.schema-id";

    // Glue's EntityNotFoundException messages, which AWS's serializer also branches on.
    private static final String SCHEMA_NOT_FOUND = "Schema is not found.";
    private static final String SCHEMA_VERSION_NOT_FOUND = "Schema version is not found.";

    private static final int CACHE_SIZE = 10_000;
    private static final Duration REJECTION_TTL = Duration.ofMinutes(1);

    private final GlueClient glue;
    private final boolean ownsClient;
    private final GlueSettings settings;
    private final PendingPoll poll;
    private final RegistryId registryId;
    private final Cache<Registration, UUID> registered =
            Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
    /**
     * Recent rejections, so that every event of a table whose schema Glue refused does not ask Glue
     * again; expires so that a schema whose compatibility level was relaxed is retried.
     */
    private final Cache<Registration, GlueRegistryException> rejections =
            Caffeine.newBuilder().maximumSize(1_000).expireAfterWrite(REJECTION_TTL).build();
    private final Cache<UUID, SchemaText> versions =
            Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
    /** Derived standard id → version, for collision detection and {@link #schemaById}. */
    private final ConcurrentMap<Integer, UUID> standardIds = new ConcurrentHashMap<>();
    /** Versions whose standard-id metadata this instance has written or confirmed. */
    private final Set<UUID> idMetadataRecorded = ConcurrentHashMap.newKeySet();

    /** A registry with its own {@link GlueClient} (closed by {@link #close()}). */
    public GlueSchemaRegistry(GlueSettings settings) {
        this(GlueClients.create(settings), true, settings, PendingPoll.DEFAULT);
    }

    /** A registry over a client the caller owns (and closes). */
    public GlueSchemaRegistry(GlueClient glue, GlueSettings settings) {
        this(glue, false, settings, PendingPoll.DEFAULT);
    }

    GlueSchemaRegistry(GlueClient glue, boolean ownsClient, GlueSettings settings, PendingPoll poll) {
        this.glue = Objects.requireNonNull(glue, "glue");
        this.ownsClient = ownsClient;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.registryId = RegistryId.builder().registryName(settings.registryName()).build();
    }

    /** The Glue schema name of a topic's values: the topic name. */
    public static String valueSchemaName(String topic) {
        return topic;
    }

    /**
     * The Glue schema name of a topic's keys: {@code <topic>-key}. (AWS's default strategy names both
     * after the topic, which would make keys and values versions of one schema.)
     */
    public static String keySchemaName(String topic) {
        return topic + "-key";
    }

    public GlueSettings settings() {
        return settings;
    }

    /**
     * The version id of {@code schema} under {@code schemaName}, creating the schema or registering a
     * new version when Glue does not hold this definition yet. With {@code wire_format: standard} the
     * derived id is also recorded as version metadata. A rejection is remembered for a minute: asking
     * again within it gives the same error without calling Glue.
     *
     * @throws GlueRegistryException when Glue rejects the schema or refuses the request
     * @throws RetryableException    when Glue cannot be reached, throttles, fails (5xx), or the
     *                               compatibility check is still pending after the polling bound
     */
    public UUID register(String schemaName, SchemaText schema) {
        Registration key = new Registration(schemaName, schema);
        UUID version = registered.getIfPresent(key);
        if (version != null) return version;
        GlueRegistryException rejected = rejections.getIfPresent(key);
        if (rejected != null) {
            throw new GlueRegistryException(rejected.errorCode(), rejected.getMessage(), true, rejected);
        }
        try {
            version = findOrRegister(schemaName, schema);
        } catch (GlueRegistryException e) {
            if (e.rejectedSchema()) rejections.put(key, e);
            throw e;
        }
        if (settings.wireFormat() == GlueWireFormat.STANDARD) recordStandardId(version);
        registered.put(key, version);
        return version;
    }

    /**
     * The latest version of {@code schemaName} that Glue took ({@link #versions}), when Glue has the schema (not cached:
     * a new version may be registered at any time; callers ask once per table version).
     *
     * @throws GlueRegistryException when Glue refuses the request
     * @throws RetryableException    when Glue cannot be reached
     */
    public Optional<SchemaText> latest(String schemaName) {
        return availableVersions(schemaName, 1, "reading the latest version of schema " + schemaName).stream()
                .findFirst().map(GlueVersion::schema);
    }

    /**
     * Every version of {@code schemaName} Glue took, newest first; empty when Glue has no such schema. Read by version
     * number from the latest down ({@code GetSchemaVersion}), which every Glue API has ({@code ListSchemaVersions} is
     * missing from moto, the emulator the tests run against). Left out: a deleted version, and one that is not
     * {@code AVAILABLE} — a definition Glue found incompatible keeps its version number with status {@code FAILURE}
     * (and one still checked is {@code PENDING}), yet it is no version a record is written with, nor one Glue checks
     * the next against.
     *
     * @throws GlueRegistryException when Glue refuses the request
     * @throws RetryableException    when Glue cannot be reached
     */
    public List<SchemaText> versions(String schemaName) {
        return availableVersions(schemaName, Integer.MAX_VALUE, "reading the versions of schema " + schemaName).stream()
                .map(GlueVersion::schema).toList();
    }

    /**
     * Version {@code number} of {@code schemaName} whatever its status, or with {@code number} null its latest
     * {@code AVAILABLE} one (as {@link #latest}); empty when Glue has no such schema or version.
     *
     * @throws GlueRegistryException when Glue refuses the request
     * @throws RetryableException    when Glue cannot be reached
     */
    public Optional<GlueVersion> version(String schemaName, Long number) {
        String action = "reading version " + (number == null ? "latest" : number) + " of schema " + schemaName;
        if (number == null) return availableVersions(schemaName, 1, action).stream().findFirst();
        try {
            return Optional.of(glueVersion(schemaName, number, glue.getSchemaVersion(b -> b
                    .schemaId(schemaId(schemaName)).schemaVersionNumber(n -> n.versionNumber(number)))));
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw translate(e, action);
        }
    }

    /**
     * The version whose id is {@code id} (the UUID Glue's wire format carries), in any schema of any registry the
     * credentials may read; empty when Glue has none.
     *
     * @throws GlueRegistryException when Glue refuses the request
     * @throws RetryableException    when Glue cannot be reached
     */
    public Optional<GlueVersion> version(UUID id) {
        GetSchemaVersionResponse response;
        try {
            response = glue.getSchemaVersion(b -> b.schemaVersionId(id.toString()));
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw translate(e, "reading schema version " + id);
        }
        // The answer names the schema only in its ARN: arn:aws:glue:<region>:<account>:schema/<registry>/<schema>.
        String arn = String.valueOf(response.schemaArn());
        return Optional.of(glueVersion(arn.substring(arn.lastIndexOf('/') + 1), 0, response));
    }

    /**
     * The names of the registry's schemas ({@code ListSchemas}, every page), as Glue lists them.
     *
     * @throws GlueRegistryException when Glue refuses the request
     * @throws RetryableException    when Glue cannot be reached
     */
    public List<String> schemaNames() {
        try {
            List<String> names = new ArrayList<>();
            for (SchemaListItem schema : glue.listSchemasPaginator(b -> b.registryId(registryId)).schemas()) {
                names.add(schema.schemaName());
            }
            return names;
        } catch (SdkException e) {
            throw translate(e, "listing the schemas of the registry");
        }
    }

    /**
     * A version of a Glue schema.
     *
     * @param schemaName the schema's name
     * @param number     its version number
     * @param id         its version id, the UUID Glue's wire format carries (null when Glue's answer has none)
     * @param schema     its definition (null when Glue's answer has none)
     * @param status     as Glue reports it: AVAILABLE; PENDING while Glue checks it; FAILURE when Glue found it
     *                   incompatible (it keeps its number, and no record is written with it); DELETING
     */
    public record GlueVersion(String schemaName, long number, UUID id, SchemaText schema, String status) {
    }

    /** {@code number}: the version number asked for, where the answer lacks it (0: none asked for). */
    private static GlueVersion glueVersion(String schemaName, long number, GetSchemaVersionResponse response) {
        SchemaText schema = response.schemaDefinition() == null ? null
                : new SchemaText(SchemaType.fromRegistryName(response.dataFormatAsString()), response.schemaDefinition());
        return new GlueVersion(schemaName, response.versionNumber() == null ? number : response.versionNumber(),
                response.schemaVersionId() == null ? null : UUID.fromString(response.schemaVersionId()), schema,
                response.statusAsString());
    }

    private List<GlueVersion> availableVersions(String schemaName, int most, String action) {
        List<GlueVersion> out = new ArrayList<>();
        try {
            GetSchemaVersionResponse latest = glue.getSchemaVersion(b -> b.schemaId(schemaId(schemaName))
                    .schemaVersionNumber(n -> n.latestVersion(true)));
            long top = latest.versionNumber() == null ? 1 : latest.versionNumber();
            for (long number = top; number >= 1 && out.size() < most; number--) {
                long wanted = number;
                GetSchemaVersionResponse version;
                try {
                    version = number == top ? latest : glue.getSchemaVersion(b -> b
                            .schemaId(schemaId(schemaName)).schemaVersionNumber(n -> n.versionNumber(wanted)));
                } catch (EntityNotFoundException deleted) {
                    continue;
                }
                boolean available = version.status() == null || version.status() == SchemaVersionStatus.AVAILABLE;
                if (available && version.schemaDefinition() != null) out.add(glueVersion(schemaName, number, version));
            }
        } catch (EntityNotFoundException e) {
            return List.of();
        } catch (SdkException e) {
            throw translate(e, action);
        }
        return out;
    }

    /**
     * Whether the registry exists ({@code GetRegistry}): Glue answers a schema of a missing registry as a missing
     * schema, which a reader would take for a schema not created yet.
     *
     * @throws GlueRegistryException when Glue refuses the request
     * @throws RetryableException    when Glue cannot be reached
     */
    public boolean registryExists() {
        try {
            glue.getRegistry(b -> b.registryId(registryId));
            return true;
        } catch (EntityNotFoundException e) {
            return false;
        } catch (SdkException e) {
            throw translate(e, "reading the registry");
        }
    }

    /**
     * The schema {@code schemaName} as Glue holds it: its data format and compatibility setting; empty when Glue has no
     * such schema.
     *
     * @throws GlueRegistryException when Glue refuses the request
     * @throws RetryableException    when Glue cannot be reached
     */
    public Optional<GlueSchema> schema(String schemaName) {
        GetSchemaResponse response;
        try {
            response = glue.getSchema(b -> b.schemaId(schemaId(schemaName)));
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw translate(e, "reading schema " + schemaName);
        }
        return Optional.of(new GlueSchema(schemaName, SchemaType.fromRegistryName(response.dataFormatAsString()),
                response.compatibilityAsString()));
    }

    /**
     * Whether {@code schema} is already a version of {@code schemaName} ({@code GetSchemaByDefinition}, Glue's own
     * comparison) that is available: registering it would add no version. A version Glue found incompatible when it
     * was registered stays as one with status FAILURE, which does not count.
     *
     * @throws GlueRegistryException when Glue refuses the request
     * @throws RetryableException    when Glue cannot be reached
     */
    public boolean holds(String schemaName, SchemaText schema) {
        try {
            GetSchemaByDefinitionResponse found = glue.getSchemaByDefinition(b -> b.schemaId(schemaId(schemaName))
                    .schemaDefinition(schema.text()));
            return found.status() == null || found.status() == SchemaVersionStatus.AVAILABLE;
        } catch (EntityNotFoundException e) {
            return false;
        } catch (SdkException e) {
            throw translate(e, "looking up a definition of schema " + schemaName);
        }
    }

    /**
     * A schema in Glue.
     *
     * @param name          its name
     * @param format        its data format (fixed once created)
     * @param compatibility its compatibility setting as Glue names it: NONE, DISABLED, BACKWARD, BACKWARD_ALL, FORWARD,
     *                      FORWARD_ALL, FULL or FULL_ALL
     */
    public record GlueSchema(String name, SchemaType format, String compatibility) {
    }

    /**
     * The schema of a version (consumers: the UUID in a Glue header), cached.
     *
     * @throws GlueRegistryException when Glue has no such version
     * @throws RetryableException    when Glue cannot be reached
     */
    public SchemaText schemaByVersionId(UUID schemaVersion) {
        SchemaText cached = versions.getIfPresent(schemaVersion);
        if (cached != null) return cached;
        SchemaText schema = fetchVersion(schemaVersion);
        versions.put(schemaVersion, schema);
        return schema;
    }

    /**
     * The {@code wire_format: standard} id of a version ({@link StandardIds}), checked against every
     * other version this instance has mapped: two versions with one id are an error rather than a
     * record decoded with the wrong schema.
     *
     * @throws GlueRegistryException ({@code StandardIdCollision}) when another version has the same id
     */
    public int standardId(UUID schemaVersion) {
        int id = StandardIds.of(schemaVersion);
        UUID previous = standardIds.putIfAbsent(id, schemaVersion);
        if (previous != null && !previous.equals(schemaVersion)) throw collision(id, previous, schemaVersion);
        return id;
    }

    /**
     * The schema behind a {@code wire_format: standard} id. Ids this instance derived itself resolve
     * from memory; others are looked up in the registry by the version metadata
     * {@value #SCHEMA_ID_METADATA_KEY}: {@code ListSchemas}, then {@code QuerySchemaVersionMetadata}
     * per schema (once per unknown id, then cached). A candidate counts only if its UUID derives the id.
     *
     * @throws GlueRegistryException when no version carries the id, or two do
     * @throws RetryableException    when Glue cannot be reached
     */
    public SchemaText schemaById(int id) {
        return schemaByVersionId(versionIdOf(id));
    }

    /**
     * The version behind a {@code wire_format: standard} id, found as {@link #schemaById} finds it.
     *
     * @throws GlueRegistryException when no version carries the id ({@code EntityNotFoundException}), or two do
     * @throws RetryableException    when Glue cannot be reached
     */
    public UUID versionIdOf(int id) {
        UUID version = standardIds.get(id);
        if (version == null) {
            version = findVersionByStandardId(id);
            UUID previous = standardIds.putIfAbsent(id, version);
            if (previous != null && !previous.equals(version)) throw collision(id, previous, version);
        }
        return version;
    }

    @Override
    public void close() {
        if (ownsClient) glue.close();
    }

    // ---- write path ----

    private UUID findOrRegister(String schemaName, SchemaText schema) {
        GetSchemaByDefinitionResponse found;
        try {
            found = glue.getSchemaByDefinition(b -> b.schemaId(schemaId(schemaName)).schemaDefinition(schema.text()));
        } catch (EntityNotFoundException e) {
            String message = glueMessage(e);
            if (message.contains(SCHEMA_VERSION_NOT_FOUND)) return registerVersion(schemaName, schema);
            if (message.contains(SCHEMA_NOT_FOUND)) return createSchema(schemaName, schema);
            throw refused(e, "looking up schema '" + schemaName + "'");
        } catch (SdkException e) {
            throw translate(e, "looking up schema '" + schemaName + "'");
        }
        return awaitAvailable(schemaName, UUID.fromString(found.schemaVersionId()), found.status());
    }

    private UUID createSchema(String schemaName, SchemaText schema) {
        CreateSchemaResponse created;
        try {
            created = glue.createSchema(b -> b.registryId(registryId)
                    .schemaName(schemaName)
                    .dataFormat(dataFormat(schema.type()))
                    .compatibility(compatibility(settings.compatibility()))
                    .schemaDefinition(schema.text()));
        } catch (AlreadyExistsException e) {
            // Another producer created it first (AWS's serializer handles the race the same way). moto
            // also lands here: its GetSchemaByDefinition says "Schema is not found." for a new
            // definition of an existing schema.
            return registerVersion(schemaName, schema);
        } catch (InvalidInputException e) {
            throw rejected(e, schemaName);
        } catch (SdkException e) {
            throw translate(e, "creating schema '" + schemaName + "'");
        }
        return awaitAvailable(schemaName, UUID.fromString(created.schemaVersionId()), created.schemaVersionStatus());
    }

    private UUID registerVersion(String schemaName, SchemaText schema) {
        RegisterSchemaVersionResponse response;
        try {
            response = glue.registerSchemaVersion(b -> b.schemaId(schemaId(schemaName)).schemaDefinition(schema.text()));
        } catch (InvalidInputException e) {
            // Glue's synchronous rejection: invalid definition, data format mismatch, or incompatible.
            throw rejected(e, schemaName);
        } catch (SdkException e) {
            throw translate(e, "registering a version of schema '" + schemaName + "'");
        }
        return awaitAvailable(schemaName, UUID.fromString(response.schemaVersionId()), response.status());
    }

    /** Waits out Glue's asynchronous compatibility check (PENDING), bounded, with exponential backoff. */
    private UUID awaitAvailable(String schemaName, UUID version, SchemaVersionStatus initial) {
        SchemaVersionStatus status = initial;
        Duration delay = poll.firstDelay();
        for (int checks = 0; status == SchemaVersionStatus.PENDING; checks++) {
            if (checks >= poll.maxChecks()) {
                throw new RetryableException(settings.describe() + ": version " + version + " of schema '"
                        + schemaName + "' is still PENDING (compatibility check) after " + checks
                        + " checks; will ask again", null);
            }
            poll.sleeper().sleep(delay);
            delay = delay.multipliedBy(2).compareTo(poll.maxDelay()) > 0 ? poll.maxDelay() : delay.multipliedBy(2);
            try {
                status = glue.getSchemaVersion(b -> b.schemaVersionId(version.toString())).status();
            } catch (SdkException e) {
                throw translate(e, "checking version " + version + " of schema '" + schemaName + "'");
            }
        }
        if (status == SchemaVersionStatus.AVAILABLE) return version;
        if (status == SchemaVersionStatus.FAILURE) {
            // GetSchemaVersion carries no reason for FAILURE: say what Glue checked against.
            throw new GlueRegistryException("FAILURE", settings.describe() + ": Glue rejected the new version "
                    + version + " of schema '" + schemaName + "' (status FAILURE): it is not compatible with the"
                    + " schema's earlier versions under its compatibility setting " + schemaCompatibility(schemaName),
                    true, null);
        }
        throw new GlueRegistryException(String.valueOf(status), settings.describe() + ": version " + version
                + " of schema '" + schemaName + "' is " + status + ", not AVAILABLE", false, null);
    }

    private String schemaCompatibility(String schemaName) {
        try {
            return glue.getSchema(b -> b.schemaId(schemaId(schemaName))).compatibilityAsString();
        } catch (SdkException e) {
            return "(unknown: " + e.getClass().getSimpleName() + ")";
        }
    }

    private void recordStandardId(UUID version) {
        int id = standardId(version);
        if (idMetadataRecorded.contains(version)) return;
        try {
            glue.putSchemaVersionMetadata(b -> b.schemaVersionId(version.toString())
                    .metadataKeyValue(MetadataKeyValuePair.builder()
                            .metadataKey(SCHEMA_ID_METADATA_KEY).metadataValue(Integer.toString(id)).build()));
        } catch (AlreadyExistsException alreadyRecorded) {
            // idempotent: the value is a function of the version id, so an existing entry is this one
        } catch (SdkException e) {
            throw translate(e, "recording " + SCHEMA_ID_METADATA_KEY + " on version " + version);
        }
        idMetadataRecorded.add(version);
    }

    // ---- read path ----

    private SchemaText fetchVersion(UUID version) {
        GetSchemaVersionResponse response;
        try {
            response = glue.getSchemaVersion(b -> b.schemaVersionId(version.toString()));
        } catch (SdkException e) {
            throw translate(e, "reading schema version " + version);
        }
        if (response.schemaDefinition() == null) {
            throw new GlueRegistryException(String.valueOf(response.status()), settings.describe()
                    + ": schema version " + version + " has no definition (status " + response.status() + ")",
                    false, null);
        }
        return new SchemaText(SchemaType.fromRegistryName(response.dataFormatAsString()), response.schemaDefinition());
    }

    private UUID findVersionByStandardId(int id) {
        MetadataKeyValuePair wanted = MetadataKeyValuePair.builder()
                .metadataKey(SCHEMA_ID_METADATA_KEY).metadataValue(Integer.toString(id)).build();
        Set<UUID> candidates = new TreeSet<>();
        try {
            for (SchemaListItem schema : glue.listSchemasPaginator(b -> b.registryId(registryId)).schemas()) {
                QuerySchemaVersionMetadataResponse answer;
                try {
                    answer = glue.querySchemaVersionMetadata(b -> b.schemaId(schemaId(schema.schemaName()))
                            .metadataList(wanted));
                } catch (EntityNotFoundException noMatch) {
                    continue;
                }
                if (answer.schemaVersionId() == null || !answer.hasMetadataInfoMap()
                        || !answer.metadataInfoMap().containsKey(SCHEMA_ID_METADATA_KEY)) continue;
                UUID candidate = UUID.fromString(answer.schemaVersionId());
                // Metadata is only a hint: the id must derive from the version itself.
                if (StandardIds.of(candidate) == id) candidates.add(candidate);
            }
        } catch (SdkException e) {
            throw translate(e, "looking up schema id " + id + " (" + SCHEMA_ID_METADATA_KEY + ")");
        }
        if (candidates.isEmpty()) {
            throw new GlueRegistryException("EntityNotFoundException", settings.describe()
                    + ": no schema version carries " + SCHEMA_ID_METADATA_KEY + "=" + id, false, null);
        }
        if (candidates.size() > 1) {
            var it = candidates.iterator();
            throw collision(id, it.next(), it.next());
        }
        return candidates.iterator().next();
    }

    // ---- helpers ----

    private SchemaId schemaId(String schemaName) {
        return SchemaId.builder().registryName(settings.registryName()).schemaName(schemaName).build();
    }

    private static DataFormat dataFormat(SchemaType type) {
        return switch (type) {
            case AVRO -> DataFormat.AVRO;
            case PROTOBUF -> DataFormat.PROTOBUF;
            case JSON_SCHEMA -> DataFormat.JSON;
        };
    }

    /** Glue names the transitive levels {@code *_ALL}. */
    static Compatibility compatibility(CompatibilityLevel level) {
        return switch (level) {
            case NONE -> Compatibility.NONE;
            case BACKWARD -> Compatibility.BACKWARD;
            case BACKWARD_TRANSITIVE -> Compatibility.BACKWARD_ALL;
            case FORWARD -> Compatibility.FORWARD;
            case FORWARD_TRANSITIVE -> Compatibility.FORWARD_ALL;
            case FULL -> Compatibility.FULL;
            case FULL_TRANSITIVE -> Compatibility.FULL_ALL;
        };
    }

    private GlueRegistryException collision(int id, UUID a, UUID b) {
        return new GlueRegistryException("StandardIdCollision", settings.describe() + ": schema versions " + a
                + " and " + b + " both derive standard schema id " + id + "; use wire_format: glue for this registry",
                false, null);
    }

    private GlueRegistryException rejected(AwsServiceException e, String schemaName) {
        return new GlueRegistryException(errorCode(e), settings.describe() + ": Glue rejected the schema for '"
                + schemaName + "': " + glueMessage(e), true, e);
    }

    private GlueRegistryException refused(AwsServiceException e, String action) {
        return new GlueRegistryException(errorCode(e), settings.describe() + ": " + action + ": " + errorCode(e)
                + ": " + glueMessage(e), false, e);
    }

    /**
     * Throttling, 5xx and transport failures are worth another try; the rest is Glue's refusal. A 5xx that is Glue's
     * own failure (InternalServiceException's 500; not a 502, 503 or 504 of what is in front of it), still there after
     * the AWS SDK's retries, is a {@link RegistryServerErrorException}: a command then says Glue failed on the request,
     * not that it cannot be reached; throttling is a {@link RegistryThrottledException}, said as Glue's limit; a
     * ConcurrentModificationException (another client registering at the same moment) is worth another try too.
     */
    private RuntimeException translate(SdkException e, String action) {
        if (e instanceof AwsServiceException service) {
            if (isGluesOwnFailure(service)) {
                return new RegistryServerErrorException(service.statusCode(), ownFailure(settings, service, action), e);
            }
            if (service.isThrottlingException()) {
                return new RegistryThrottledException(throttled(settings, service, action), e);
            }
            if (service instanceof ConcurrentModificationException) {
                // Another client registering a version of the same schema at that moment (two pipelines after one
                // ALTER TABLE): the next try finds its version, or registers ours after it.
                return new RetryableException(settings.describe() + ": " + action + ": " + errorCode(service) + ": "
                        + glueMessage(service) + " (another client changed the schema at the same time; tried again)",
                        e);
            }
            if (service.statusCode() >= 500) {
                return new RetryableException(settings.describe() + ": " + action + ": " + errorCode(service)
                        + " (HTTP " + service.statusCode() + "): " + glueMessage(service), e);
            }
            return refused(service, action);
        }
        return new RetryableException(settings.describe() + ": " + action + ": " + e.getMessage(), e);
    }

    /** What Glue's own failure, still there after the AWS SDK's retries, says: reachable, and failed on the request. */
    static String ownFailure(GlueSettings settings, AwsServiceException e, String action) {
        return settings.describe() + ": " + action + ": " + errorCode(e) + " (HTTP " + e.statusCode()
                + ") after the AWS SDK's retries: " + glueMessage(e)
                + " (Glue is reachable and failed on this request)";
    }

    /** What throttling, still there after the AWS SDK's retries, says: Glue limits the account's request rate. */
    static String throttled(GlueSettings settings, AwsServiceException e, String action) {
        return settings.describe() + ": " + action + ": " + errorCode(e) + " (HTTP " + e.statusCode()
                + ") after the AWS SDK's retries: " + glueMessage(e) + " (Glue limits this account's request rate in "
                + settings.region() + ")";
    }

    /** Glue's own failure (InternalServiceException's 500): a 5xx not of what is in front of it, and no throttling. */
    static boolean isGluesOwnFailure(AwsServiceException e) {
        return !e.isThrottlingException() && RegistryServerErrorException.isTheRegistrysOwnFailure(e.statusCode());
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
    }

    private static String glueMessage(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message != null ? message : String.valueOf(e.getMessage());
    }

    private record Registration(String schemaName, SchemaText schema) {
    }

    /** Waits between checks of a PENDING version (a seam for tests). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration);

        Sleeper THREAD = duration -> {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetryableException("interrupted while waiting for Glue's compatibility check", e);
            }
        };
    }

    /**
     * Bounds of the PENDING poll: at most {@code maxChecks} {@code GetSchemaVersion} calls, waiting
     * {@code firstDelay}, doubling up to {@code maxDelay} (about 25 s in all by default; AWS's
     * serializer waits 3 s, then checks up to 10 times).
     */
    record PendingPoll(int maxChecks, Duration firstDelay, Duration maxDelay, Sleeper sleeper) {
        static final PendingPoll DEFAULT = new PendingPoll(10, Duration.ofMillis(500), Duration.ofSeconds(3), Sleeper.THREAD);
    }
}
