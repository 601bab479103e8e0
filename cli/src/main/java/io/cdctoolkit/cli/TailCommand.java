package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.ConfigScope;
import io.cdctoolkit.engine.config.SinkDefinition;
import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.schema.decode.SchemaLookup;
import io.cdctoolkit.schema.decode.SchemaLookupProvider;
import io.cdctoolkit.security.FieldDecryptor;
import io.cdctoolkit.sinks.kafka.ClientSecurity;
import io.cdctoolkit.sinks.kafka.KafkaSinkFactory;
import io.cdctoolkit.sinks.kafka.PayloadDecoder;
import io.cdctoolkit.sinks.kafka.PayloadRewriter;
import io.cdctoolkit.sinks.kafka.TailOptions;
import io.cdctoolkit.sinks.kafka.TopicTailer;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBrokerLocation;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tail}: prints a topic's records as JSON lines (key, value, headers, partition, offset). With a
 * registry ({@code --registry URL}, or the {@code schema_registry} of {@code --config F}) registry-framed
 * keys and values (Avro, Protobuf, JSON Schema) are decoded to JSON. With {@code --decrypt}, fields the
 * {@code encryption} feature wrote ({@code enc:v1:…}) are shown decrypted, with the keys of the config's
 * source or of {@code --keyset FILE}.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a Kafka topic's records as JSON lines (key, value, headers, partition, offset);"
                + " with --registry or --config, registry-framed keys and values are decoded to JSON.")
final class TailCommand implements Callable<Integer> {

    /** Where writer schemas come from: a registry URL, or a config file's schema_registry. */
    static final class RegistrySource {
        @CommandLine.Option(names = "--registry", paramLabel = "URL",
                description = "Confluent-compatible schema registry (Apicurio: http://host:8080/apis/ccompat/v7),"
                        + " or mock://<scope>, to decode registry-framed records.")
        String url;

