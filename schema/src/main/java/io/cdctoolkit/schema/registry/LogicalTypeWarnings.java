package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.compat.AvroLogicalTypeChanges;
import io.cdctoolkit.schema.format.SchemaText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A WARN when a table version registered while running changes an Avro logical type against the version this process
 * registered before under the same subject (ALTER COLUMN … TYPE numeric(12,3) on a numeric(10,2)): the registry accepts
 * it, as Avro's rules ignore logical types, but consumers reading older records with it get other values
 * ({@link AvroLogicalTypeChanges}). Said once per new version; it adds no registry request.
 */
public final class LogicalTypeWarnings {

    private static final Logger LOG = LoggerFactory.getLogger(LogicalTypeWarnings.class);

    private final String registry;
    /** The schema this process last registered under each subject. */
    private final Map<String, SchemaText> lastRegistered = new ConcurrentHashMap<>();

    /** @param registry the registry, as its messages name it */
    public LogicalTypeWarnings(String registry) {
        this.registry = registry;
    }

    /** {@code schema} was registered (or found) under {@code subject} as {@code version} (an id, a version UUID). */
    public void registered(String subject, String version, SchemaText schema) {
        SchemaText before = lastRegistered.put(subject, schema);
        if (before == null || before.equals(schema)) return;
        for (String change : AvroLogicalTypeChanges.between(before, schema)) {
            LOG.warn("subject '{}' on {}: the table's new version ({}) changes {}", subject, registry, version, change);
        }
    }
}
