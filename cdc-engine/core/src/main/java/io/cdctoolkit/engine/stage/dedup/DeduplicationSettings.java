package io.cdctoolkit.engine.stage.dedup;

import io.cdctoolkit.engine.spi.FeatureFactory;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;

import java.util.List;
import java.util.Objects;

/**
 * The {@code cdc_features.deduplication} block of a source.
 *
 * @param ttlSeconds how long an acknowledged event's key stays in the window
 * @param maxEntries most keys in the window (the oldest go first)
 * @param key        what identifies an event
 */
record DeduplicationSettings(long ttlSeconds, int maxEntries, KeyMode key) {

    static final long MAX_TTL_SECONDS = 366L * 24 * 3600;
    static final int MAX_ENTRIES = 10_000_000;

    static final List<OptionSpec> OPTIONS = List.of(
            FeatureFactory.ENABLED,
            OptionSpec.longValue("ttl_seconds").defaultValue(3600L).range(1, MAX_TTL_SECONDS)
                    .doc("How long the key of an acknowledged event is remembered, in seconds").build(),
            OptionSpec.integer("max_entries").defaultValue(100_000).range(1, MAX_ENTRIES)
                    .doc("Most keys remembered (memory and the log in the state folder); the oldest go first").build(),
            OptionSpec.oneOf("key", "position", "content").defaultValue("position")
                    .doc("position: table, key, op and source position (a re-delivery of one change, never two"
                            + " changes; where several rows share a position, as a snapshot's do, the row's SHA-256"
                            + " too, and rows without a key are never dropped); content: table, key, op and a SHA-256"
                            + " of the row, for sources without positions (two identical changes of a row within"
                            + " ttl_seconds are then one; rows without a key are never dropped)")
                    .build());

    DeduplicationSettings {
        Objects.requireNonNull(key, "key");
        if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) throw new IllegalArgumentException("ttl_seconds out of range");
        if (maxEntries < 1 || maxEntries > MAX_ENTRIES) throw new IllegalArgumentException("max_entries out of range");
    }

    static DeduplicationSettings from(Options options) {
        return new DeduplicationSettings(options.longValue("ttl_seconds"), options.integer("max_entries"),
                KeyMode.of(options.string("key")));
    }
}
