package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.format.SchemaText;

import java.util.List;
import java.util.Optional;

/**
 * The Confluent Schema Registry model — subjects, versions, global int ids — as spoken by
 * Confluent SR, Apicurio's ccompat API, Karapace and Redpanda (REST) and by the in-process
 * {@code mock://} registry. No caching here: callers cache (the encoder compiles per schema).
 *
 * <p>Every method throws {@link RetryableException} when the registry cannot be reached or answers
 * 5xx, 429 or 408 (after the client's own short retries), and {@link RegistryRequestException} for another 4xx.
 */
public interface RegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (or finds it if already there) and returns its id. */
    int register(String subject, SchemaText schema, boolean normalize);

    /** The registered version of {@code schema} under {@code subject}, if it is registered. */
    Optional<RegisteredSchema> lookup(String subject, SchemaText schema, boolean normalize);

    /** The schema with the given global id. */
    SchemaText schemaById(int id);

    /** The latest version of {@code subject}. */
    RegisteredSchema latest(String subject);

    /** One version of {@code subject}. */
    RegisteredSchema version(String subject, int version);

    /** The version numbers of {@code subject}, oldest first. */
    List<Integer> versions(String subject);

    /** The version numbers of {@code subject}, oldest first; none when the registry has no such subject. */
    default List<Integer> versionsIfAny(String subject) {
        try {
            return versions(subject);
        } catch (RegistryRequestException e) {
            if (e.notFound()) return List.of();
            throw e;
        }
    }

    /** Every subject. */
    List<String> subjects();

    /**
     * Asks the registry whether {@code schema} may be registered under {@code subject}, at the
     * subject's configured level (transitive levels against every version), with the registry's
     * verbose messages.
     */
    CompatibilityResult checkCompatibility(String subject, SchemaText schema);

    /**
     * How a {@link #checkCompatibility} problem ends when the registry refused without saying why (Apicurio's verbose
     * answers carry no messages): {@link RegistryCompatibility} then adds the offline rules' reasons.
     */
    String NO_DETAILS = " (the registry gave no details)";

    /** The subject's effective level (its own, else the global one). */
    CompatibilityLevel compatibilityLevel(String subject);

    /** Sets the subject's level ({@code subject == null}: the global level). */
    void setCompatibilityLevel(String subject, CompatibilityLevel level);

    /**
     * The registry's global mode as it names it ({@code READWRITE}, {@code READONLY}, {@code READONLY_OVERRIDE},
     * {@code IMPORT}: Confluent's modes, which Apicurio's ccompat API also reports), or empty when the registry has no
     * such setting to tell.
     */
    default Optional<String> globalMode() {
        return Optional.empty();
    }

    /** A short description for messages, e.g. the base URL without credentials. */
    String describe();

    @Override
    default void close() {
    }
}
