package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.smt.FieldConversion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code strategy: hash}: a string becomes the lowercase hex SHA-256 of the salt's UTF-8 bytes followed
 * by the value's, so equal values still join while the value itself is gone. The salted digest is
 * prepared once and cloned per value (a clone is cheaper than a new digest, and each call has its
 * own, so the stage stays thread-safe). The salt is a secret: it is never part of a message.
 */
final class HashMask implements FieldConversion {

    private static final HexFormat HEX = HexFormat.of();

    private final Field output;
    private final MessageDigest salted;

    HashMask(Field output, String salt) {
        this.output = output;
        this.salted = sha256();
        if (salt != null) salted.update(salt.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Field output() {
        return output;
    }

    @Override
    public Object convert(Object value) {
        MessageDigest digest = copy();
        return HEX.formatHex(digest.digest(((String) value).getBytes(StandardCharsets.UTF_8)));
    }

    private MessageDigest copy() {
        try {
            return (MessageDigest) salted.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 digest can be cloned", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
