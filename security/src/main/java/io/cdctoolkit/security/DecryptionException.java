package io.cdctoolkit.security;

/**
 * An encrypted field that cannot be decrypted: no key of the keyset made it, it was moved from another
 * column or table (its associated data differs), it is not an {@code enc:v1:} value, or the record
 * does not say which table it belongs to. The message names the place, never the value.
 */
public final class DecryptionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String context;
    private final String field;

    /**
     * @param context the table's context {@code "<database>.<schema>.<table>"}, or null when unknown
     * @param field   the field, or null
     * @param reason  what went wrong
     */
    public DecryptionException(String context, String field, String reason) {
        super((field == null ? "" : "field '" + field + "'" + (context == null ? "" : " of " + context) + ": ") + reason);
        this.context = context;
        this.field = field;
    }

    /** The table's context {@code "<database>.<schema>.<table>"}, or null. */
    public String context() {
        return context;
    }

    /** The field that failed, or null. */
    public String field() {
        return field;
    }
}
