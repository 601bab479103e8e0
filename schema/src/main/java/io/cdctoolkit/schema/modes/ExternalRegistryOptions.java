package io.cdctoolkit.schema.modes;

import io.cdctoolkit.schema.registry.MockRegistries;
import io.cdctoolkit.schema.registry.SubjectStrategy;
import io.cdctoolkit.schema.registry.ConfluentRegistrar;

import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.registry.rest.KeyStoreFile;
import io.cdctoolkit.schema.registry.rest.RegistryAuth;
import io.cdctoolkit.schema.registry.rest.RestRegistrySettings;
import io.cdctoolkit.schema.registry.rest.RetryPolicy;
import io.cdctoolkit.schema.registry.rest.Secret;
import io.cdctoolkit.schema.registry.rest.TlsSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The options of {@code schema_registry.external} and what they turn into: REST settings (or a
 * {@code mock://} scope) and the registrar's {@link ConfluentRegistrar.Settings}.
 */
final class ExternalRegistryOptions {

    static final String URL = "url";
    static final String FLAVOR = "flavor";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String BEARER_TOKEN = "bearer_token";
    static final String TLS = "tls";
    static final String SUBJECT_STRATEGY = "subject_strategy";
    static final String AUTO_REGISTER = "auto_register";
    static final String USE_LATEST_VERSION = "use_latest_version";
    static final String SCHEMA_ID = "schema_id";
    static final String NORMALIZE = "normalize";
    static final String CONNECT_TIMEOUT_MS = "connect_timeout_ms";
    static final String REQUEST_TIMEOUT_MS = "request_timeout_ms";
    static final String RETRIES = "retries";
    static final String REJECTION_CACHE_MS = "rejection_cache_ms";
    static final String VALIDATE = "validate";
    static final String MOCK_PERSIST = "mock_persist";

    static final List<OptionSpec> SPECS = List.of(
            OptionSpec.string(URL).required().notBlank()
                    .doc("Base URL of the Confluent-compatible REST API (Confluent SR, Karapace, Redpanda; Apicurio: "
                            + "http://host:8080/apis/ccompat/v7), or mock://<scope> for an in-process registry")
                    .example("http://localhost:8081").build(),
            OptionSpec.oneOf(FLAVOR, "confluent", "apicurio")
                    .doc("Which compatibility rules the registry applies, for offline checks that must predict it "
                            + "(schema check at another level than the subject's): confluent = Confluent SR, Karapace, "
                            + "Redpanda; apicurio = Apicurio Registry's ccompat API (its own Protobuf and JSON Schema "
                            + "rules). Default: apicurio when the url contains /apis/ccompat/, else confluent; "
                            + "a mock:// registry judges by these rules too").build(),
            OptionSpec.string(USERNAME).doc("HTTP basic auth user").build(),
            OptionSpec.string(PASSWORD).secret().doc("HTTP basic auth password").build(),
            OptionSpec.string(BEARER_TOKEN).secret().doc("Bearer token sent as 'Authorization: Bearer …' "
                    + "(instead of username/password)").build(),
            OptionSpec.object(TLS,
                    OptionSpec.string("trust_store").doc("Trust store file (PKCS12 or JKS) for https URLs; "
                            + "default: the JVM's trusted CAs").build(),
                    OptionSpec.string("trust_store_password").secret().doc("Trust store password").build(),
                    OptionSpec.oneOf("trust_store_type", "PKCS12", "JKS").defaultValue("PKCS12").doc("Trust store type").build(),
                    OptionSpec.string("key_store").doc("Client key store for mutual TLS").build(),
                    OptionSpec.string("key_store_password").secret().doc("Key store password").build(),
                    OptionSpec.oneOf("key_store_type", "PKCS12", "JKS").defaultValue("PKCS12").doc("Key store type").build())
                    .doc("TLS trust and client certificate (mTLS) for https URLs").build(),
            OptionSpec.oneOf(SUBJECT_STRATEGY, "topic", "record", "topic_record").defaultValue("topic")
                    .doc("Subject names: topic = <topic>-key|value; record = <record full name>; "
                            + "topic_record = <topic>-<record full name>").build(),
            OptionSpec.bool(AUTO_REGISTER).defaultValue(true)
                    .doc("Register each derived schema (a new table version becomes a new subject version); "
                            + "false: the schema must already be registered").build(),
            OptionSpec.bool(USE_LATEST_VERSION).defaultValue(false)
                    .doc("Write with the subject's latest schema id instead of registering; the latest version must"
                            + " be the derived schema (else the record follows on_error: under another schema's id it"
                            + " would be decoded with another layout)").build(),
            OptionSpec.integer(SCHEMA_ID).min(0)
                    .doc("Write every record with this schema id, no registration; it must name the derived schema"
                            + " (checked once per table version; else the record follows on_error)").build(),
            OptionSpec.bool(NORMALIZE).defaultValue(false)
                    .doc("Ask the registry to normalize schemas when registering and looking up (?normalize=true)").build(),
            OptionSpec.integer(CONNECT_TIMEOUT_MS).defaultValue(10_000).min(1).doc("Connect timeout").build(),
            OptionSpec.integer(REQUEST_TIMEOUT_MS).defaultValue(30_000).min(1).doc("Timeout of one request").build(),
            OptionSpec.integer(RETRIES).defaultValue(3).range(0, 100)
                    .doc("Retries of a request after a 5xx, 429 (rate limit: at least its Retry-After) or 408"
                            + " answer or an I/O error, with backoff; after them the pipeline waits and tries again"
                            + " (no event is skipped)").build(),
            OptionSpec.integer(REJECTION_CACHE_MS).defaultValue(60_000).min(0)
                    .doc("How long a schema the registry rejected (409/422) is remembered before asking again").build(),
            OptionSpec.bool(VALIDATE).defaultValue(true)
                    .doc("json_schema format: validate each payload against its schema before sending").build(),
            OptionSpec.bool(MOCK_PERSIST).defaultValue(false)
                    .doc("With a mock:// url: also keep the registry in <state_dir>/mock-registry/<scope>.json, so that "
                            + "another process (tail --config) decodes the records and a later run keeps the ids").build());

    private ExternalRegistryOptions() {
    }

    static List<ConfigProblem> validate(Options options) {
        List<ConfigProblem> problems = new ArrayList<>();
        String path = options.keyPath();
        if (options.has(USERNAME) != options.has(PASSWORD)) {
            problems.add(new ConfigProblem(path + "." + (options.has(USERNAME) ? PASSWORD : USERNAME),
                    "basic auth needs both username and password", "set both, or neither"));
        }
        if (options.has(BEARER_TOKEN) && options.has(USERNAME)) {
            problems.add(new ConfigProblem(path + "." + BEARER_TOKEN, "bearer_token and username/password both given",
                    "use one kind of authentication"));
        }
        if (options.has(SCHEMA_ID) && options.bool(USE_LATEST_VERSION)) {
            problems.add(new ConfigProblem(path + "." + SCHEMA_ID, "schema_id and use_latest_version: true both given",
                    "choose one way to pick the schema id"));
        }
        String url = options.string(URL);
        if (options.bool(MOCK_PERSIST) && !MockRegistries.isMockUrl(url)) {
            problems.add(new ConfigProblem(path + "." + MOCK_PERSIST, "mock_persist applies only to a mock:// url",
                    "remove mock_persist, or use url: mock://<scope>"));
        }
        if (problems.isEmpty() && !MockRegistries.isMockUrl(url)) {
            try {
                settings(options);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(path + "." + URL, e.getMessage(),
                        "give an http(s) URL such as http://localhost:8081, or mock://<scope>"));
            }
        }
        return problems;
    }

    /** The compatibility rules of the registry: {@code flavor}, else guessed from the URL (Apicurio's ccompat path). */
    static RuleSet ruleSet(Options options) {
        if (options.has(FLAVOR)) return RuleSet.parse(options.string(FLAVOR));
        return ruleSetOfUrl(options.string(URL));
    }

    /** {@link RuleSet#APICURIO} for a URL on Apicurio's ccompat API ({@code …/apis/ccompat/…}), else Confluent's. */
    static RuleSet ruleSetOfUrl(String url) {
        return url != null && url.contains("/apis/ccompat/") ? RuleSet.APICURIO : RuleSet.CONFLUENT;
    }

    static RestRegistrySettings settings(Options options) {
        RegistryAuth auth = RegistryAuth.NONE;
        if (options.has(USERNAME)) {
            auth = new RegistryAuth.Basic(options.string(USERNAME), new Secret(options.string(PASSWORD)));
        } else if (options.has(BEARER_TOKEN)) {
            auth = new RegistryAuth.Bearer(new Secret(options.string(BEARER_TOKEN)));
        }
        TlsSettings tls = TlsSettings.DEFAULT;
        if (options.has(TLS)) {
            Options t = nested(options);
            tls = new TlsSettings(store(t, "trust_store"), store(t, "key_store"));
        }
        RetryPolicy retry = new RetryPolicy(options.integer(RETRIES) + 1, RetryPolicy.DEFAULT.initialBackoff(),
                RetryPolicy.DEFAULT.maxBackoff());
        return new RestRegistrySettings(URI.create(options.string(URL)), auth, tls,
                Duration.ofMillis(options.integer(CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(options.integer(REQUEST_TIMEOUT_MS)), retry);
    }

    static ConfluentRegistrar.Settings registrarSettings(Options options) {
        OptionalInt fixed = options.has(SCHEMA_ID) ? OptionalInt.of(options.integer(SCHEMA_ID)) : OptionalInt.empty();
        return new ConfluentRegistrar.Settings(SubjectStrategy.parse(options.string(SUBJECT_STRATEGY)),
                options.bool(AUTO_REGISTER), options.bool(USE_LATEST_VERSION), fixed, options.bool(NORMALIZE));
    }

    private static Options nested(Options options) {
        try {
            return options.nested(TLS);
        } catch (io.cdctoolkit.engine.spi.ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Optional<KeyStoreFile> store(Options tls, String name) {
        if (!tls.has(name)) return Optional.empty();
        String password = tls.optionalString(name + "_password").orElse("");
        return Optional.of(new KeyStoreFile(Path.of(tls.string(name)), tls.string(name + "_type"), new Secret(password)));
    }
}
