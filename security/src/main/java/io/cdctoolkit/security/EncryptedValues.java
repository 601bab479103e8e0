package io.cdctoolkit.security;

import io.cdctoolkit.engine.data.TableId;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The wire form of an encrypted field and the associated data that binds it to its place.
 *
 * <p>A value is {@code "enc:v1:" + base64url(Tink ciphertext)}, URL-safe alphabet <em>without</em>
 * padding: the text is then safe in URLs, file names and header values, and its length carries no
 * {@code =} noise (decoders accept it with or without padding).
 *
 * <p>Associated data is {@code "<database>.<schema>.<table>.<field>"}, every level always present, an
 * absent level written as the empty string: a MySQL column is {@code "inventory..customers.email"}, a
 * datagen one {@code ".ns.orders.amount"} when the namespace is the schema. Keeping the four positions
 * makes {@code db.table} (no schema) and {@code schema.table} (no database) different places.
 */
final class EncryptedValues {

    /** What every encrypted value starts with. */
    static final String PREFIX = "enc:v1:";

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private EncryptedValues() {
    }

    /** The text written for a ciphertext. */
    static String encode(byte[] ciphertext) {
        // One byte[] and one String per value (encodeToString + concatenation made three of each size):
        // the JDK encoder writes at the array's start, so the base64 is shifted right past the prefix.
        int p = PREFIX_BYTES.length;
        int encoded = (ciphertext.length / 3) * 4 + (ciphertext.length % 3 == 0 ? 0 : ciphertext.length % 3 + 1);
        byte[] text = new byte[p + encoded];
        ENCODER.encode(ciphertext, text);
        System.arraycopy(text, 0, text, p, encoded);
        System.arraycopy(PREFIX_BYTES, 0, text, 0, p);
        return new String(text, StandardCharsets.ISO_8859_1); // all ASCII: a compact (Latin-1) string
    }

    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);

    /** Whether {@code text} is an encrypted value. */
    static boolean isEncrypted(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /**
     * The ciphertext of an encrypted value.
     *
     * @throws IllegalArgumentException when the text is not {@code enc:v1:} + base64url
     */
    static byte[] decode(String text) {
        if (!isEncrypted(text)) throw new IllegalArgumentException("not an enc:v1: value");
        return DECODER.decode(text.substring(PREFIX.length()));
    }

    /** {@code "<database>.<schema>.<table>"}, absent levels empty: the context of a table's fields. */
    static String context(TableId table) {
        return context(table.database(), table.schema(), table.table());
    }

    /** {@code "<database>.<schema>.<table>"} from its parts (null = absent = empty). */
    static String context(String database, String schema, String table) {
        return nullToEmpty(database) + '.' + nullToEmpty(schema) + '.' + nullToEmpty(table);
    }

    /** The associated data of {@code field} in the table whose {@link #context} is {@code context}. */
    static byte[] associatedData(String context, String field) {
        return (context + '.' + field).getBytes(StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
