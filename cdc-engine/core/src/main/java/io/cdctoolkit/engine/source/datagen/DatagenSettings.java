package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.Options;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** Reads validated options and checks what the option types alone cannot (ranges, blank names). */
    static DatagenSettings from(Options options) throws ConfigException {
        String path = options.keyPath();
        List<ConfigProblem> problems = new ArrayList<>();
        int eps = options.integer("events_per_second");
        if (eps < 0) {
            problems.add(new ConfigProblem(path + ".events_per_second", "must not be negative (got " + eps + ")",
                    "use 0 for as fast as possible"));
        }
        long max = options.longValue("max_events");
        if (max < 0) {
            problems.add(new ConfigProblem(path + ".max_events", "must not be negative (got " + max + ")",
                    "use 0 for an unbounded stream"));
        }
        String stream = options.string("stream_name");
        if (stream.isBlank()) {
            problems.add(new ConfigProblem(path + ".stream_name", "must not be blank", "e.g. stream_name: orders"));
        }
        String namespace = options.string("namespace");
        if (namespace.isBlank()) {
            problems.add(new ConfigProblem(path + ".namespace", "must not be blank", "e.g. namespace: demo"));
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new DatagenSettings(options.string("pattern"), eps, max, stream, namespace,
                options.bool("include_sequence"), options.bool("include_timestamp"), options.map("custom_fields"),
                options.longValue("seed"), options.bool("cdc_mode"), options.bool("resume"));
    }
}
