package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.spi.Options;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The datagen source's options, validated and typed (see {@link DatagenSourceFactory} for docs).
 *
 * @param pattern          which pattern generates the rows
 * @param eventsPerSecond  pacing, 0 = unlimited
 * @param maxEvents        sequence numbers {@code 0 .. maxEvents-1} exist, 0 = unlimited
 * @param streamName       table name of the events
 * @param namespace        database name of the events
 * @param includeSequence  whether rows carry {@code _sequence}
 * @param includeTimestamp whether rows carry {@code _timestamp}
 * @param customFields     constant columns appended to every row, in config order
 * @param seed             seed of the {@link java.util.SplittableRandom}
 * @param cdcMode          insert/update/delete cycles instead of a stream of reads
 * @param resume           continue after the committed position on start (false: always start at seq 0)
 */
record DatagenSettings(String pattern, int eventsPerSecond, long maxEvents, String streamName, String namespace,
                       boolean includeSequence, boolean includeTimestamp, Map<String, Object> customFields,
                       long seed, boolean cdcMode, boolean resume) {

    DatagenSettings {
        customFields = Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
    }

    /** Reads validated options (the spec's rules already rejected negative counts and blank names). */
    static DatagenSettings from(Options options) {
        return new DatagenSettings(options.string("pattern"), options.integer("events_per_second"),
                options.longValue("max_events"), options.string("stream_name"), options.string("namespace"),
                options.bool("include_sequence"), options.bool("include_timestamp"), options.map("custom_fields"),
                options.longValue("seed"), options.bool("cdc_mode"), options.bool("resume"));
    }
}
