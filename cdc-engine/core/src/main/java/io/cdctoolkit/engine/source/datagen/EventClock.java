package io.cdctoolkit.engine.source.datagen;

import java.time.Instant;

/**
 * Deterministic event time: event {@code seq} happened at {@link #START} plus {@code seq} steps, a step
 * being {@code 1/events_per_second} seconds (1 ms when unlimited). Never the wall clock, so equal
 * seeds give equal bytes; with pacing on, timestamps advance at the pace events are emitted.
 *
 * @param stepMicros microseconds between consecutive events
 */
record EventClock(long stepMicros) {

    /** Time of event 0: 2024-01-01T00:00:00Z. */
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final long START_MICROS = START.getEpochSecond() * 1_000_000L;

    /** The clock for a pacing rate ({@code 0} = unlimited, 1 ms per event). */
    static EventClock forRate(int eventsPerSecond) {
        return new EventClock(eventsPerSecond <= 0 ? 1_000 : Math.max(1, 1_000_000L / eventsPerSecond));
    }

    /** When event {@code seq} happened. */
    Instant at(long seq) {
        long micros = START_MICROS + seq * stepMicros;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
