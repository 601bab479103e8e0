package io.cdctoolkit.schema.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.format.SchemaText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RegistryClient} in front of another that remembers what never changes in a registry: the
 * id of a schema registered under a subject, and the schema of an id. A schema the registry rejected
 * (409/422) is remembered for a short time too, so a stream of events of a rejected table version
 * does not send one registration per event. Bounded (Caffeine). Every call that reaches the
 * registry counts in the meter {@code cdc.registry.requests} (tag {@code operation}), which is how
 * tests prove the steady state makes none.
 */
public final class CachingRegistryClient implements RegistryClient {

    /** How many (subject, schema) → id and id → schema entries are kept. */
    public static final int MAX_ENTRIES = 10_000;

    private record SubjectSchema(String subject, SchemaText schema, boolean normalize) {
    }

    private final RegistryClient delegate;
    private final Cache<SubjectSchema, Integer> ids = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private final Cache<Integer, SchemaText> schemas = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private final Cache<SubjectSchema, RegistryRequestException> rejected;
    private final Counter registrations;
    private final Counter lookups;
    private final Counter reads;
    private final Counter others;
    private final Counter registrationHits;
    private final Counter readHits;

    /**
     * @param delegate       the registry
     * @param rejectionTtl   how long a rejection is remembered before the registry is asked again
     * @param meterRegistry  where {@code cdc.registry.requests} (misses) and {@code cdc.registry.cache.hits} are counted
     */
    public CachingRegistryClient(RegistryClient delegate, Duration rejectionTtl, MeterRegistry meterRegistry) {
        this.delegate = delegate;
        this.rejected = Caffeine.newBuilder().maximumSize(1_000).expireAfterWrite(rejectionTtl).build();
        this.registrations = counter(meterRegistry, "register");
        this.lookups = counter(meterRegistry, "lookup");
        this.reads = counter(meterRegistry, "read");
        this.others = counter(meterRegistry, "other");
        this.registrationHits = hits(meterRegistry, "register");
        this.readHits = hits(meterRegistry, "read");
    }

    private Counter hits(MeterRegistry meterRegistry, String operation) {
        return Counter.builder("cdc.registry.cache.hits").tag("registry", delegate.describe()).tag("operation", operation)
                .description("Registry calls answered from the cache (no request)").register(meterRegistry);
    }

    private Counter counter(MeterRegistry meterRegistry, String operation) {
        return Counter.builder("cdc.registry.requests").tag("registry", delegate.describe()).tag("operation", operation)
                .description("Requests that reached the schema registry (cache misses)").register(meterRegistry);
    }

    @Override
    public int register(String subject, SchemaText schema, boolean normalize) {
        SubjectSchema key = new SubjectSchema(subject, schema, normalize);
        Integer id = ids.getIfPresent(key);
        if (id != null) {
            registrationHits.increment();
            return id;
        }
        RegistryRequestException rejection = rejected.getIfPresent(key);
        if (rejection != null) throw rejection;
        registrations.increment();
        try {
            id = delegate.register(subject, schema, normalize);
        } catch (RegistryRequestException e) {
            if (e.rejectedSchema()) rejected.put(key, e);
            throw e;
        }
        ids.put(key, id);
        schemas.put(id, schema);
        return id;
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, SchemaText schema, boolean normalize) {
        SubjectSchema key = new SubjectSchema(subject, schema, normalize);
        lookups.increment();
        Optional<RegisteredSchema> found = delegate.lookup(subject, schema, normalize);
        found.ifPresent(r -> {
            ids.put(key, r.id());
            schemas.put(r.id(), schema);
        });
        return found;
    }

    @Override
    public SchemaText schemaById(int id) {
        SchemaText schema = schemas.getIfPresent(id);
        if (schema != null) {
            readHits.increment();
            return schema;
        }
        reads.increment();
        schema = delegate.schemaById(id);
        schemas.put(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        // Not cached: "latest" changes; the encoder keeps what it got per row schema.
        reads.increment();
        return delegate.latest(subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        reads.increment();
        return delegate.version(subject, version);
    }

    @Override
    public List<Integer> versions(String subject) {
        others.increment();
        return delegate.versions(subject);
    }

    @Override
    public List<String> subjects() {
        others.increment();
        return delegate.subjects();
    }

    @Override
    public CompatibilityResult checkCompatibility(String subject, SchemaText schema) {
        others.increment();
        return delegate.checkCompatibility(subject, schema);
    }

    @Override
    public CompatibilityLevel compatibilityLevel(String subject) {
        others.increment();
        return delegate.compatibilityLevel(subject);
    }

    @Override
    public void setCompatibilityLevel(String subject, CompatibilityLevel level) {
        others.increment();
        delegate.setCompatibilityLevel(subject, level);
    }

    @Override
    public Optional<String> globalMode() {
        others.increment();
        return delegate.globalMode();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
