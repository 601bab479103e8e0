package io.cdctoolkit.compat;

import io.cdctoolkit.compat.SinkFile.Change;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What at-least-once delivery across a restart means, checked on what the sink wrote. */
final class DeliveryAssertions {

    private DeliveryAssertions() {
    }

    /**
     * The restarted run repeated at most one contiguous tail of what the killed run had written, first
     * and in its original order, and nothing else; that tail is at most {@code bound} changes long.
     *
     * @param beforeKill what the killed run wrote
     * @param afterRestart what the restarted run wrote
     * @return how many changes of {@code beforeKill} were delivered again (the tail's length)
     */
    static int assertOnlyAnUncommittedTailIsReplayed(List<Change> beforeKill, List<Change> afterRestart, int bound) {
        assertThat(beforeKill).as("one run delivers each change once").doesNotHaveDuplicates();
        assertThat(afterRestart).as("one run delivers each change once").doesNotHaveDuplicates();
        Set<Change> redelivered = new HashSet<>(afterRestart);
        int firstReplayed = 0;
        while (firstReplayed < beforeKill.size() && !redelivered.contains(beforeKill.get(firstReplayed))) firstReplayed++;
        List<Change> tail = beforeKill.subList(firstReplayed, beforeKill.size());

        assertThat(tail.size()).as("replayed changes (%s..%s) exceed the in-flight bound", tail.isEmpty() ? "-" : tail.get(0),
                tail.isEmpty() ? "-" : tail.get(tail.size() - 1)).isLessThanOrEqualTo(bound);
        assertThat(afterRestart.subList(0, Math.min(tail.size(), afterRestart.size())))
                .as("the restart replays exactly the tail written after the last commit, first and in order; "
                        + "everything before %s is delivered once", tail.isEmpty() ? "-" : tail.get(0))
                .containsExactlyElementsOf(tail);
        return tail.size();
    }

    /**
     * Each key's changes arrived exactly as they were made: all of them, once each, in order.
     *
     * @param delivered changes, duplicates of a replay already removed
     * @param expected  each key's changes in the order they were made
     */
    static void assertEveryKeyHistory(List<Change> delivered, Map<Integer, List<Change>> expected) {
        Map<Integer, List<Change>> actual = byKey(delivered);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Integer, List<Change>> e : expected.entrySet()) {
            List<Change> got = actual.getOrDefault(e.getKey(), List.of());
            if (!got.equals(e.getValue())) wrong.add("key " + e.getKey() + ": expected " + e.getValue() + " got " + got);
        }
        for (Integer key : actual.keySet()) {
            if (!expected.containsKey(key)) wrong.add("key " + key + ": unexpected " + actual.get(key));
        }
        assertThat(wrong).as("keys whose changes were lost, repeated or reordered (%d of %d)", wrong.size(), expected.size())
                .isEmpty();
    }

    /** Per key, changes in order: a run on its own never reorders a key's changes. */
    static void assertPerKeyOrder(List<Change> delivered, Map<Integer, List<Change>> expected) {
        byKey(delivered).forEach((key, got) -> {
            List<Change> made = expected.getOrDefault(key, List.of());
            int at = -1;
            for (Change c : got) {
                int index = made.indexOf(c);
                assertThat(index).as("key %d: %s after %s (made: %s)", key, c, at < 0 ? "-" : made.get(at), made)
                        .isGreaterThan(at);
                at = index;
            }
        });
    }

    /**
     * What a restart that took the snapshot again delivered, per key: at most one snapshot row, first, holding
     * the key's state after one of its changes (each change of a key sets a value none of its others sets);
     * then the key's changes from right after that one to its last, once each and in order ({@code exact}),
     * or from that one or earlier ({@code !exact}: changes the snapshot already holds may come again). A key
     * without a snapshot row gets all its changes (inserted after the snapshot point) or none (deleted before
     * it; {@code !exact}: or a tail of its changes ending with the delete).
     *
     * @param delivered what the restarted run delivered
     * @param made      each key's changes in the order they were made, its insert first
     */
    static void assertSnapshotThenEveryLaterChange(List<Change> delivered, Map<Integer, List<Change>> made, boolean exact) {
        Map<Integer, List<Change>> actual = byKey(delivered);
        List<String> wrong = new ArrayList<>();
        for (Integer key : actual.keySet()) {
            if (!made.containsKey(key)) wrong.add("key " + key + ": unexpected " + actual.get(key));
        }
        for (Map.Entry<Integer, List<Change>> e : made.entrySet()) {
            List<Change> changes = e.getValue();
            List<Change> got = actual.getOrDefault(e.getKey(), List.of());
            boolean deleted = "d".equals(changes.get(changes.size() - 1).op());
            String problem = null;
            if (!got.isEmpty() && "r".equals(got.get(0).op())) {
                int at = -1;
                for (int k = 0; k < changes.size(); k++) {
                    if (!"d".equals(changes.get(k).op()) && changes.get(k).v() == got.get(0).v()) at = k;
                }
                List<Change> rest = got.subList(1, got.size());
                int from = changes.size() - rest.size();
                if (at < 0) {
                    problem = "a snapshot row no change made";
                } else if (!rest.equals(changes.subList(Math.max(0, from), changes.size()))) {
                    problem = "after the snapshot row, not the key's last changes in order";
                } else if (exact ? from != at + 1 : from > at + 1) {
                    problem = exact ? "changes lost or repeated around the snapshot row" : "changes lost after the snapshot row";
                }
            } else if (!got.equals(changes) && !got.isEmpty() && !(deleted && !exact && got.equals(
                    changes.subList(Math.max(0, changes.size() - got.size()), changes.size())))) {
                problem = "neither all its changes nor none (nor, at least once, a tail ending with its delete)";
            } else if (got.isEmpty() && !deleted) {
                problem = "lost: the row is there and nothing arrived";
            }
            if (problem != null) wrong.add("key " + e.getKey() + ": " + problem + ": made " + changes + " got " + got);
        }
        assertThat(wrong).as("keys whose changes were lost, repeated or reordered around the new snapshot (%d of %d)",
                wrong.size(), made.size()).isEmpty();
    }

    private static Map<Integer, List<Change>> byKey(List<Change> changes) {
        Map<Integer, List<Change>> byKey = new LinkedHashMap<>();
        for (Change c : changes) byKey.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c);
        return byKey;
    }
}
