package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ProtectingStage;
import io.cdctoolkit.engine.spi.Stage;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a rejected event's key and value may go to the dead-letter topic: never when a
 * {@link ProtectingStage} (field encryption) that covers the event's table had not yet done its work
 * when the event was rejected — the reader could not convert the record, a transform or the encryption
 * stage itself rejected it. Such a dead-letter record carries the reason, table and source position in
 * its headers, and neither key nor value; a reader's reason, which may quote the value, is withheld too
 * ({@link #WITHHELD_REASON}).
 *
 * <p>Why not encrypt the rejected event instead: the encryption stage's field list applies to events as
 * the transforms before it leave them, and a transform after the failing one may rename a field into
 * that list; the event as it was rejected cannot be proven free of plaintext. Events rejected after
 * encryption (by a later stage, the encoder or the sink) already carry ciphertext and are written as usual.
 */
final class DeadLetterGuard {

    /** Why a dead-letter record of an event the reader could not convert has no payload. */
    static final String UNREADABLE = "the source record may hold fields listed for encryption";
    /**
     * What stands for the reason of a record the reader could not convert, when its table is covered: readers
     * quote the value they could not convert ({@code '[0:1]={…}' is an array whose first index is not 1}), which
     * may be the plaintext of a field listed for encryption; the reason goes to the log, the status, the stop
     * message and the dead-letter headers, so none of them gets it. The column and the position still do.
     */
    static final String WITHHELD_REASON = "the reader could not convert the value (the reason is withheld: it may"
            + " quote the value, and fields of this table are listed for encryption; the position says where to look"
            + " in the database)";
    /** Why a dead-letter record of an event rejected before (or by) encryption has no payload. */
    static final String BEFORE_ENCRYPTION = "the event was rejected before its fields listed for encryption were encrypted";

    /** The index that stands for "the reader could not convert the record". */
    static final int AT_SOURCE = -1;

    private final List<Indexed> protecting;

    private DeadLetterGuard(List<Indexed> protecting) {
        this.protecting = List.copyOf(protecting);
    }

    /** The guard of a chain of stages. */
    static DeadLetterGuard of(List<Stage> stages) {
        List<Indexed> protecting = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) instanceof ProtectingStage p) protecting.add(new Indexed(i, p));
        }
        return new DeadLetterGuard(protecting);
    }

    /**
     * Why {@code event}'s key and value must not be dead-lettered, or null when they may be.
     *
     * @param failedAt the index of the stage that rejected it, {@link #AT_SOURCE} when the reader could
     *                 not convert it, the number of stages when the encoder or the sink rejected it
     */
    String omitPayloadBecause(ChangeEvent event, int failedAt) {
        for (Indexed p : protecting) {
            if (p.index() >= failedAt && p.stage().covers(event.table())) {
                return failedAt == AT_SOURCE ? UNREADABLE : BEFORE_ENCRYPTION;
            }
        }
        return null;
    }

    private record Indexed(int index, ProtectingStage stage) {
    }
}
