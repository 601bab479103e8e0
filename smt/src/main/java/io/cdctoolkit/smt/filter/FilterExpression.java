package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.data.RowSchema;

import java.util.Objects;

/**
 * A parsed filter expression (the language of the {@code filter} transform's {@code condition}),
 * e.g. {@code op != 'd' and (status in ('active', 'trial') or amount >= 100.50)}. Parse once at
 * config load, then {@link #compile(RowSchema)} once per value schema. See docs/transforms.md.
 */
public final class FilterExpression {

    private final String text;
    private final FilterNode root;

    private FilterExpression(String text, FilterNode root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses an expression.
     *
     * @throws FilterSyntaxException with the 1-based column and what was expected there
     */
    public static FilterExpression parse(String text) {
        Objects.requireNonNull(text, "text");
        return new FilterExpression(text, Parser.parse(text));
    }

    /**
     * Compiles the expression for one value schema: an envelope (paths resolved in {@code after}, else
     * {@code before}) or a flat row.
     *
     * @throws FilterCompileException for an unknown field, a literal of the wrong type or an operator the
     *                                field's type does not support, with the column
     */
    public CompiledFilter compile(RowSchema schema) {
        Objects.requireNonNull(schema, "schema");
        return new CompiledFilter(text, schema, new FilterCompiler(schema).compile(root));
    }

    /** The syntax tree. */
    public FilterNode root() {
        return root;
    }

    /** The text as given. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
