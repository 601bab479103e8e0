package io.cdctoolkit.schema.glue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The 31-bit schema id that {@code wire_format: standard} writes for a Glue schema version: the first
 * four bytes (big-endian) of SHA-256 over the version UUID's 16 bytes (most significant half first,
 * as in the Glue header), with the sign bit cleared. A pure function of the UUID, so every producer
 * and consumer derives the same id without coordination (never a counter).
 */
public final class StandardIds {

    private StandardIds() {
    }

    /** The derived id of {@code schemaVersion}, in {@code [0, 2^31)}. */
    public static int of(UUID schemaVersion) {
        byte[] uuid = ByteBuffer.allocate(16)
                .putLong(schemaVersion.getMostSignificantBits())
                .putLong(schemaVersion.getLeastSignificantBits())
                .array();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uuid);
            return ByteBuffer.wrap(digest, 0, 4).getInt() & 0x7fff_ffff;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
