package io.cdctoolkit.schema.registry;

/**
 * The registry refused a request (a 4xx answer but 408 and 429, which are retried): not retried, reported with its own
 * status, error code and message. 409 (incompatible) and 422 (invalid schema) also carry the
 * registry's list of reasons in the message.
 */
public class RegistryRequestException extends RuntimeException {

    private final int status;
    private final int errorCode;

    /**
     * @param status    HTTP status
     * @param errorCode the registry's {@code error_code} (e.g. 40401 subject not found), or the status
     * @param message   the registry's message, for a person to read
     */
    public RegistryRequestException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** The registry's error code. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether the registry said the subject, version or schema does not exist (404). */
    public boolean notFound() {
        return status == 404;
    }

    /** Whether the registry rejected the schema as incompatible (409) or invalid (422) — not its mode the write. */
    public boolean rejectedSchema() {
        return (status == 409 || status == 422) && !forbiddenByMode();
    }

    /**
     * Whether the registry's mode forbids the write, whatever the schema: Confluent's error 42205 ("Operation not
     * permitted"), answered while the registry or the subject is in {@code READONLY} (or {@code READONLY_OVERRIDE},
     * {@code IMPORT}) mode.
     */
    public boolean forbiddenByMode() {
        return errorCode == 42205;
    }
}
