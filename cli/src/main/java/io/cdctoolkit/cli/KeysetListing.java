package io.cdctoolkit.cli;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.proto.KeysetInfo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code keys show} prints about a keyset: per key its id, status, type and output prefix, and
 * which key is primary. Built from Tink's {@link KeysetHandle#getKeysetInfo()} (which carries no key
 * material) and each key's {@link Parameters} (sizes and variant only), so nothing here can hold key bytes.
 *
 * @param keys the keys in keyset order
 */
record KeysetListing(List<KeyLine> keys) {

    /**
     * One key.
     *
     * @param id           Tink's key id, unsigned as in the JSON keyset
     * @param status       ENABLED, DISABLED or DESTROYED
     * @param type         AES256_GCM, AES256_SIV, … or, for other key types, Tink's type URL's last part
     * @param typeUrl      Tink's type URL
     * @param outputPrefix TINK (5-byte key id prefix on each ciphertext), RAW, LEGACY or CRUNCHY
     * @param primary      whether this key encrypts
     */
    record KeyLine(String id, String status, String type, String typeUrl, String outputPrefix, boolean primary) {
    }

    KeysetListing {
        keys = List.copyOf(keys);
    }

    /** The listing of {@code keyset}. */
    static KeysetListing of(KeysetHandle keyset) {
        KeysetInfo info = keyset.getKeysetInfo();
        List<KeyLine> lines = new ArrayList<>();
        for (int i = 0; i < info.getKeyInfoCount(); i++) {
            KeysetInfo.KeyInfo key = info.getKeyInfo(i);
            lines.add(new KeyLine(Integer.toUnsignedString(key.getKeyId()), key.getStatus().name(),
                    typeName(keyset, i, key.getTypeUrl()), key.getTypeUrl(), key.getOutputPrefixType().name(),
                    key.getKeyId() == info.getPrimaryKeyId()));
        }
        return new KeysetListing(lines);
    }

    /** The primary key, or null when the keyset has none enabled. */
    KeyLine primary() {
        return keys.stream().filter(KeyLine::primary).findFirst().orElse(null);
    }

    /** Prints the listing as an aligned table, primary key marked with {@code *}. */
    void print(PrintStream out) {
        String[] head = {"KEY ID", "STATUS", "TYPE", "OUTPUT PREFIX", "PRIMARY"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (KeyLine k : keys) rows.add(new String[]{k.id(), k.status(), k.type(), k.outputPrefix(), k.primary() ? "*" : ""});
        int[] width = new int[head.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) width[c] = Math.max(width[c], row[c].length());
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                if (c > 0) line.append("  ");
                line.append(c == row.length - 1 ? row[c] : String.format("%-" + width[c] + "s", row[c]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /**
     * The name the encryption modes use for a key's parameters (AES256_GCM, AES256_SIV); other key
     * types show the last part of their type URL. A key Tink cannot parse (e.g. a destroyed one) has
     * no parameters, so it falls back to the type URL too.
     */
    private static String typeName(KeysetHandle keyset, int index, String typeUrl) {
        Parameters parameters;
        try {
            parameters = keyset.getAt(index).getKey().getParameters();
        } catch (RuntimeException e) {
            parameters = null;
        }
        if (parameters instanceof AesGcmParameters gcm && gcm.getIvSizeBytes() == 12 && gcm.getTagSizeBytes() == 16) {
            return "AES" + gcm.getKeySizeBytes() * 8 + "_GCM";
        }
        if (parameters instanceof AesSivParameters siv) {
            return "AES" + siv.getKeySizeBytes() * 4 + "_SIV"; // SIV's key is two AES keys
        }
        int dot = typeUrl.lastIndexOf('.');
        return dot < 0 ? typeUrl : typeUrl.substring(dot + 1);
    }
}
