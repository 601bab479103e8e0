package io.cdctoolkit.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cdctoolkit.engine.runtime.PipelineSettings;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentFactory;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.OptionType;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded config in the shape of the file, safe to print (for {@code check}): every option whose
 * {@link OptionSpec#secret()} is set, and every key named like a credential (password, secret, token,
 * keyset, private key, JAAS config, an encryption {@code key}, …) shows {@value #MASK}, also inside
 * free-form maps such as Kafka producer properties.
 */
public final class ConfigRedactor {

    /** What a secret value is shown as. */
    public static final String MASK = "****";

    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "secret", "token", "credential",
            "keyset", "jaas", "private_key", "private.key", "privatekey", "api_key", "api.key", "apikey",
            "access_key", "access.key", "keystore.key");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS) // version: "1.0" stays a string
            .build();

    private final ComponentCatalog catalog;

    /** @param catalog the components the config was loaded with: their specs say which options are secret */
    public ConfigRedactor(ComponentCatalog catalog) {
        this.catalog = catalog;
    }

    /** The config as ordered maps and lists, secrets masked. */
    public Map<String, Object> redact(ToolkitConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", config.version());
        out.put("state_dir", config.stateDir().toString());
        out.put("schema_registry", registry(config.registry()));
        Map<String, Object> sources = new LinkedHashMap<>();
        config.sources().forEach((name, s) -> sources.put(name, source(s)));
        out.put("sources", sources);
        Map<String, Object> sinks = new LinkedHashMap<>();
        config.sinks().forEach((name, s) -> {
            Map<String, Object> sink = new LinkedHashMap<>();
            sink.put("connector", s.connector());
            sink.put("config", options(s.config(), specOf(catalog.sink(s.connector())), ""));
            sinks.put(name, sink);
        });
        out.put("sinks", sinks);
        Map<String, Object> pipelines = new LinkedHashMap<>();
        config.pipelines().forEach((name, p) -> pipelines.put(name, pipeline(p)));
        out.put("pipelines", pipelines);
        config.httpSettings().ifPresent(h -> {
            Map<String, Object> http = new LinkedHashMap<>();
            http.put("host", h.host());
            http.put("port", h.port());
            http.put("ready_max_commit_lag_ms", h.readyMaxCommitLagMs());
            out.put("http", http);
        });
        return out;
    }

    /** {@link #redact} as YAML text. */
    public String toYaml(ToolkitConfig config) {
        try {
            return YAML.writeValueAsString(redact(config));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain maps of scalars always serialize
        }
    }

    /** Whether a key's name says its value is a credential (used where no spec says so). */
    public static boolean looksSecret(String key, String parentKey) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.equals("key") && "encryption".equals(parentKey)) return true; // cdc_features.encryption.key
        return SECRET_WORDS.stream().anyMatch(k::contains);
    }

    private Map<String, Object> registry(RegistryDefinition r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", r.mode());
        out.put("format", r.format());
        if (!r.options().isEmpty()) {
            List<OptionSpec> specs = catalog.registry(r.mode()).map(RegistryReader::blockOptions).orElse(List.of());
            out.put(r.mode(), options(r.options(), specs, r.mode()));
        }
        return out;
    }

    private Map<String, Object> source(SourceDefinition s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connector", s.connector());
        if (s.topic() != null) out.put("topic", s.topic());
        Map<String, Object> config = options(s.config(), specOf(catalog.source(s.connector())), "");
        if (!s.transforms().isEmpty()) config.put("transforms", transforms(s.transforms()));
        if (!s.cdcFeatures().isEmpty()) config.put("cdc_features", options(s.cdcFeatures(), List.of(), "cdc_features"));
        out.put("config", config);
        return out;
    }

    private Map<String, Object> pipeline(PipelineDefinition p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", p.source());
        out.put("sink", p.sink());
        out.put("enabled", p.enabled());
        PipelineSettings s = p.settings();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("on_error", s.onError().configName());
        settings.put("dead_letter_topic", s.deadLetterTopic());
        settings.put("rate_limit", s.rateLimit());
        settings.put("batch_size", s.batchSize());
        settings.put("max_in_flight_records", s.maxInFlightRecords());
        settings.put("max_in_flight_bytes", s.maxInFlightBytes());
        settings.put("poll_timeout_ms", s.pollTimeoutMs());
        out.put("settings", settings);
        if (!p.transforms().isEmpty()) out.put("transforms", transforms(p.transforms()));
        return out;
    }

    private List<Object> transforms(List<TransformDefinition> transforms) {
        List<Object> out = new ArrayList<>();
        for (TransformDefinition t : transforms) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", t.type());
            if (!t.predicate().isEmpty()) entry.put("predicate", t.predicate());
            entry.put("config", options(t.config(), specOf(catalog.transform(t.type())), ""));
            out.add(entry);
        }
        return out;
    }

    private static List<OptionSpec> specOf(Optional<? extends ComponentFactory<?>> factory) {
        return factory.map(f -> f.spec().options()).orElse(List.of());
    }

    /** {@code raw} with secret options masked, recursing into nested blocks and lists of blocks. */
    private static Map<String, Object> options(Map<String, ?> raw, List<OptionSpec> specs, String parentKey) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            Optional<OptionSpec> spec = specs.stream().filter(s -> s.accepts(key)).findFirst();
            boolean secret = spec.map(OptionSpec::secret).orElse(false) || looksSecret(key, parentKey);
            List<OptionSpec> nested = spec.filter(s -> s.type() == OptionType.OBJECT).map(OptionSpec::nested)
                    .orElse(List.of());
            out.put(key, secret && value != null ? MASK : value(value, nested, key));
        });
        return out;
    }

    private static Object value(Object value, List<OptionSpec> nested, String key) {
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> m = (Map<String, ?>) map;
            return options(m, nested, key);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(value(item, List.of(), key)));
            return out;
        }
        return value;
    }
}
