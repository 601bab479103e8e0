package io.cdctoolkit.schema.glue;

/**
 * The Glue Schema Registry refused a request, not retried: the schema was rejected (incompatible
 * with earlier versions, or invalid), something named does not exist (registry, schema version),
 * access was denied, or two schema versions map to one derived standard id. Carries Glue's own
 * error code and message; an encoder maps {@link #rejectedSchema()} to {@code InvalidDataException}.
 */
public class GlueRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final boolean rejectedSchema;

    /**
     * @param errorCode      Glue's error code (e.g. {@code InvalidInputException}), or the version status
     *                       ({@code FAILURE}), or {@code StandardIdCollision}
     * @param message        what happened, with Glue's reason, for a person to read
     * @param rejectedSchema whether the registry rejected the schema itself (incompatible or invalid)
     * @param cause          the SDK's exception, or null
     */
    public GlueRegistryException(String errorCode, String message, boolean rejectedSchema, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.rejectedSchema = rejectedSchema;
    }

    /** Glue's error code, the failed version's status, or {@code StandardIdCollision}. */
    public String errorCode() {
        return errorCode;
    }

    /** Whether the schema was rejected (compatibility or validity): the event's data is at fault, not the setup. */
    public boolean rejectedSchema() {
        return rejectedSchema;
    }
}
