package io.cdctoolkit.smt.transform;

import java.util.Arrays;

/**
 * What {@code extract_new_record_state} does with deletes and with tombstones it receives: Debezium
 * 3.5's {@code delete.tombstone.handling.mode}, one value per constant.
 */
enum DeleteHandling {
    /** Deletes and incoming tombstones are dropped. */
    DROP("drop"),
    /** A delete becomes a tombstone; incoming tombstones are dropped (Debezium's default). */
    TOMBSTONE("tombstone"),
    /** A delete becomes its {@code before} row plus {@code __deleted: "true"}; incoming tombstones are dropped. */
    REWRITE("rewrite"),
    /** As {@link #REWRITE}, and each rewritten delete is followed by a tombstone; incoming tombstones are kept. */
    REWRITE_WITH_TOMBSTONE("rewrite-with-tombstone"),
    /**
     * A delete becomes a tombstone; incoming tombstones are dropped. Debezium differs from
     * {@link #TOMBSTONE} only in giving the tombstone no value schema, which a null value here never has.
     */
    DELETE_TO_TOMBSTONE("delete-to-tombstone");

    private final String spelling;

    DeleteHandling(String spelling) {
        this.spelling = spelling;
    }

    /** The option spelling. */
    String spelling() {
        return spelling;
    }

    /** The spellings, for the option's allowed values. */
    static String[] spellings() {
        return Arrays.stream(values()).map(DeleteHandling::spelling).toArray(String[]::new);
    }

    static DeleteHandling parse(String text) {
        for (DeleteHandling mode : values()) {
            if (mode.spelling.equalsIgnoreCase(text.trim())) return mode;
        }
        throw new IllegalArgumentException("unknown delete handling mode '" + text + "'");
    }

    /** Whether c/r/u rows get {@code __deleted: "false"} and deletes become rewritten rows. */
    boolean rewrites() {
        return this == REWRITE || this == REWRITE_WITH_TOMBSTONE;
    }

    /** Whether a delete becomes a tombstone. */
    boolean deleteBecomesTombstone() {
        return this == TOMBSTONE || this == DELETE_TO_TOMBSTONE;
    }

    /** Whether tombstones that reach the transform pass (Debezium keeps them only in rewrite-with-tombstone). */
    boolean keepsIncomingTombstones() {
        return this == REWRITE_WITH_TOMBSTONE;
    }
}
