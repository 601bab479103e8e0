package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.registry.RegistryClient;

/**
 * Asks a Confluent-compatible registry whether a schema may be registered under a subject
 * ({@code POST /compatibility/subjects/{s}/versions/...?verbose=true}), so that {@code schema check
 * --registry URL} gives the verdict the registry itself will give.
 *
 * <p>Found through {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/io.cdctoolkit.schema.registry.OnlineCompatibility} entry); the schema
 * module's implementation is {@code io.cdctoolkit.schema.registry.RegistryCompatibility}.
 */
public interface OnlineCompatibility {

    /**
     * Checks {@code schema} against the versions of {@code subject} in {@code registry}.
     *
     * <p>At the subject's own level ({@code level} null or equal to it) the registry judges, with its
     * own rules and messages. At another level no registry can judge (the Confluent API has no level
     * parameter, and changing the subject's level would change what producers may register), so the
     * subject's versions are fetched and judged by the offline rules ({@link CompatibilityCheckers})
     * at {@code level}; {@link OnlineVerdict#byRegistry()} says which happened.
     *
     * @param level the level to check at, or null for the subject's level as the registry has it
     * @throws ConnectivityException when the registry cannot be reached or refuses the login
     * @throws IllegalArgumentException when the registry rejects the request (e.g. the schema does not
     *                                  parse); the message carries its reason
     */
    OnlineVerdict check(RegistryClient registry, String subject, SchemaText schema, CompatibilityLevel level,
                        RuleSet rules) throws ConnectivityException;
}
