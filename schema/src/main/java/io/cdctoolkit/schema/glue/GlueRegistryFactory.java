package io.cdctoolkit.schema.glue;

import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.engine.spi.RegistryFactory;
import io.cdctoolkit.engine.spi.RegistryInspector;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.decode.SchemaLookup;
import io.cdctoolkit.schema.decode.SchemaLookupProvider;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.SchemaFormats;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.registry.RegistrarProvider;
import io.cdctoolkit.schema.registry.RegistryEncoder;
import io.cdctoolkit.schema.registry.SchemaRegistrar;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GetRegistryResponse;
import software.amazon.awssdk.services.glue.model.RegistryStatus;
import software.amazon.awssdk.services.glue.model.RegistryId;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code schema_registry.mode: glue}: AWS Glue Schema Registry through the AWS SDK v2, Avro, Protobuf
 * or JSON Schema, in Glue's framing (read by AWS's {@code GlueSchemaRegistryKafkaDeserializer}) or,
 * opt-in, the standard framing with derived ids (read only by cdc-toolkit).
 */
public final class GlueRegistryFactory implements RegistryFactory, RegistryInspector, SchemaLookupProvider,
        RegistrarProvider {

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.REGISTRY, "glue",
            "AWS Glue Schema Registry: schemas <topic> (values) and <topic>-key (keys), records in Glue's framing "
                    + "(0x03, compression, schema version UUID)",
            List.of(
                    OptionSpec.oneOf("format", "avro", "protobuf", "json_schema").defaultValue("avro")
                            .doc("Payload format, written next to mode").build(),
                    OptionSpec.string("region").required().notBlank().doc("AWS region, e.g. eu-west-1").example("eu-west-1").build(),
                    OptionSpec.string("endpoint").doc("Endpoint override (e.g. a VPC endpoint or a local emulator)").build(),
                    OptionSpec.string("registry_name").defaultValue(GlueSettings.DEFAULT_REGISTRY)
                            .doc("The Glue registry; it must exist").build(),
                    OptionSpec.string("access_key_id").doc("Static access key id; default: the AWS default "
                            + "credentials chain (environment, profile, instance role)").build(),
                    OptionSpec.string("secret_access_key").secret().doc("Static secret access key").build(),
                    OptionSpec.string("session_token").secret().doc("Session token of temporary credentials").build(),
                    OptionSpec.oneOf("compatibility", "none", "backward", "backward_transitive", "forward",
                            "forward_transitive", "full", "full_transitive").defaultValue("backward")
                            .doc("Compatibility of schemas this creates (existing schemas keep theirs)").build(),
                    OptionSpec.oneOf("compression", "none", "zlib").defaultValue("none")
                            .doc("Payload compression in Glue framing").build(),
                    OptionSpec.oneOf("wire_format", "glue", "standard").defaultValue("glue")
                            .doc("glue: AWS's framing; standard: 0x00 + a 31-bit id derived from SHA-256 of the version "
                                    + "UUID, readable only by cdc-toolkit's decoder").build(),
                    OptionSpec.bool("validate").defaultValue(true)
                            .doc("json_schema format: validate each payload against its schema before sending").build()));

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (options.has("access_key_id") != options.has("secret_access_key")) {
            problems.add(new ConfigProblem(options.keyPath() + "." + (options.has("access_key_id") ? "secret_access_key" : "access_key_id"),
                    "static credentials need both access_key_id and secret_access_key",
                    "set both, or neither to use the default credentials chain"));
        }
        if (options.has("endpoint")) {
            try {
                URI endpoint = URI.create(options.string("endpoint"));
                if (endpoint.getScheme() == null || endpoint.getHost() == null) throw new IllegalArgumentException("not absolute");
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(options.keyPath() + ".endpoint", "not an absolute URL",
                        "give a URL such as https://glue.eu-west-1.amazonaws.com"));
            }
        }
        return problems;
    }

    /** The Glue settings the options describe. */
    public static GlueSettings settings(Options options) {
        GlueCredentials credentials = options.has("access_key_id")
                ? new GlueCredentials.StaticKeys(options.string("access_key_id"), options.string("secret_access_key"),
                        options.optionalString("session_token").orElse(null))
                : GlueCredentials.defaultChain();
        return new GlueSettings(options.string("region"),
                options.optionalString("endpoint").map(URI::create).orElse(null),
                options.string("registry_name"), credentials,
                CompatibilityLevel.parse(options.string("compatibility")),
                GlueCompression.parse(options.string("compression")),
                GlueWireFormat.parse(options.string("wire_format")));
    }

    @Override
    public Encoder create(Options options, ComponentContext context) {
        SchemaType type = SchemaType.fromFormatName(options.string("format"));
        return new RegistryEncoder(SchemaFormats.forType(type, options.bool("validate")),
                new GlueRegistrar(new GlueSchemaRegistry(settings(options))));
    }

    @Override
    public SchemaRegistrar openRegistrar(Options options, java.nio.file.Path stateDir) {
        return new GlueRegistrar(new GlueSchemaRegistry(settings(options)));
    }

    /** Writer schemas by Glue version UUID, and by the derived ids of {@code wire_format: standard}. */
    @Override
    public SchemaLookup openLookup(Options options) {
        GlueSchemaRegistry registry = new GlueSchemaRegistry(settings(options));
        return new SchemaLookup() {
            @Override
            public SchemaText byId(int id) {
                return registry.schemaById(id);
            }

            @Override
            public SchemaText byGlueVersion(java.util.UUID versionId) {
                return registry.schemaByVersionId(versionId);
            }

            @Override
            public void close() {
                registry.close();
            }
        };
    }

    /** AVAILABLE, or no status (an emulator may give none): usable; DELETING: about to be gone. */
    private static PrerequisiteCheck registryStatus(GlueSettings settings, RegistryStatus status) {
        if (status == RegistryStatus.DELETING) {
            return PrerequisiteCheck.fail("registry", settings.describe() + " is being deleted (status DELETING)",
                    "create a registry of another name and set schema_registry.glue.registry_name");
        }
        return PrerequisiteCheck.pass("registry", settings.describe() + " exists"
                + (status == null || status == RegistryStatus.UNKNOWN_TO_SDK_VERSION ? "" : " (status " + status + ")"));
    }

    @Override
    public PrerequisiteReport check(Options options, ComponentContext context) throws ConnectivityException {
        GlueSettings settings = settings(options);
        try (GlueClient glue = GlueClients.create(settings)) {
            GetRegistryResponse registry = glue.getRegistry(r -> r.registryId(RegistryId.builder()
                    .registryName(settings.registryName()).build()));
            return new PrerequisiteReport("glue schema registry", List.of(registryStatus(settings, registry.status())));
        } catch (software.amazon.awssdk.services.glue.model.EntityNotFoundException e) {
            return new PrerequisiteReport("glue schema registry", List.of(PrerequisiteCheck.fail("registry",
                    settings.describe() + " does not exist", "create it (aws glue create-registry --registry-name "
                            + settings.registryName() + ") or set schema_registry.glue.registry_name")));
        } catch (software.amazon.awssdk.services.glue.model.GlueException e) {
            if (GlueSchemaRegistry.isGluesOwnFailure(e)) {
                // Glue's own failure (InternalServiceException) after the SDK's retries: it answered, so neither
                // unreachable nor a refusal that credentials would explain.
                return new PrerequisiteReport("glue schema registry", List.of(PrerequisiteCheck.fail("answers",
                        GlueSchemaRegistry.ownFailure(settings, e, "GetRegistry"), "try again later; if it persists,"
                                + " see Glue in the AWS Health Dashboard for " + settings.region())));
            }
            if (e.isThrottlingException()) {
                return new PrerequisiteReport("glue schema registry", List.of(PrerequisiteCheck.fail("answers",
                        GlueSchemaRegistry.throttled(settings, e, "GetRegistry"), "try again later; a pipeline waits"
                                + " such limits out, but if they persist, fewer callers of Glue in the account at once"
                                + " or a higher Glue request quota (Service Quotas, " + settings.region() + ")")));
            }
            if (e.statusCode() >= 500) {
                throw new ConnectivityException(settings.describe() + " cannot be reached: " + e.getMessage(), e);
            }
            return new PrerequisiteReport("glue schema registry", List.of(PrerequisiteCheck.fail("registry",
                    settings.describe() + " refused the request (" + e.awsErrorDetails().errorCode() + ")",
                    "check the credentials and that they allow glue:GetRegistry and the schema actions (docs/registries-glue.md)")));
        } catch (SdkException e) {
            throw new ConnectivityException(settings.describe() + " cannot be reached: " + e.getMessage(), e);
        }
    }
}
