package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.ConfigScope;
import io.cdctoolkit.engine.config.RegistryDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.glue.GlueSchemaRegistry;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.modes.RegistryClients;
import io.cdctoolkit.schema.registry.rest.RegistryAuth;
import io.cdctoolkit.schema.registry.rest.Secret;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which registry a {@code schema} command talks to: {@code --registry URL} (credentials from
 * {@value #USERNAME_ENV} / {@value #PASSWORD_ENV} or {@value #BEARER_TOKEN_ENV}) or
 * {@code --config F} (its {@code schema_registry.external} block: url, auth, TLS, timeouts).
 * Credentials never come from the command line, where {@code ps} and shell history would show them.
 */
final class RegistryTarget {

    static final String USERNAME_ENV = "CDC_REGISTRY_USERNAME";
    static final String PASSWORD_ENV = "CDC_REGISTRY_PASSWORD";
    static final String BEARER_TOKEN_ENV = "CDC_REGISTRY_BEARER_TOKEN";

    @CommandLine.Option(names = "--registry", paramLabel = "URL",
            description = {"A Confluent-compatible registry (Apicurio: include /apis/ccompat/v7), or mock://<scope>.",
                    "Credentials from the environment: " + USERNAME_ENV + " and " + PASSWORD_ENV
                            + " (basic auth) or " + BEARER_TOKEN_ENV + "."})
    String url;

    @CommandLine.Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Take the registry from this config's schema_registry: external (url, auth, TLS) or an"
                    + " AWS Glue registry (mode: glue; its schema names stand for subjects).")
    Path config;

    /** Whether a registry was named. */
    boolean given() {
        return url != null || config != null;
    }

    /** What the user named, for messages (never credentials). */
    String describe() {
        return url != null ? url : "the registry of " + config;
    }

    /** The registry as the subject of a sentence: "the registry URL" or "the registry of F". */
    String named() {
        return url != null ? "the registry " + url : describe();
    }

    /** Opens a client; a config problem has been printed when this throws {@link ConfigInvalid}. */
    RegistryClient open(CliEnvironment env) throws UsageProblem, ConfigInvalid {
        return open(env, null).client();
    }

    /**
     * Opens a client and says whose compatibility rules the registry applies: {@code rules} when given
     * (a {@code mock://} registry then judges by them), else the config's {@code flavor}, else as the URL
     * tells (Apicurio's {@code /apis/ccompat/} path: Apicurio's rules; otherwise Confluent's).
     */
    Opened open(CliEnvironment env, RuleSet rules) throws UsageProblem, ConfigInvalid {
        return url != null ? fromUrl(env, rules) : fromConfig(env, rules);
    }

    /** An open registry client and the compatibility rules that registry applies. */
    record Opened(RegistryClient client, RuleSet rules) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    private Opened fromUrl(CliEnvironment env, RuleSet explicit) throws UsageProblem {
        RuleSet rules = explicit != null ? explicit : RegistryClients.ruleSet(url);
        try {
            return new Opened(RegistryClients.forUrl(url, auth(env), rules), rules);
        } catch (IllegalArgumentException e) {
            throw new UsageProblem("--registry " + url + ": " + e.getMessage());
        }
    }

    private RegistryAuth auth(CliEnvironment env) throws UsageProblem {
        String user = blankToNull(env.env().get(USERNAME_ENV));
        String password = blankToNull(env.env().get(PASSWORD_ENV));
        String token = blankToNull(env.env().get(BEARER_TOKEN_ENV));
        if ((user == null) != (password == null)) {
            throw new UsageProblem("basic auth needs both " + USERNAME_ENV + " and " + PASSWORD_ENV);
        }
        if (user != null && token != null) {
            throw new UsageProblem(BEARER_TOKEN_ENV + " and " + USERNAME_ENV + " are both set: use one kind of authentication");
        }
        if (user != null) return new RegistryAuth.Basic(user, new Secret(password));
        if (token != null) return new RegistryAuth.Bearer(new Secret(token));
        return RegistryAuth.NONE;
    }

    /**
     * With {@code --config} naming a Glue registry ({@code schema_registry.mode: glue}): that registry, open and known
     * to exist; otherwise empty.
     */
    Optional<GlueSchemaRegistry> glue(CliEnvironment env) throws UsageProblem, ConfigInvalid, ConnectivityException {
        if (config == null) return Optional.empty();
        ConfigOption option = new ConfigOption();
        option.file = config;
        ToolkitConfig loaded = option.load(env, ConfigScope.of("schema_registry"));
        if (loaded == null) throw new ConfigInvalid();
        if (!"glue".equals(loaded.registry().mode())) return Optional.empty();
        try {
            return Optional.of(GlueTarget.open(env, loaded.registry()));
        } catch (ConfigException e) {
            option.printProblems(env, e);
            throw new ConfigInvalid();
        }
    }

    /** The error for a config whose registry the command cannot talk to. */
    static UsageProblem notExternal(Path config, String mode) {
        return new UsageProblem(config + ": schema_registry.mode is " + mode
                + "; the schema commands talk to a Confluent-compatible registry (mode: external) or an AWS Glue"
                + " registry (mode: glue)");
    }

    private Opened fromConfig(CliEnvironment env, RuleSet explicit) throws UsageProblem, ConfigInvalid {
        ConfigOption option = new ConfigOption();
        option.file = config;
        ToolkitConfig loaded = option.load(env, ConfigScope.of("schema_registry"));
        if (loaded == null) throw new ConfigInvalid();
        RegistryDefinition registry = loaded.registry();
        if (!"external".equals(registry.mode())) throw notExternal(config, registry.mode());
        Map<String, Object> options = registry.options();
        if (explicit != null) {
            // --rules wins over the config's flavor (and makes a mock:// registry judge by them).
            options = new LinkedHashMap<>(options);
            options.put("flavor", explicit.id());
        }
        try {
            RegistryClient client = RegistryClients.external(registry.optionsKeyPath(), options, loaded.stateDir());
            return new Opened(client, RegistryClients.ruleSet(registry.optionsKeyPath(), options));
        } catch (ConfigException e) {
            option.printProblems(env, e);
            throw new ConfigInvalid();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** The config file is invalid and its problems have been printed (exit 2). */
    static final class ConfigInvalid extends Exception {
        ConfigInvalid() {
            super(null, null, false, false);
        }
    }
}
