package io.cdctoolkit.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.KeysetHandle;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.security.keys.EncryptionMode;
import io.cdctoolkit.security.keys.FieldCipher;
import io.cdctoolkit.security.keys.KeyOptions;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decrypts what the {@code encryption} feature wrote: one field, or every {@code enc:v1:} field of a
 * record read back as JSON (the shape of the {@code disabled} registry mode, which is also what the
 * registry decoders produce). Each field comes back as the JSON value it would have had unencrypted —
 * its canonical JSON text was what was encrypted — so numbers stay numbers, decimals exact strings,
 * nested rows objects.
 *
 * <p>The associated data of a field is {@code "<context>.<field>"} with the context
 * {@code "<database>.<schema>.<table>"} (absent levels empty). A record says its context in the Kafka
 * header {@value #CONTEXT_HEADER}, which the stage writes on every event with encrypted fields; a
 * change envelope without that header is placed by its {@code source.db}, {@code source.schema} and
 * {@code source.table}. A flat row (after {@code extract_new_record_state}) needs the header.
 *
 * <p>Built from the same key options as the stage ({@code keyset}, {@code key}, or {@code kms_uri} +
 * {@code encrypted_keyset}, and {@code mode}); decrypts with every enabled key of the keyset, so rows
 * written before a rotation still decrypt. Thread-safe.
 */
public final class FieldDecryptor {

    /** Kafka header holding {@code "<database>.<schema>.<table>"}: the associated-data prefix of the record's fields. */
    public static final String CONTEXT_HEADER = "cdc.encryption.context";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OptionSpec ANY_FIELDS = OptionSpec.stringList("fields")
            .doc("Ignored when decrypting: every enc:v1: field is decrypted").build();
    private static final List<OptionSpec> SPECS = EncryptionFactory.specs(ANY_FIELDS);

    private final FieldCipher cipher;

    private FieldDecryptor(FieldCipher cipher) {
        this.cipher = cipher;
    }

    /**
     * A decryptor for the keys of an {@code encryption} block, given as the config holds it
     * ({@code mode}, and {@code keyset} | {@code key} | {@code kms_uri} + {@code encrypted_keyset} with
     * optional {@code kms_endpoint}/{@code kms_region}; {@code enabled} and {@code fields} are ignored).
     *
     * @param keyPath where the block lives, for messages (e.g. {@code sources.pg.config.cdc_features.encryption})
     * @throws ConfigException when the key material is missing or unusable; never quotes it
     */
    public static FieldDecryptor fromConfig(String keyPath, Map<String, ?> block) throws ConfigException {
        Options options = Options.of(keyPath, SPECS, block);
        List<ConfigProblem> problems = new ArrayList<>(KeyOptions.validate(options));
        if (!problems.isEmpty()) throw new ConfigException(problems);
        KeysetHandle keyset = KeyOptions.load(options);
        try {
            return of(keyset, KeyOptions.mode(options));
        } catch (GeneralSecurityException e) {
            throw new ConfigException(keyPath, "the keyset cannot decrypt in mode " + KeyOptions.mode(options).optionValue(), null);
        }
    }

    /**
     * A decryptor for a cleartext Tink JSON keyset (a keyset file), its mode taken from its keys:
     * AES-GCM keys decrypt {@code random}, AES-SIV keys {@code deterministic} values.
     *
     * @param keyPath how messages name the keyset (e.g. {@code --keyset})
     * @throws ConfigException when the text is not a keyset of either primitive; never quotes it
     */
    public static FieldDecryptor fromKeysetJson(String keyPath, String keysetJson) throws ConfigException {
        ConfigException last = null;
        for (EncryptionMode mode : EncryptionMode.values()) {
            try {
                return fromConfig(keyPath, Map.of(KeyOptions.KEYSET.name(), keysetJson,
                        KeyOptions.MODE.name(), mode.optionValue()));
            } catch (ConfigException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * A decryptor for a keyset already in hand.
     *
     * @throws GeneralSecurityException when the keyset holds no key of the mode's primitive
     */
    public static FieldDecryptor of(KeysetHandle keyset, EncryptionMode mode) throws GeneralSecurityException {
        return new FieldDecryptor(FieldCipher.of(keyset, mode));
    }

    /** Whether {@code text} is an encrypted value ({@code enc:v1:…}). */
    public static boolean isEncrypted(String text) {
        return EncryptedValues.isEncrypted(text);
    }

    /** The context {@code "<database>.<schema>.<table>"} of a table's fields (absent levels empty). */
    public static String context(TableId table) {
        return EncryptedValues.context(table);
    }

    /**
     * The canonical JSON text that was encrypted into {@code encrypted} (e.g. {@code "\"a@b.c\""},
     * {@code "42"}, {@code "\"12.30\""}).
     *
     * @param context the table's context (see {@link #context(TableId)})
     * @param field   the field's name
     * @throws DecryptionException when no key decrypts it for that place
     */
    public String decryptToJson(String encrypted, String context, String field) throws DecryptionException {
        byte[] ciphertext;
        try {
            ciphertext = EncryptedValues.decode(encrypted);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException(context, field, "not an enc:v1: value (base64url expected after the prefix)");
        }
        try {
            return new String(cipher.decrypt(ciphertext, EncryptedValues.associatedData(context, field)),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new DecryptionException(context, field, "does not decrypt: made with a key not in this keyset,"
                    + " in another mode, or for another column or table");
        }
    }

    /** The JSON value that was encrypted into {@code encrypted} (see {@link #decryptToJson}). */
    public JsonNode decryptValue(String encrypted, String context, String field) throws DecryptionException {
        String json = decryptToJson(encrypted, context, field);
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DecryptionException(context, field, "decrypts to text that is not JSON");
        }
    }

    /**
     * A copy of {@code record} with every encrypted field decrypted: the top-level fields of a flat row,
     * or of an envelope's {@code before} and {@code after}; inside {@code payload} when the record is
     * Kafka Connect's {@code {"schema", "payload"}} form. Other values are left as they are.
     *
     * @param context the record's context from its {@value #CONTEXT_HEADER} header, or null to take an
     *                envelope's from its {@code source} block
     * @throws DecryptionException when a field does not decrypt, or the record has encrypted fields
     *                             but no context
     */
    public JsonNode decryptRecord(JsonNode record, String context) throws DecryptionException {
        if (record == null || !record.isObject()) return record;
        if (record.has("schema") && record.has("payload") && record.size() == 2) {
            ObjectNode copy = record.deepCopy();
            copy.set("payload", decryptRecord(record.get("payload"), context));
            return copy;
        }
        if (isEnvelope(record)) {
            String where = context != null ? context : envelopeContext(record.get("source"));
            ObjectNode copy = record.deepCopy();
            for (String side : new String[] {"before", "after"}) {
                JsonNode row = copy.get(side);
                if (row != null && row.isObject()) decryptFields((ObjectNode) row, where);
            }
            return copy;
        }
        ObjectNode copy = record.deepCopy();
        decryptFields(copy, context);
        return copy;
    }

    private static boolean isEnvelope(JsonNode record) {
        return record.has("op") && record.has("after") && record.has("before") && record.path("source").isObject();
    }

    private static String envelopeContext(JsonNode source) {
        JsonNode table = source.get("table");
        if (table == null || !table.isTextual()) return null;
        return EncryptedValues.context(text(source.get("db")), text(source.get("schema")), table.asText());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private void decryptFields(ObjectNode row, String context) throws DecryptionException {
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isTextual() && isEncrypted(value.textValue())) {
                if (context == null) {
                    throw new DecryptionException(null, field.getKey(), "the record does not say its table: no "
                            + CONTEXT_HEADER + " header and no envelope source block");
                }
                field.setValue(decryptValue(value.textValue(), context, field.getKey()));
            }
        }
    }

    @Override
    public String toString() {
        return "FieldDecryptor[" + cipher + "]";
    }
}
