package io.cdctoolkit.schema.decode;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.registry.RegistryClient;

import java.util.UUID;

/**
 * Where a decoder finds the writer schema a framed record names. Closing releases what the lookup
 * opened (an HTTP client); a lookup over a client the caller owns closes nothing.
 */
public interface SchemaLookup extends AutoCloseable {

    /** The schema with a standard-framing id. */
    SchemaText byId(int id);

    /** The schema of a Glue schema-version id. */
    SchemaText byGlueVersion(UUID versionId);

    @Override
    default void close() {
    }

    /**
     * Schemas from a Confluent-model registry; Glue-framed records are refused. Closing the lookup
     * leaves {@code registry} open (the caller owns it).
     */
    static SchemaLookup of(RegistryClient registry) {
        return new SchemaLookup() {
            @Override
            public SchemaText byId(int id) {
                return registry.schemaById(id);
            }

            @Override
            public SchemaText byGlueVersion(UUID versionId) {
                throw new IllegalArgumentException("the record is Glue-framed (schema version " + versionId
                        + ") but no Glue registry is configured (" + registry.describe()
                        + " is a Confluent-compatible registry): read it with schema_registry.mode: glue");
            }
        };
    }
}
