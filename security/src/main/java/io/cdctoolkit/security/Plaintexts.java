package io.cdctoolkit.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * What is encrypted: a value's canonical JSON text, exactly as {@link RowJson} renders it in the
 * {@code disabled} registry mode (decimals as exact strings, times with six fraction digits, bytes as
 * base64, nested rows as objects). Decrypting and parsing it gives back the JSON value the field would
 * have had unencrypted, whatever its type.
 */
final class Plaintexts {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

    private Plaintexts() {
    }

    /**
     * The canonical JSON text of {@code value} (not null) of {@code type}, as UTF-8.
     *
     * @throws ClassCastException when the value is not of the type's Java representation
     * @throws IOException        when Jackson cannot render it
     */
    static byte[] render(FieldType type, Object value) throws IOException {
        if (value instanceof String s && isText(type)) return quoted(s);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (JsonGenerator gen = FACTORY.createGenerator(bytes)) {
            RowJson.writeValue(gen, type, value);
        }
        return bytes.toByteArray();
    }

    /**
     * {@code s} as a JSON string literal, byte for byte what Jackson's string encoder
     * ({@link JsonStringEncoder#quoteAsUTF8}) writes: most strings need no escaping and take the short
     * path; those with quotes, backslashes, control characters or surrogates go through that encoder.
     * It writes a surrogate pair as its 4-byte UTF-8 form, where the JSON payloads' writer
     * ({@link RowJson}) writes each half as a six-character escape: the same string once parsed. A
     * lone surrogate is refused (the encryption stage sends the record to {@code on_error}).
     */
    private static byte[] quoted(String s) {
        // Printable ASCII (the usual e-mail, name, id): one pass straight into the result.
        int n = s.length();
        byte[] out = new byte[n + 2];
        out[0] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return quotedAnyText(s);
            out[i + 1] = (byte) c;
        }
        out[n + 1] = '"';
        return out;
    }

    private static byte[] quotedAnyText(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) return quotedByJackson(s);
        }
        byte[] body = s.getBytes(StandardCharsets.UTF_8);
        return wrapInQuotes(body);
    }

    private static byte[] quotedByJackson(String s) {
        return wrapInQuotes(STRINGS.quoteAsUTF8(s));
    }

    private static byte[] wrapInQuotes(byte[] body) {
        byte[] out = new byte[body.length + 2];
        out[0] = '"';
        System.arraycopy(body, 0, out, 1, body.length);
        out[out.length - 1] = '"';
        return out;
    }

    private static boolean isText(FieldType type) {
        return switch (type.kind()) {
            case STRING, JSON, ENUM, UUID -> true;
            default -> false;
        };
    }

    /** The type as the field doc records it: {@code decimal(10,2)}, {@code array<int32>}, {@code enum[a,b]}. */
    static String typeName(FieldType type) {
        if (type instanceof FieldType.Array a) return "array<" + typeName(a.element()) + ">";
        if (type instanceof FieldType.MapType m) return "map<" + typeName(m.value()) + ">";
        if (type instanceof FieldType.Enum e) return "enum[" + String.join(",", e.symbols()) + "]";
        if (type instanceof FieldType.Struct s) {
            return "struct<" + s.schema().fields().stream()
                    .map(f -> f.name() + ":" + typeName(f.type())).collect(Collectors.joining(",")) + ">";
        }
        return type.toString();
    }
}
