package io.cdctoolkit.schema.compat.table;

import io.cdctoolkit.schema.compat.CompatibilityLevel;

import java.util.Map;
import java.util.Set;

import static io.cdctoolkit.schema.compat.CompatibilityLevel.BACKWARD;
import static io.cdctoolkit.schema.compat.CompatibilityLevel.FORWARD;
import static io.cdctoolkit.schema.compat.CompatibilityLevel.FULL;

/**
 * Documentation, checked: the rows of the rule table where the {@code apicurio} rule set (Apicurio
 * Registry's own checkers, which a real Apicurio 3.3.3 agrees with on every row) answers the opposite
 * of the {@code confluent} one (Confluent's documented rules, the table's verdict), and at which
 * levels. Apicurio checks Protobuf with its protolock-style rules (a removed field or enum value must
 * be reserved; field numbers, names and types never change; the package is not compared; moving
 * fields into a oneof is allowed) and JSON Schema with its own diff. CompatibilityTableTest asserts
 * that the two rule sets differ on exactly these (row, level) pairs; docs/schema-compatibility.md
 * lists them ("Online vs offline: known differences with Apicurio 3.3.3").
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
}
