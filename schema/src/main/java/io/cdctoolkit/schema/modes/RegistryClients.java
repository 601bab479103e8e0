package io.cdctoolkit.schema.modes;

import io.cdctoolkit.schema.registry.MockRegistries;
import io.cdctoolkit.schema.registry.RegistryClient;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.registry.rest.ConfluentRestRegistryClient;
import io.cdctoolkit.schema.registry.rest.RegistryAuth;
import io.cdctoolkit.schema.registry.rest.RestRegistrySettings;

import java.nio.file.Path;
import java.util.Map;

/**
 * Registry clients for commands that talk to a registry directly ({@code schema check | register |
 * get | subjects}), without caches: from a URL (REST or {@code mock://}) and credentials, or from a
 * config file's {@code schema_registry.external} block exactly as a pipeline would build it.
 */
public final class RegistryClients {

    private RegistryClients() {
    }

    /**
     * The registry at {@code url}: {@code mock://<scope>} in this process, else the Confluent REST API
     * with {@code auth}, default TLS, timeouts and retries.
     *
     * @throws IllegalArgumentException when the URL is not an absolute http(s) URL without credentials
     */
    public static RegistryClient forUrl(String url, RegistryAuth auth) {
        return forUrl(url, auth, RuleSet.CONFLUENT);
    }

    /**
     * As {@link #forUrl(String, RegistryAuth)}; a {@code mock://} scope created by this call judges by
     * {@code mockRules} (a scope keeps the rules it was created with).
     */
    public static RegistryClient forUrl(String url, RegistryAuth auth, RuleSet mockRules) {
        if (MockRegistries.isMockUrl(url)) return MockRegistries.forUrl(url, type -> CompatibilityCheckers.forType(type, mockRules));
        return new ConfluentRestRegistryClient(RestRegistrySettings.of(url).withAuth(auth));
    }

    /**
     * The compatibility rules a registry at {@code url} applies, as far as the URL tells:
     * {@link RuleSet#APICURIO} on Apicurio's ccompat API ({@code …/apis/ccompat/…}), else
     * {@link RuleSet#CONFLUENT} (Confluent SR, Karapace, Redpanda, and {@code mock://} registries).
     */
    public static RuleSet ruleSet(String url) {
        return ExternalRegistryOptions.ruleSetOfUrl(url);
    }

    /**
     * The compatibility rules of the registry of a {@code schema_registry.external} block: its
     * {@code flavor}, else as {@link #ruleSet(String)} tells from its {@code url}.
     *
     * @throws ConfigException when the options are invalid
     */
    public static RuleSet ruleSet(String keyPath, Map<String, Object> options) throws ConfigException {
        return ExternalRegistryOptions.ruleSet(Options.of(keyPath, ExternalRegistryOptions.SPECS, options));
    }

    /**
     * The registry of a {@code schema_registry.external} block (url, auth, TLS, timeouts, retries),
     * validated against the same option specs as a pipeline's.
     *
     * @param keyPath where the block is, for messages (e.g. {@code schema_registry.external})
     * @param options the block as the config holds it (after variable substitution)
     * @throws ConfigException when the options are invalid
     */
    public static RegistryClient external(String keyPath, Map<String, Object> options) throws ConfigException {
        return external(keyPath, options, null);
    }

    /**
     * As {@link #external(String, Map)}, for a config whose state folder is {@code stateDir}: a {@code mock://} scope
     * with {@code mock_persist} is the one kept there (what the config's pipelines registered), not an empty one.
     *
     * @throws ConfigException when the options are invalid
     */
    public static RegistryClient external(String keyPath, Map<String, Object> options, Path stateDir)
            throws ConfigException {
        Options parsed = Options.of(keyPath, ExternalRegistryOptions.SPECS, options);
        var problems = ExternalRegistryOptions.validate(parsed);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return ExternalRegistryFactory.client(parsed, stateDir);
    }
}
