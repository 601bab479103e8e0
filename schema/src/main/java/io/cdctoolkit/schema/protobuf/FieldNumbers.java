package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto.ReservedRange;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field numbers of one derived message, and the numbers it declares {@code reserved}. Without a previous version,
 * positions + 1. As the next version of a previous message (the subject's latest version of a message of the same
 * name), a field keeps the number its name had there; a new field takes the next number above every number the
 * previous message used or reserved (numbers are never reused, as protobuf's rules ask); and every number the previous
 * message used or reserved that no field keeps is reserved, so the next versions know it too. The names of dropped
 * fields are reserved as well (Apicurio's Protobuf rule, like protolock's, refuses a removed field whose number and
 * name are not both reserved); a later field of such a name takes a new number and frees the name.
 *
 * <p>Matched by name: a renamed column is a dropped field and a new one. A field whose type changed keeps its number,
 * so the registry's compatibility level judges the change, as it does in Avro and JSON Schema.
 */
final class FieldNumbers {

    /** Protobuf keeps 19000–19999 for its implementation. */
    private static final int IMPLEMENTATION_FIRST = 19_000;
    private static final int IMPLEMENTATION_LAST = 19_999;
    /** The largest field number protobuf allows (2^29 - 1). */
    private static final int MAX_NUMBER = 536_870_911;

    private final int[] numbers;
    private final List<ReservedRange> reserved;
    private final List<String> reservedNames;

    private FieldNumbers(int[] numbers, List<ReservedRange> reserved, List<String> reservedNames) {
        this.numbers = numbers;
        this.reserved = reserved;
        this.reservedNames = reservedNames;
    }

    /**
     * @param fieldNames the message's field names, in declaration order
     * @param previous   the previous version's message of the same name, or null
     * @throws IllegalArgumentException when no field number is left for a new field
     */
    static FieldNumbers assign(List<String> fieldNames, Descriptor previous) {
        int[] numbers = new int[fieldNames.size()];
        if (previous == null) {
            for (int i = 0; i < numbers.length; i++) numbers[i] = i + 1;
            return new FieldNumbers(numbers, List.of(), List.of());
        }
        Map<String, Integer> byName = new HashMap<>();
        List<ReservedRange> retired = new ArrayList<>(previous.toProto().getReservedRangeList());
        long highest = 0;
        for (FieldDescriptor f : previous.getFields()) {
            byName.put(f.getName(), f.getNumber());
            highest = Math.max(highest, f.getNumber());
        }
        for (ReservedRange r : retired) highest = Math.max(highest, r.getEnd() - 1L);
        Set<Integer> kept = new HashSet<>();
        long next = highest + 1;
        for (int i = 0; i < numbers.length; i++) {
            Integer number = byName.get(fieldNames.get(i));
            if (number != null && kept.add(number)) {
                numbers[i] = number;
                continue;
            }
            if (next >= IMPLEMENTATION_FIRST && next <= IMPLEMENTATION_LAST) next = IMPLEMENTATION_LAST + 1;
            if (next > MAX_NUMBER) {
                throw new IllegalArgumentException("message " + previous.getName() + " has no field number left for '"
                        + fieldNames.get(i) + "' (every number up to " + MAX_NUMBER + " was used or reserved)");
            }
            numbers[i] = (int) next++;
        }
        Set<String> names = new TreeSet<>(previous.toProto().getReservedNameList());
        for (FieldDescriptor f : previous.getFields()) {
            if (kept.contains(f.getNumber())) continue;
            retired.add(range(f.getNumber(), f.getNumber() + 1));
            names.add(f.getName());
        }
        names.removeAll(fieldNames);
        return new FieldNumbers(numbers, merged(retired, kept), List.copyOf(names));
    }

    /** The number of the field at {@code index}. */
    int number(int index) {
        return numbers[index];
    }

    /** The reserved ranges (end exclusive), ascending and merged. */
    List<ReservedRange> reserved() {
        return reserved;
    }

    /** The reserved field names, sorted. */
    List<String> reservedNames() {
        return reservedNames;
    }

    /** Ranges sorted and merged where they touch, without the numbers fields use (another producer's file may overlap). */
    private static List<ReservedRange> merged(List<ReservedRange> ranges, Set<Integer> used) {
        List<ReservedRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(ReservedRange::getStart));
        List<int[]> out = new ArrayList<>();
        for (ReservedRange r : sorted) {
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r.getStart() <= last[1]) last[1] = Math.max(last[1], r.getEnd());
            else out.add(new int[] {r.getStart(), r.getEnd()});
        }
        TreeSet<Integer> usedInOrder = new TreeSet<>(used);
        List<ReservedRange> result = new ArrayList<>();
        for (int[] r : out) {
            int start = r[0];
            for (int n : usedInOrder.subSet(r[0], r[1])) {
                if (start < n) result.add(range(start, n));
                start = n + 1;
            }
            if (start < r[1]) result.add(range(start, r[1]));
        }
        return List.copyOf(result);
    }

    private static ReservedRange range(int start, int endExclusive) {
        return ReservedRange.newBuilder().setStart(start).setEnd(endExclusive).build();
    }
}
