package io.cdctoolkit.schema.modes;

import io.cdctoolkit.schema.registry.RegistryRequestException;
import io.cdctoolkit.schema.registry.CachingRegistryClient;
import io.cdctoolkit.schema.registry.MockRegistries;
import io.cdctoolkit.schema.registry.RegistryServerErrorException;
import io.cdctoolkit.schema.registry.RegistryThrottledException;
import io.cdctoolkit.schema.registry.RegistryEncoder;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.ConfluentRegistrar;
import io.cdctoolkit.schema.registry.SchemaRegistrar;
import io.cdctoolkit.schema.registry.RegistrarProvider;

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
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.decode.SchemaLookup;
import io.cdctoolkit.schema.decode.SchemaLookupProvider;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.SchemaFormats;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.registry.rest.ConfluentRestRegistryClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code schema_registry.mode: external}: a Confluent-compatible registry over REST (Confluent SR,
 * Apicurio's ccompat API, Karapace, Redpanda) or an in-process {@code mock://} registry; Avro,
 * Protobuf or JSON Schema in the standard wire format.
 */
public final class ExternalRegistryFactory implements RegistryFactory, RegistryInspector, SchemaLookupProvider,
        RegistrarProvider {

    private static final ComponentSpec SPEC;

    static {
        List<OptionSpec> options = new ArrayList<>();
        options.add(OptionSpec.oneOf("format", "avro", "protobuf", "json_schema").defaultValue("avro")
                .doc("Payload format, written next to mode").build());
        options.addAll(ExternalRegistryOptions.SPECS);
        SPEC = new ComponentSpec(ComponentKind.REGISTRY, "external",
                "A Confluent-compatible schema registry (Confluent SR, Apicurio /apis/ccompat/v7, Karapace, Redpanda) "
                        + "or mock://<scope>: keys and values in Avro, Protobuf or JSON Schema, framed as 0x00 + schema id",
                options);
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        return ExternalRegistryOptions.validate(options);
    }

    @Override
    public Encoder create(Options options, ComponentContext context) {
        SchemaType type = SchemaType.fromFormatName(options.string("format"));
        RegistryClient client = new CachingRegistryClient(client(options, context.stateDir()),
                Duration.ofMillis(options.integer(ExternalRegistryOptions.REJECTION_CACHE_MS)), context.meterRegistry());
        ConfluentRegistrar registrar = new ConfluentRegistrar(client, ExternalRegistryOptions.registrarSettings(options));
        return new RegistryEncoder(SchemaFormats.forType(type, options.bool(ExternalRegistryOptions.VALIDATE)), registrar);
    }

    @Override
    public SchemaRegistrar openRegistrar(Options options, Path stateDir) {
        return new ConfluentRegistrar(client(options, stateDir), ExternalRegistryOptions.registrarSettings(options));
    }

    /** The registry the options name, without caches; a persisted mock:// scope is not found without a state dir. */
    static RegistryClient client(Options options) {
        return client(options, null);
    }

    /** The registry the options name, without caches; a persisted mock:// scope lives under {@code stateDir}. */
    static RegistryClient client(Options options, Path stateDir) {
        String url = options.string(ExternalRegistryOptions.URL);
        if (MockRegistries.isMockUrl(url)) {
            RuleSet rules = ExternalRegistryOptions.ruleSet(options);
            if (options.bool(ExternalRegistryOptions.MOCK_PERSIST) && stateDir != null) {
                return MockRegistries.persisted(url, stateDir, type -> CompatibilityCheckers.forType(type, rules));
            }
            return MockRegistries.forUrl(url, type -> CompatibilityCheckers.forType(type, rules));
        }
        return new ConfluentRestRegistryClient(ExternalRegistryOptions.settings(options));
    }

    /**
     * Reads writer schemas by id from the registry the options name (REST or {@code mock://}). No cache
     * here: {@link io.cdctoolkit.schema.decode.RecordDecoder} keeps each id's schema once fetched.
     */
    @Override
    public SchemaLookup openLookup(Options options) {
        return openLookup(options, null);
    }

    /**
     * As {@link #openLookup(Options)}; a persisted {@code mock://} scope ({@code mock_persist}) is read from
     * its file under {@code stateDir} as it is on disk, so records a pipeline of another process wrote decode.
     */
    @Override
    public SchemaLookup openLookup(Options options, Path stateDir) {
        String url = options.string(ExternalRegistryOptions.URL);
        RegistryClient client = MockRegistries.isMockUrl(url) && options.bool(ExternalRegistryOptions.MOCK_PERSIST)
                && stateDir != null
                ? MockRegistries.readOnly(url, stateDir, type -> CompatibilityCheckers.forType(type,
                        ExternalRegistryOptions.ruleSet(options)))
                : client(options, stateDir);
        SchemaLookup lookup = SchemaLookup.of(client);
        return new SchemaLookup() {
            @Override
            public SchemaText byId(int id) {
                return lookup.byId(id);
            }

            @Override
            public SchemaText byGlueVersion(UUID versionId) {
                return lookup.byGlueVersion(versionId);
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    @Override
    public PrerequisiteReport check(Options options, ComponentContext context) throws ConnectivityException {
        try (RegistryClient client = client(options, context.stateDir())) {
            List<PrerequisiteCheck> items = new ArrayList<>();
            try {
                int subjects = client.subjects().size();
                items.add(PrerequisiteCheck.pass("reachable", client.describe() + " answers (" + subjects + " subjects)"));
                CompatibilityLevel global = client.compatibilityLevel(null);
                // Apicurio's ccompat API starts at NONE: every schema change is registered, incompatible ones too.
                items.add(global == CompatibilityLevel.NONE
                        ? PrerequisiteCheck.warn("compatibility level", "global level NONE: the registry registers any"
                                + " new schema version, incompatible ones too (consumers on an older schema may fail to"
                                + " read the new records); subjects with a level of their own keep it",
                        "set a level: PUT {\"compatibility\": \"BACKWARD\"} to the registry's /config (or per"
                                + " subject: /config/<subject>)")
                        : PrerequisiteCheck.pass("compatibility level", "global level " + global));
                // Confluent refuses every registration in these modes (error 42205): a run stops at its first one.
                client.globalMode().filter(mode -> !mode.equals("READWRITE")).ifPresent(mode -> items.add(
                        PrerequisiteCheck.warn("mode", "global mode " + mode + ": the registry takes no new schema"
                                        + " version, so a run stops at the first one it needs to register (versions"
                                        + " registered before are still read)",
                                "set it back: PUT {\"mode\": \"READWRITE\"} to the registry's /mode, or register the"
                                        + " schemas beforehand (cdc-toolkit schema register) and set auto_register:"
                                        + " false")));
            } catch (RegistryServerErrorException e) {
                items.add(PrerequisiteCheck.fail("answers", e.getMessage(), "look in the registry's log for the cause"
                        + " of its HTTP " + e.status()));
            } catch (RegistryThrottledException e) {
                items.add(PrerequisiteCheck.fail("answers", e.getMessage(), "try again later; a pipeline waits such"
                        + " limits out, but if they persist, fewer clients at once or a higher limit (on Confluent"
                        + " Cloud, the Schema Registry's request rate limit)"));
            } catch (RegistryRequestException e) {
                String fix = e.status() == 401 || e.status() == 403
                        ? "check schema_registry.external username/password or bearer_token"
                        : "check schema_registry.external.url (Apicurio: …/apis/ccompat/v7)";
                items.add(PrerequisiteCheck.fail("reachable", client.describe() + " refused the request (HTTP "
                        + e.status() + "): " + e.getMessage(), fix));
            }
            return new PrerequisiteReport("schema registry", items);
        } catch (RetryableException e) {
            throw new ConnectivityException("schema registry cannot be reached: " + e.getMessage(), e);
        }
    }
}
