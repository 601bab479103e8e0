package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses PostgreSQL's text form of a one-dimensional array ({@code {1,2,NULL}},
 * {@code {"a b","q\"uote"}}) into a list of decoded elements. Hand-written: pgjdbc parses arrays
 * only behind {@code java.sql.Array}, not from a string. A multi-dimensional value is refused, as the
 * Debezium engine refuses it (the column's type is an array of scalars).
 */
final class ArrayText {

    private ArrayText() {
    }

    static List<Object> parse(String text, ValueDecoder element) {
        return parse(text, ',', element);
    }

    /**
     * As {@link #parse(String, ValueDecoder)}, with the elements separated by {@code delimiter}: the element type's
     * {@code typdelim}, a comma for every built-in type but {@code box}, whose texts hold commas ({@code ;}).
     */
    static List<Object> parse(String text, char delimiter, ValueDecoder element) {
        // PostgreSQL writes bounds only when an array's first index is not 1 (e.g. [0:1]={1,2}).
        if (text.startsWith("[")) throw new IllegalArgumentException("'" + text + "': " + ArrayBounds.problem(text));
        int start = 0;
        if (text.charAt(start) != '{' || text.charAt(text.length() - 1) != '}') {
            throw new IllegalArgumentException("'" + text + "' is not an array value");
        }
        List<Object> out = new ArrayList<>();
        int i = start + 1;
        int end = text.length() - 1;
        if (i == end) return Collections.unmodifiableList(out);
        StringBuilder item = new StringBuilder();
        while (i <= end) {
            char c = text.charAt(i);
            if (c == '{') {
                throw new IllegalArgumentException("'" + text + "' is a nested array (a multi-dimensional value), not a"
                        + " one-dimensional array");
            }
            item.setLength(0);
            boolean quoted = c == '"';
            if (quoted) {
                i++;
                while (text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\') i++;
                    item.append(text.charAt(i++));
                }
                i++; // closing quote
            } else {
                while (i < end && text.charAt(i) != delimiter) item.append(text.charAt(i++));
            }
            String value = item.toString();
            out.add(!quoted && value.equals("NULL") ? null : element.decode(value));
            i++; // the delimiter or the closing '}'
        }
        return Collections.unmodifiableList(out);
    }
}
