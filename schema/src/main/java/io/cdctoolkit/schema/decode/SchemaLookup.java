package io.cdctoolkit.schema.decode;

import io.cdctoolkit.schema.format.SchemaText;

import java.util.UUID;

/** Where a decoder finds the writer schema a framed record names. */
public interface SchemaLookup {

    /** The schema with a standard-framing id. */
    SchemaText byId(int id);

    /** The schema of a Glue schema-version id. */
    SchemaText byGlueVersion(UUID versionId);
}
