package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.nio.charset.StandardCharsets;

/**
 * Splits one line of {@code COPY ... TO STDOUT} text format into column texts (null for {@code \N}),
 * undoing its backslash escapes; the texts are then those of the type output functions, the same
 * pgoutput sends, so one set of decoders serves snapshot and stream. Hand-written: pgjdbc's
 * CopyManager hands over raw lines and parses none.
 */
final class CopyText {

    private CopyText() {
    }

    static String[] split(byte[] line, int columns) {
        String text = new String(line, StandardCharsets.UTF_8);
        int end = text.endsWith("\n") ? text.length() - 1 : text.length();
        String[] out = new String[columns];
        StringBuilder field = new StringBuilder();
        int column = 0;
        boolean escaped = false;
        int i = 0;
        while (i <= end) {
            char c = i < end ? text.charAt(i) : '\t';
            if (c == '\t') {
                String value = field.toString();
                out[column++] = !escaped && value.equals("\\N") ? null : unescape(value);
                field.setLength(0);
                i++;
                continue;
            }
            field.append(c);
            i++;
        }
        if (column != columns) throw new IllegalStateException("COPY line has " + column + " columns, expected " + columns);
        return out;
    }

    private static String unescape(String value) {
        if (value.indexOf('\\') < 0) return value;
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\' || i + 1 >= value.length()) {
                out.append(c);
                continue;
            }
            char n = value.charAt(++i);
            switch (n) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                default -> out.append(n); // COPY TO writes only the escapes above and \\ (no octal, no \x)
            }
        }
        return out.toString();
    }
}
