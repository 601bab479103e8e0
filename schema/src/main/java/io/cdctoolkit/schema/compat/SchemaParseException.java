package io.cdctoolkit.schema.compat;

/**
 * A schema text given to a {@link CompatibilityChecker} does not parse. {@link #version()} says which
 * one, so a caller that read the texts from files can name the file.
 */
public final class SchemaParseException extends IllegalArgumentException {

    /** {@link #version()} of the candidate schema. */
    public static final int CANDIDATE = -1;

    private final int version;

    /**
     * @param version {@link #CANDIDATE}, or the index of the earlier version in the list it was given in
     * @param reason  why it does not parse (the parser's message)
     */
    public SchemaParseException(int version, String reason, Throwable cause) {
        super((version == CANDIDATE ? "the new schema" : "earlier version " + (version + 1))
                + " does not parse: " + reason, cause);
        this.version = version;
    }

    /** {@link #CANDIDATE}, or the 0-based index of the earlier version that does not parse. */
    public int version() {
        return version;
    }
}
