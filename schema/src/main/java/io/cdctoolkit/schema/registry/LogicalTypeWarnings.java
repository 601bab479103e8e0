package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.compat.AvroLogicalTypeChanges;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A WARN when a table version a pipeline registers changes an Avro logical type (ALTER COLUMN … TYPE numeric(12,3) on a
 * numeric(10,2)): the registry accepts it, as Avro's rules ignore logical types, but consumers reading older records
 * with it get other values ({@link AvroLogicalTypeChanges}). Said once per new version. The first registration under
 * a subject in this process compares with the subject's latest version in the registry (one request per subject, the
 * registrar's, before it registers), so a table altered while the pipeline was stopped is warned of at its start; later
 * ones compare with the version this process registered before, adding no request.
 */
public final class LogicalTypeWarnings {

    private static final Logger LOG = LoggerFactory.getLogger(LogicalTypeWarnings.class);

    /** A schema to compare the subject's next registration with, and how the warning names it ("" for our own). */
    private record Compared(SchemaText schema, String which) {
    }

    private final String registry;
    /** The schema this process last registered under each subject, or the registry's latest before the first. */
    private final Map<String, Compared> lastRegistered = new ConcurrentHashMap<>();

    /** @param registry the registry, as its messages name it */
    public LogicalTypeWarnings(String registry) {
        this.registry = registry;
    }

    /**
     * Whether the registrar should read the subject's latest version before it registers {@code schema}: an Avro
     * schema (the only format with logical types the registries ignore) under a subject this process has not
     * registered under yet.
     */
    public boolean wantsLatestBefore(String subject, SchemaText schema) {
        return schema.type() == SchemaType.AVRO && !lastRegistered.containsKey(subject);
    }

    /**
     * The registry's latest version of {@code subject} before this process first registered under it.
     *
     * @param which how the warning names it ("version 3, the subject's latest")
     */
    public void latestBefore(String subject, SchemaText latest, String which) {
        lastRegistered.putIfAbsent(subject, new Compared(latest, " (compared with " + which
                + " when this pipeline started writing to it)"));
    }

    /** {@code schema} was registered (or found) under {@code subject} as {@code version} (an id, a version UUID). */
    public void registered(String subject, String version, SchemaText schema) {
        Compared before = lastRegistered.put(subject, new Compared(schema, ""));
        if (before == null || before.schema().equals(schema)) return;
        for (String change : AvroLogicalTypeChanges.between(before.schema(), schema)) {
            LOG.warn("subject '{}' on {}: the table's new version ({}) changes {}{}", subject, registry, version,
                    change, before.which());
        }
    }
}
