package io.cdctoolkit.compat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds secrets in bytes, in the encodings a leak would take: as is, base64 and base64url (at every
 * alignment, so a secret inside a longer encoded text — {@code Authorization: Basic base64(user:password)}
 * — is found too), hex (both cases), URL-encoded and JSON-escaped.
 */
final class SecretScanner {

    /** A named secret and the byte patterns that give it away. */
    record Secret(String name, List<byte[]> forms) {
    }

    /** One secret found in one named piece of output. */
    record Hit(String secret, String where, String excerpt) {
        @Override
        public String toString() {
            return secret + " in " + where + ": …" + excerpt + "…";
        }
    }

    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    /** Watches for a text secret (its UTF-8 bytes) in every encoding. */
    SecretScanner text(String name, String value) {
        return bytes(name, value.getBytes(StandardCharsets.UTF_8), value);
    }

    /**
     * Watches for binary key material: the raw bytes and their encodings, and {@code asConfigured} (the
     * text the config holds, e.g. the base64 of the key) in every encoding.
     */
    SecretScanner bytes(String name, byte[] raw, String asConfigured) {
        Set<String> texts = new LinkedHashSet<>();
        texts.add(asConfigured);
        texts.add(URLEncoder.encode(asConfigured, StandardCharsets.UTF_8));
        texts.add(asConfigured.replace("/", "\\/"));
        texts.add(HexFormat.of().formatHex(raw));
        texts.add(HexFormat.of().withUpperCase().formatHex(raw));
        texts.addAll(base64Cores(raw, Base64.getEncoder().withoutPadding()));
        texts.addAll(base64Cores(raw, Base64.getUrlEncoder().withoutPadding()));
        byte[] configured = asConfigured.getBytes(StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(configured, raw)) {
            texts.addAll(base64Cores(configured, Base64.getEncoder().withoutPadding()));
            texts.addAll(base64Cores(configured, Base64.getUrlEncoder().withoutPadding()));
            texts.add(HexFormat.of().formatHex(configured));
        }
        List<byte[]> forms = new ArrayList<>();
        forms.add(raw);
        texts.forEach(t -> forms.add(t.getBytes(StandardCharsets.UTF_8)));
        secrets.put(name, new Secret(name, forms));
        return this;
    }

    /**
     * The base64 characters that encode {@code raw} whatever bytes precede it (0, 1 or 2 modulo 3) and
     * follow it: only the 4-character groups made of the secret's bytes alone.
     */
    private static List<String> base64Cores(byte[] raw, Base64.Encoder encoder) {
        List<String> cores = new ArrayList<>();
        for (int lead = 0; lead < 3; lead++) {
            byte[] shifted = new byte[lead + raw.length];
            System.arraycopy(raw, 0, shifted, lead, raw.length);
            String encoded = encoder.encodeToString(shifted);
            int from = lead == 0 ? 0 : 4;
            int to = 4 * (shifted.length / 3);
            if (to - from >= 8) cores.add(encoded.substring(from, to));
        }
        return cores;
    }

    /** Every secret found in {@code data} (named {@code where} in the hits). */
    List<Hit> scan(String where, byte[] data) {
        List<Hit> hits = new ArrayList<>();
        for (Secret secret : secrets.values()) {
            for (byte[] form : secret.forms()) {
                int at = indexOf(data, form);
                if (at >= 0) {
                    hits.add(new Hit(secret.name(), where, excerpt(data, at, form.length)));
                    break;
                }
            }
        }
        return hits;
    }

    private static String excerpt(byte[] data, int at, int length) {
        int from = Math.max(0, at - 60);
        int to = Math.min(data.length, at + length + 20);
        // The excerpt names the place; the secret itself is masked so the test report does not leak it either.
        StringBuilder s = new StringBuilder(new String(data, from, at - from, StandardCharsets.UTF_8));
        s.append("<SECRET>").append(new String(data, at + length, to - at - length, StandardCharsets.UTF_8));
        return s.toString().replace('\n', ' ');
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
