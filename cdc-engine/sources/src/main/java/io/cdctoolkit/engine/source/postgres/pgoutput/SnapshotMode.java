package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * When the native reader snapshots, by {@code snapshot_mode}, with the Debezium PostgreSQL connector's
 * meanings (its {@code InitialSnapshotter}, {@code NoDataSnapshotter}, {@code AlwaysSnapshotter} and
 * {@code WhenNeededSnapshotter}); {@link SnapshotDecision} applies them at start.
 */
public enum SnapshotMode {
    /** A snapshot when none has completed yet (an interrupted one is taken again), then streaming. */
    INITIAL,
    /** Streaming only ({@code no_data}, and {@code never}, which the Debezium engine maps to it). */
    NO_DATA,
    /** A snapshot at every start, then streaming. */
    ALWAYS,
    /** As {@link #INITIAL}, and also when the saved offsets are missing or stale (the slot can no longer resume from them). */
    WHEN_NEEDED;

    /** Whether the mode means to deliver the tables' rows (not {@link #NO_DATA}: changes only). */
    public boolean readsData() {
        return this != NO_DATA;
    }

    /** The mode of a {@code snapshot_mode} value; {@link IllegalArgumentException} for one the native reader does not know. */
    public static SnapshotMode of(String option) {
        return switch (option) {
            case "initial" -> INITIAL;
            case "no_data", "never" -> NO_DATA;
            case "always" -> ALWAYS;
            case "when_needed" -> WHEN_NEEDED;
            default -> throw new IllegalArgumentException("snapshot_mode " + option);
        };
    }
}
