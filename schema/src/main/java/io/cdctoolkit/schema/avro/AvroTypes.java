package io.cdctoolkit.schema.avro;

import org.apache.avro.Schema;

/** Small helpers over derived Avro schemas, whose only unions are a type and {@code null}. */
final class AvroTypes {

    private AvroTypes() {
    }

    /** The non-null branch of a {@code [null, T]} / {@code [T, null]} union, or {@code schema} itself. */
    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) return schema;
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) return branch;
        }
        throw new IllegalStateException("union without a non-null branch: " + schema);
    }

    /** The index of the {@code null} branch of a union, or -1 when {@code schema} is not a nullable union. */
    static int nullIndex(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) return -1;
        return schema.getIndexNamed(Schema.Type.NULL.getName());
    }
}
