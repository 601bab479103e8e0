package io.cdctoolkit.schema.compat;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.schema.format.SchemaText;

/**
 * Asks a Confluent-compatible registry whether a schema may be registered under a subject
 * ({@code POST /compatibility/subjects/{s}/versions/...?verbose=true}), so that {@code schema check
 * --registry URL} gives the verdict the registry itself will give.
 *
 * <p>HOOK: implemented by the registry client and found through {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/io.cdctoolkit.schema.compat.OnlineCompatibility} entry). Per the spec,
 * an implementation for Apicurio checks {@code versions/latest} at plain levels and each version at
 * {@code _TRANSITIVE} levels, since Apicurio's ccompat API mixes them up.
 */
public interface OnlineCompatibility {

    /**
     * Checks {@code schema} against the versions of {@code subject} in the registry at {@code registryUrl}.
     *
     * @param level the level to check at, or null for the subject's level as the registry has it
     * @return the verdict, one problem per incompatibility as the registry words it
     * @throws ConnectivityException when the registry cannot be reached or refuses the login
     * @throws IllegalArgumentException when the registry rejects the request (e.g. the schema does not
     *                                  parse, an unknown subject); the message carries its reason
     */
    CompatibilityResult check(String registryUrl, String subject, SchemaText schema, CompatibilityLevel level)
            throws ConnectivityException;
}
