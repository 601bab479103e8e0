package io.cdctoolkit.schema.decode;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.registry.RegistryClient;

import java.util.UUID;

/** Where a decoder finds the writer schema a framed record names. */
public interface SchemaLookup {

    /** The schema with a standard-framing id. */
    SchemaText byId(int id);

    /** The schema of a Glue schema-version id. */
    SchemaText byGlueVersion(UUID versionId);

    /** Schemas from a Confluent-model registry; Glue-framed records are refused. */
    static SchemaLookup of(RegistryClient registry) {
        return new SchemaLookup() {
            @Override
            public SchemaText byId(int id) {
                return registry.schemaById(id);
            }

            @Override
            public SchemaText byGlueVersion(UUID versionId) {
                throw new IllegalArgumentException("the record is Glue-framed (schema version " + versionId
                        + ") but the registry " + registry.describe() + " is not a Glue registry");
            }
        };
    }
}
