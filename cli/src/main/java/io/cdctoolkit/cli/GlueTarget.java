package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.RegistryDefinition;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.glue.GlueCompatibility;
import io.cdctoolkit.schema.glue.GlueRegistryException;
import io.cdctoolkit.schema.glue.GlueRegistryFactory;
import io.cdctoolkit.schema.glue.GlueSchemaRegistry;
import io.cdctoolkit.schema.registry.RegistryErrors;
import io.cdctoolkit.schema.registry.RegistryServerErrorException;
import io.cdctoolkit.schema.registry.RegistryThrottledException;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The config's AWS Glue registry ({@code schema_registry.mode: glue}) for the {@code schema} commands: Glue's schema
 * names stand for subjects. Glue judges compatibility only while registering, so the verdict of {@code check --config}
 * and {@code check-tables} is {@link GlueCompatibility}'s (the schema's versions, read, judged by the offline rules at
 * its compatibility setting).
 */
final class GlueTarget {

    private GlueTarget() {
    }

    /** Opens the Glue registry {@code registry} describes, once it is known to exist. */
    static GlueSchemaRegistry open(CliEnvironment env, RegistryDefinition registry)
            throws ConfigException, UsageProblem, ConnectivityException {
        ConfiguredRegistry configured = ConfiguredRegistry.of(registry, env.catalog()).orElseThrow();
        GlueSchemaRegistry glue = new GlueSchemaRegistry(GlueRegistryFactory.settings(configured.options()));
        boolean exists;
        try {
            exists = reading(glue, glue::registryExists);
        } catch (ConnectivityException e) {
            glue.close();
            throw e;
        }
        if (!exists) {
            String name = glue.settings().registryName();
            glue.close();
            throw new UsageProblem(glue.settings().describe() + " does not exist: create it (aws glue create-registry"
                    + " --registry-name " + name + ") or set " + registry.optionsKeyPath() + ".registry_name");
        }
        return glue;
    }

    /** {@link GlueCompatibility#check}, Glue's failures as the commands' exit 3. */
    static GlueCompatibility.Verdict check(GlueSchemaRegistry glue, String schemaName, SchemaText candidate,
                                           CompatibilityLevel level, RuleSet rules) throws ConnectivityException {
        return reading(glue, () -> GlueCompatibility.check(glue, schemaName, candidate, level,
                rules == null ? RuleSet.CONFLUENT : rules));
    }

    /** The latest version of a Glue schema; empty when there is none. */
    static Optional<SchemaText> latest(GlueSchemaRegistry glue, String schemaName) throws ConnectivityException {
        return reading(glue, () -> glue.latest(schemaName));
    }

    /** A version of a Glue schema by number, or its latest available one with {@code number} null; empty: none. */
    static Optional<GlueSchemaRegistry.GlueVersion> version(GlueSchemaRegistry glue, String schemaName, Long number)
            throws ConnectivityException {
        return reading(glue, () -> glue.version(schemaName, number));
    }

    /** The version with id {@code id}; empty: none. */
    static Optional<GlueSchemaRegistry.GlueVersion> version(GlueSchemaRegistry glue, UUID id)
            throws ConnectivityException {
        return reading(glue, () -> glue.version(id));
    }

    /** The version a {@code wire_format: standard} id stands for; empty when no version carries it. */
    static Optional<UUID> versionIdOf(GlueSchemaRegistry glue, int standardId) throws ConnectivityException {
        try {
            return Optional.of(glue.versionIdOf(standardId));
        } catch (GlueRegistryException e) {
            if ("EntityNotFoundException".equals(e.errorCode())) return Optional.empty();
            throw new ConnectivityException(e.getMessage(), e);
        } catch (RetryableException e) {
            throw unreachable(glue, e);
        }
    }

    /** The registry's schema names, sorted. */
    static List<String> schemaNames(GlueSchemaRegistry glue) throws ConnectivityException {
        return reading(glue, () -> glue.schemaNames().stream().sorted().toList());
    }

    /**
     * Registers {@code schema} under {@code schemaName} (creating the schema at the config's compatibility when Glue
     * has none), or finds it there; the version. Glue's rejection (incompatible, invalid, another data format) is
     * thrown as the {@link GlueRegistryException} it is; anything else as exit 3.
     */
    static GlueSchemaRegistry.GlueVersion register(GlueSchemaRegistry glue, String schemaName, SchemaText schema)
            throws ConnectivityException {
        UUID id;
        try {
            id = glue.register(schemaName, schema);
        } catch (GlueRegistryException e) {
            if (e.rejectedSchema()) throw e;
            throw new ConnectivityException(e.getMessage(), e);
        } catch (RetryableException e) {
            throw unreachable(glue, e);
        }
        return version(glue, id).orElseThrow(() -> new ConnectivityException(glue.settings().describe()
                + ": registered version " + id + " of schema " + schemaName + " is gone", null));
    }

    /** {@code " at LEVEL"}, the level the rules judged at; nothing when no rule judged ({@link #how} says why). */
    static String at(GlueCompatibility.Verdict verdict) {
        return verdict.checkedLevel().map(level -> " at " + level).orElse("");
    }

    /**
     * How the verdict was reached: {@code Glue: BACKWARD_ALL; cdc-toolkit's offline confluent rules against its 2
     * versions, as Glue checks only when registering} ({@code its latest version} at a plain level).
     */
    static String how(GlueCompatibility.Verdict verdict, String schemaName) {
        if (verdict.setting().isEmpty()) return "Glue has no schema " + schemaName + " yet: its first version is always taken";
        String setting = "Glue: " + verdict.setting().get();
        if (verdict.checkedLevel().isEmpty()) {
            return verdict.result().compatible() ? setting + "; Glue holds this definition already: registering it adds"
                    + " no version" : setting;
        }
        String against = verdict.checkedLevel().get().transitive()
                ? "its " + verdict.versions() + (verdict.versions() == 1 ? " version" : " versions") : "its latest version";
        return setting + "; cdc-toolkit's offline " + verdict.rules().id() + " rules against " + against
                + ", as Glue checks only when registering"
                + (verdict.checkedLevel().get() == CompatibilityLevel.NONE ? "; NONE accepts any schema" : "");
    }

    /**
     * "<registry> cannot be reached: <what failed>", the registry named once (Glue's messages begin with it); Glue's own
     * failure at every attempt ({@link RegistryServerErrorException}: reachable) and its throttling
     * ({@link RegistryThrottledException}) as {@link RegistryErrors#unreachable} reports them for any registry.
     */
    private static ConnectivityException unreachable(GlueSchemaRegistry glue, RetryableException e) {
        if (e instanceof RegistryServerErrorException || e instanceof RegistryThrottledException) {
            return RegistryErrors.unreachable(e);
        }
        String registry = glue.settings().describe();
        String message = String.valueOf(e.getMessage());
        if (message.startsWith(registry + ": ")) message = message.substring(registry.length() + 2);
        return new ConnectivityException(registry + " cannot be reached: " + message, e);
    }

    @FunctionalInterface
    private interface GlueCall<T> {
        T call();
    }

    private static <T> T reading(GlueSchemaRegistry glue, GlueCall<T> call) throws ConnectivityException {
        try {
            return call.call();
        } catch (RetryableException e) {
            throw unreachable(glue, e);
        } catch (GlueRegistryException e) {
            throw new ConnectivityException(e.getMessage(), e);
        }
    }
}