        @CommandLine.Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "Decode with the schema_registry of this config file (its mode, URL and auth).")
        Path config;
    }

    @CommandLine.ArgGroup(exclusive = true)
    RegistrySource registry;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    private ToolkitConfig loadedConfig;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.Option(names = {"-b", "--bootstrap"}, paramLabel = "SERVERS",
            description = "Broker list, or 'embedded' for the embedded broker of a quickstart run"
                    + " (default with --sink: the sink's bootstrap_servers).")
    String bootstrap;

    @CommandLine.Option(names = "--sink", paramLabel = "NAME",
            description = "With --config: connect as this kafka sink of the file does (its bootstrap_servers, its"
                    + " security block and its producer block's client settings: TLS, SASL login).")
    String sink;

    @CommandLine.Option(names = {"-t", "--topic"}, required = true, description = "Topic to read.")
    String topic;

    @CommandLine.Option(names = "--from-beginning", description = "Start at the earliest offset (default: the end).")
    boolean fromBeginning;

    @CommandLine.Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Long max;

    @CommandLine.Option(names = "--group", paramLabel = "G",
            description = "Consumer group (commits what was printed); default: no group, every partition.")
    String group;

    @CommandLine.Option(names = "--idle-timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "Also stop after this long without a record (e.g. 5s).")
    Duration idleTimeout;

    @CommandLine.Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".cdc-toolkit",
            description = "state_dir of the run whose embedded broker to read (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @CommandLine.Option(names = "--embedded-port", paramLabel = "PORT",
            defaultValue = "" + io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker.DEFAULT_PORT,
            description = "Port of the embedded broker (the sink's embedded_port; default: ${DEFAULT-VALUE}).")
    int embeddedPort;

    @CommandLine.Option(names = "--decrypt",
            description = "Show encrypted fields (enc:v1:...) decrypted, with the cdc_features.encryption keys of"
                    + " the --config file's source (see --source) or of --keyset.")
    boolean decrypt;

    @CommandLine.Option(names = "--keyset", paramLabel = "FILE",
            description = "Tink JSON keyset file to decrypt with (implies --decrypt).")
    Path keyset;

    @CommandLine.Option(names = "--consumer.config", paramLabel = "FILE",
            description = "Kafka consumer properties file (security.protocol, sasl.*, ssl.*), as"
                    + " kafka-console-consumer's: for brokers that need a login or TLS.")
    Path consumerConfig;

    @CommandLine.Option(names = "--consumer-property", paramLabel = "KEY=VALUE",
            description = "A Kafka consumer property, after those of --consumer.config (repeatable). Values show in"
                    + " the process list: keep passwords in --consumer.config.")
    Map<String, String> consumerProperties = new java.util.LinkedHashMap<>();

    @CommandLine.Option(names = "--source", paramLabel = "NAME",
            description = "With --decrypt --config: the source whose encryption keys to use"
                    + " (default: the only source with cdc_features.encryption).")
    String source;

    @Override
    public Integer call() throws Exception {
        logging.apply();
        CliEnvironment env = parent.environment();
        PayloadRewriter rewriter = PayloadRewriter.NONE;
        if (decrypt || keyset != null) {
            FieldDecryptor decryptor = decryptor(env);
            if (decryptor == null) return ExitCodes.CONFIG_ERROR;
            rewriter = (json, headers) -> {
                org.apache.kafka.common.header.Header context = headers.lastHeader(FieldDecryptor.CONTEXT_HEADER);
                return decryptor.decryptRecord(json, context == null || context.value() == null ? null
                        : new String(context.value(), StandardCharsets.UTF_8));
            };
        }
        Map<String, Object> clientProperties = clientProperties(env);
        if (clientProperties == null) return ExitCodes.CONFIG_ERROR;
        if (bootstrap == null) {
            if (!(clientProperties.get("bootstrap.servers") instanceof String fromSink)) {
                env.err().println("error: --bootstrap SERVERS is needed (or --config FILE --sink NAME, to connect as"
                        + " that kafka sink does)");
                return ExitCodes.CONFIG_ERROR;
            }
            bootstrap = fromSink;
        }
        clientProperties.remove("bootstrap.servers"); // --bootstrap wins over the sink's
        TailOptions.Builder options = TailOptions.builder(bootstrap, topic).fromBeginning(fromBeginning)
                .group(group).idleTimeout(idleTimeout).clientProperties(clientProperties)
                .embeddedDir(io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker.defaultDataDir(stateDir))
                .embeddedPort(embeddedPort);
        if (sink != null && io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker.EMBEDDED.equals(bootstrap)) {
            // The sink's broker is where its run started it (its embedded_dir or the config's state_dir, its
            // embedded_port), not under tail's own --state-dir; an explicit --state-dir or --embedded-port still wins.
            Optional<EmbeddedBrokerLocation> location = KafkaSinkFactory.embeddedBroker(
                    ConfiguredKafkaSink.options(kafkaSink(env)), loadedConfig(env).stateDir());
            var given = spec.commandLine().getParseResult();
            location.ifPresent(sinkBroker -> {
                if (!given.hasMatchedOption("--state-dir")) options.embeddedDir(sinkBroker.dataDir());
                if (!given.hasMatchedOption("--embedded-port")) options.embeddedPort(sinkBroker.port());
            });
        }
        if (max != null) {
            if (max < 1) {
                env.err().println("error: --max must be at least 1");
                return ExitCodes.CONFIG_ERROR;
            }
            options.max(max);
        }
        Optional<SchemaLookup> lookup;
        try {
            lookup = lookup(env);
        } catch (ConfigException e) {
            if (registry.config != null) {
                configOption().printProblems(env, e);
            } else {
                e.problems().forEach(p -> env.err().println("error: " + p.message()
                        + (p.fix() == null ? "" : " (" + p.fix() + ")")));
            }
            return ExitCodes.CONFIG_ERROR;
        } catch (IllegalArgumentException e) {
            env.err().println("error: " + e.getMessage()); // e.g. a trust store that cannot be read
            return ExitCodes.CONFIG_ERROR;
        }
        if (lookup == null) return ExitCodes.CONFIG_ERROR;
        PayloadDecoder decoder = lookup.<PayloadDecoder>map(RegistryPayloadDecoder::new).orElse(PayloadDecoder.NONE);
        TopicTailer tailer = new TopicTailer(decoder, rewriter);
        try (StopOnSignal signals = StopOnSignal.install(tailer::stop)) {
            long printed = tailer.tail(options.build(), env.out());
            env.err().println(printed + " record(s) from " + topic);
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            env.err().println("error: cannot reach Kafka at " + bootstrap + ": " + e.getMessage()
                    + unreachableHint(clientProperties));
            return ExitCodes.UNREACHABLE;
        } catch (ConnectivityException e) { // nothing listens there: no matter of logins
            env.err().println("error: cannot reach Kafka at " + bootstrap + ": " + e.getMessage()
                    + " (check --bootstrap and that the brokers are up)");
            return ExitCodes.UNREACHABLE;
        } catch (org.apache.kafka.common.errors.AuthenticationException e) {
            env.err().println("error: Kafka at " + bootstrap + " refused the login: " + e.getMessage() + " (check "
                    + (sink != null ? "the security and producer blocks of sink '" + sink + "' in " + registry.config
                    : "the security.protocol, sasl.* and ssl.* settings of --consumer.config") + ")");
            return ExitCodes.CONFIG_ERROR;
        } catch (org.apache.kafka.common.KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            if (!(root instanceof org.apache.kafka.common.config.ConfigException)) throw e;
            // Kafka's own words: a password-type setting's value is never in them.
            env.err().println("error: the Kafka consumer settings are not valid: " + root.getMessage());
            return ExitCodes.CONFIG_ERROR;
        } finally {
            lookup.ifPresent(SchemaLookup::close);
        }
    }

    /**
     * What to check when the brokers did not answer. A plaintext client on a listener that wants a login or TLS
     * gets no error from Kafka, only this timeout (the broker closes the connection and the client retries), so
     * a client without security settings is told where they go.
     */
    private static String unreachableHint(Map<String, Object> clientProperties) {
        if (!ClientSecurity.plaintext(clientProperties)) return " (check --bootstrap and that the brokers are up)";
        return " (check --bootstrap and that the brokers are up; if they need a login or TLS, connect as the pipeline's"
                + " sink does with --config FILE --sink NAME, or give security.protocol, sasl.* and ssl.* settings in"
                + " --consumer.config)";
    }

    /**
     * The lookup of the registry to decode with: empty without one (no option, or a config whose mode is
     * disabled); null when the config cannot be loaded (its problems were printed).
     */
    private Optional<SchemaLookup> lookup(CliEnvironment env) throws ConfigException {
        if (registry == null) return Optional.empty();
        Optional<ConfiguredRegistry> configured;
        Path configStateDir = null;
        if (registry.url != null) {
            configured = Optional.of(ConfiguredRegistry.external(registry.url, env.catalog()));
        } else {
            ToolkitConfig loaded = loadedConfig(env);
            if (loaded == null) return null;
            configStateDir = loaded.stateDir();
            configured = ConfiguredRegistry.of(loaded.registry(), env.catalog());
            if (configured.isEmpty()) {
                env.err().println("note: schema_registry is disabled in " + registry.config
                        + ": records are shown as JSON, or base64 when they are not JSON");
            }
        }
        if (configured.isEmpty()) return Optional.empty();
        if (!(configured.get().factory() instanceof SchemaLookupProvider provider)) {
            throw new ConfigException(configured.get().definition().keyPath() + ".mode", "tail cannot read schemas"
                    + " from schema_registry mode " + configured.get().definition().mode() + " in this build", null);
        }
        return Optional.of(provider.openLookup(configured.get().options(), configStateDir));
    }

    /**
     * The consumer properties of {@code --sink} (its {@code bootstrap.servers} too), then of {@code --consumer.config},
     * then of {@code --consumer-property}; null when they cannot be had (the reason was printed, without any value).
     */
    private Map<String, Object> clientProperties(CliEnvironment env) {
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        if (sink != null) {
            Map<String, Object> connection = sinkConnection(env);
            if (connection == null) return null;
            properties.putAll(connection);
        }
        if (consumerConfig != null) {
            java.util.Properties file = new java.util.Properties();
            try (var in = Files.newBufferedReader(consumerConfig, StandardCharsets.UTF_8)) {
                file.load(in);
            } catch (IOException | IllegalArgumentException e) {
                env.err().println("error: cannot read --consumer.config " + consumerConfig + ": "
                        + e.getClass().getSimpleName());
                return null;
            }
            file.stringPropertyNames().forEach(name -> properties.put(name, file.getProperty(name)));
        }
        properties.putAll(consumerProperties);
        return properties;
    }

    /** How --sink connects to its brokers; null when it cannot be had (the reason was printed). */
    private Map<String, Object> sinkConnection(CliEnvironment env) {
        if (registry == null || registry.config == null) {
            env.err().println("error: --sink NAME needs --config FILE (the file that defines the sink)");
            return null;
        }
        SinkDefinition found = kafkaSink(env);
        if (found == null) return null;
        try {
            return ConfiguredKafkaSink.connection(found);
        } catch (ConfigException e) {
            configOption().printProblems(env, e);
            return null;
        }
    }

    /** The kafka sink --sink names in the --config file; null when there is none (the reason was printed). */
    private SinkDefinition kafkaSink(CliEnvironment env) {
        ToolkitConfig loaded = loadedConfig(env);
        if (loaded == null) return null;
        Optional<SinkDefinition> found = loaded.sink(sink).filter(s -> "kafka".equals(s.connector()));
        if (found.isEmpty()) {
            env.err().println("error: " + registry.config + " has no kafka sink named '" + sink + "' (its kafka sinks: "
                    + String.join(", ", loaded.sinks().values().stream().filter(s -> "kafka".equals(s.connector()))
                    .map(SinkDefinition::name).toList()) + ")");
            return null;
        }
        return found.get();
    }

    /** The decryptor of --keyset or of the config's source; null when it cannot be made (the reason was printed). */
    private FieldDecryptor decryptor(CliEnvironment env) {
        if (keyset != null) {
            String text;
            try {
                text = Files.readString(keyset, StandardCharsets.UTF_8);
            } catch (IOException e) {
                env.err().println("error: cannot read --keyset " + keyset + ": " + e.getClass().getSimpleName());
                return null;
            }
            try {
                return FieldDecryptor.fromKeysetJson("--keyset " + keyset, text);
            } catch (ConfigException e) {
                e.problems().forEach(p -> env.err().println("error: " + p));
                return null;
            }
        }
        if (registry == null || registry.config == null) {
            env.err().println("error: --decrypt needs --config FILE (its source's cdc_features.encryption) or --keyset FILE");
            return null;
        }
        ToolkitConfig loaded = loadedConfig(env);
        if (loaded == null) return null;
        List<SourceDefinition> encrypting = loaded.sources().values().stream()
                .filter(s -> s.cdcFeatures().get("encryption") instanceof Map<?, ?>)
                .filter(s -> source == null || s.name().equals(source))
                .toList();
        if (encrypting.size() != 1) {
            env.err().println("error: " + (encrypting.isEmpty()
                    ? (source == null ? "no source of " + registry.config + " has cdc_features.encryption"
                    : "source " + source + " of " + registry.config + " has no cdc_features.encryption")
                    : "several sources of " + registry.config + " encrypt ("
                    + String.join(", ", encrypting.stream().map(SourceDefinition::name).toList())
                    + "): choose one with --source"));
            return null;
        }
        SourceDefinition chosen = encrypting.get(0);
        try {
            @SuppressWarnings("unchecked")
            Map<String, ?> block = (Map<String, ?>) chosen.cdcFeatures().get("encryption");
            return FieldDecryptor.fromConfig(chosen.configKeyPath() + ".cdc_features.encryption", block);
        } catch (ConfigException e) {
            configOption().printProblems(env, e);
            return null;
        }
    }

    /** The --config file, loaded once for the registry, the sink and the decryption keys; null when it cannot be. */
    private ToolkitConfig loadedConfig(CliEnvironment env) {
        if (loadedConfig == null) loadedConfig = configOption().load(env, readParts());
        return loadedConfig;
    }

    /** The parts of the --config file tail reads: not the sources' connections, nor the sinks it does not connect as. */
    private ConfigScope readParts() {
        List<String> parts = new ArrayList<>(List.of("schema_registry"));
        if (sink != null) parts.add("sinks." + sink);
        if (decrypt && keyset == null) parts.add("sources." + (source == null ? "*" : source) + ".config.cdc_features.encryption");
        return ConfigScope.of(parts.toArray(String[]::new));
    }

    private ConfigOption configOption() {
        ConfigOption option = new ConfigOption();
        option.file = registry.config;
        return option;
    }
}
