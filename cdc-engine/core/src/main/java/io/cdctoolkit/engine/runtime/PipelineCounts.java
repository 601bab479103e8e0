package io.cdctoolkit.engine.runtime;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pipeline's counts at one moment: for a status line while it runs, and in its
 * {@link PipelineResult}.
 *
 * @param eventsIn         source events taken from the source and processed
 * @param recordsOut       records the sink acknowledged (dead-letter records included)
 * @param skipped          records or events left out by {@code on_error: skip}
 * @param deadLettered     records or events written to the dead-letter topic
 * @param dropped          events dropped by stages (filters, dedup)
 * @param failed           events that failed the pipeline ({@code on_error: stop} or a fatal error)
 * @param recordsPerTopic  acknowledged records per topic, sorted by topic
 * @param droppedPerStage  dropped events per stage name, sorted by name
 * @param inFlightRecords  records written but not yet acknowledged
 * @param inFlightBytes    bytes written but not yet acknowledged
 */
public record PipelineCounts(long eventsIn, long recordsOut, long skipped, long deadLettered, long dropped,
                             long failed, Map<String, Long> recordsPerTopic, Map<String, Long> droppedPerStage,
                             long inFlightRecords, long inFlightBytes) {

    public PipelineCounts {
        recordsPerTopic = Collections.unmodifiableMap(new TreeMap<>(recordsPerTopic));
        droppedPerStage = Collections.unmodifiableMap(new TreeMap<>(droppedPerStage));
    }
}
