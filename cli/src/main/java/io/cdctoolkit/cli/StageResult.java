package io.cdctoolkit.cli;

/**
 * One row of {@code bench}'s table.
 *
 * @param label          the stage as the config names it ({@code transforms[2] mask_field})
 * @param eventsIn       events the stage was given
 * @param eventsOut      events it passed on (fewer when it drops, more when it adds tombstones)
 * @param rejected       events it rejected with an invalid-data error ({@code on_error} would apply)
 * @param nanos          time spent on all of them
 * @param firstRejection the first rejection's message, or null
 */
record StageResult(String label, long eventsIn, long eventsOut, long rejected, long nanos, String firstRejection) {

    /** Nanoseconds per event given to the stage; 0 when it was given none. */
    double nanosPerEvent() {
        return eventsIn == 0 ? 0 : (double) nanos / eventsIn;
    }

    /** Events given to the stage per second of its time; 0 when it took no measurable time. */
    double eventsPerSecond() {
        return nanos == 0 ? 0 : eventsIn * 1e9 / nanos;
    }
}
