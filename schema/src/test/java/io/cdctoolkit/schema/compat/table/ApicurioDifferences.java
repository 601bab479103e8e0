package io.cdctoolkit.schema.compat.table;

import io.cdctoolkit.schema.compat.CompatibilityLevel;

import java.util.Map;
import java.util.Set;

import static io.cdctoolkit.schema.compat.CompatibilityLevel.BACKWARD;
import static io.cdctoolkit.schema.compat.CompatibilityLevel.FORWARD;
import static io.cdctoolkit.schema.compat.CompatibilityLevel.FULL;

/**
 * The rows of the rule table where Apicurio Registry 3.3.3 answers the opposite of Confluent's
 * documented rules (the table's verdict), and at which levels — found by replaying the whole table
 * against it. Apicurio checks Protobuf with its protolock-style rules (a removed field or enum value
 * must be reserved; field numbers, names and types never change; the package is not compared;
 * moving fields into a oneof is allowed) and JSON Schema with its own diff. Online replays assert
 * Apicurio's actual answer for exactly these; docs/schema-compatibility.md lists them
 * ("Online vs offline: known differences with Apicurio 3.3.3").
 */
public final class ApicurioDifferences {

    /** {@code <TYPE>/<row>} (as {@link CompatibilityCase#toString()}) → the levels where Apicurio differs. */
    public static final Map<String, Set<CompatibilityLevel>> BY_ROW = Map.ofEntries(
            // Confluent compatible, Apicurio incompatible:
            Map.entry("PROTOBUF/add_field", Set.of(FORWARD, FULL)),
            Map.entry("PROTOBUF/enum_value_added", Set.of(FORWARD, FULL)),
            Map.entry("PROTOBUF/enum_value_removed", Set.of(BACKWARD, FULL)),
            Map.entry("PROTOBUF/field_number_changed", Set.of(BACKWARD, FORWARD, FULL)),
            Map.entry("PROTOBUF/field_number_reuse_transitive", Set.of(FORWARD, FULL)),
            Map.entry("PROTOBUF/optional_field_added_proto2", Set.of(FORWARD, FULL)),
            Map.entry("PROTOBUF/remove_field", Set.of(BACKWARD, FULL)),
            Map.entry("PROTOBUF/rename_field", Set.of(BACKWARD, FORWARD, FULL)),
            Map.entry("PROTOBUF/type_change_compatible_scalar", Set.of(BACKWARD, FORWARD, FULL)),
            Map.entry("JSON_SCHEMA/add_required_property_with_default_closed_model", Set.of(BACKWARD)),
            // Confluent incompatible, Apicurio compatible:
            Map.entry("PROTOBUF/package_changed", Set.of(BACKWARD, FORWARD, FULL)),
            Map.entry("PROTOBUF/two_fields_moved_into_oneof", Set.of(BACKWARD, FULL)));

    private ApicurioDifferences() {
    }

    /** Apicurio 3.3.3's verdict for {@code row} at {@code level}: the table's, or its opposite where listed. */
    public static boolean apicurioVerdict(CompatibilityCase row, CompatibilityLevel level) {
        boolean documented = row.compatibleAt(level);
        return BY_ROW.getOrDefault(row.toString(), Set.of()).contains(level) != documented;
    }
}
