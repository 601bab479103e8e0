package io.cdctoolkit.engine.source.datagen;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/** Small value helpers the patterns share. */
final class Gen {

    private static final HexFormat HEX = HexFormat.of();

    private Gen() {
    }

    /** A uniformly chosen element. */
    static <T> T pick(SplittableRandom random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A uniformly chosen element other than {@code current} (so an update always changes the value). */
    static <T> T pickOther(SplittableRandom random, List<T> items, T current) {
        int at = items.indexOf(current);
        if (at < 0) return pick(random, items);
        return items.get((at + 1 + random.nextInt(items.size() - 1)) % items.size());
    }

    /** {@code value} rounded to two decimals (readable output; the rounding is deterministic). */
    static double round2(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    /** 16 lowercase hex digits. */
    static String hex16(long value) {
        return HEX.toHexDigits(value);
    }

    /**
     * A random-looking id for the {@code ordinal}-th insert that is still unique: XOR with a salt and
     * SplitMix64's finalizer are both bijections on 64-bit values, so distinct ordinals never collide
     * (a random draw could, and a deleted key must never come back).
     */
    static long scramble(long ordinal, long salt) {
        long z = ordinal ^ salt;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The decimal digits of a non-negative {@code value}, left-padded with zeros to {@code width}. */
    static String zeroPad(long value, int width) {
        String digits = Long.toString(value);
        if (digits.length() >= width) return digits;
        return "0".repeat(width - digits.length()) + digits;
    }
}
