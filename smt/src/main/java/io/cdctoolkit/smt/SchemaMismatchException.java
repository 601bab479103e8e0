package io.cdctoolkit.smt;

/**
 * A transform's configuration does not fit a schema it meets: a field it names is missing, a type it
 * cannot convert, two fields that would get one name. Found when the transform compiles its plan for
 * the schema: by {@code check} (reported as a config problem at the option's key path) or, for a
 * schema that first appears while running, on the first event of that schema (which then goes to
 * {@code on_error}).
 */
public final class SchemaMismatchException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String option;
    private final String field;

    /**
     * @param option the option the problem is about ({@code fields}, {@code spec}), or null for the
     *               transform's config as a whole
     * @param field  the field path at fault, or null
     * @param reason what does not fit, for a person to read
     */
    public SchemaMismatchException(String option, String field, String reason) {
        super(reason);
        this.option = option;
        this.field = field;
    }

    /** The option the problem is about, or null. */
    public String option() {
        return option;
    }

    /** The field path at fault, or null. */
    public String field() {
        return field;
    }

    /** The reason. */
    public String reason() {
        return getMessage();
    }
}
