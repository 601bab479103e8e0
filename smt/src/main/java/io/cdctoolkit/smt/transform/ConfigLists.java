package io.cdctoolkit.smt.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * Field lists as Kafka Connect reads them: a {@code ConfigDef.Type.LIST} option given as one string
 * ({@code fields: "ssn,credit_card"}, the usual form in Connect properties) is split at commas, so
 * configs copied from Connect mean the same here. YAML lists work as they are.
 */
final class ConfigLists {

    private ConfigLists() {
    }

    /** Every entry of {@code values}, each split at commas and trimmed; empty pieces are dropped. */
    static List<String> entries(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            for (String piece : value.split(",")) {
                String trimmed = piece.trim();
                if (!trimmed.isEmpty()) out.add(trimmed);
            }
        }
        return List.copyOf(out);
    }
}
