package io.cdctoolkit.engine.source.debezium;

import org.apache.kafka.connect.data.Schema;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Plans for Connect schemas that many tables share (the {@code source} block) or that tables use
 * besides their envelope (keys), cached by schema identity: Debezium reuses one schema object per
 * table version, so a lookup is a pointer comparison. Used by the single converting thread only.
 */
final class SourcePlans {

    private final Map<Schema, StructPlan> plans = new IdentityHashMap<>();

    StructPlan plan(Schema schema) {
        StructPlan plan = plans.get(schema);
        if (plan == null) {
            plan = StructPlan.of(schema, schema.name() == null ? "struct" : schema.name(), ColumnSelection.ALL);
            plans.put(schema, plan);
        }
        return plan;
    }
}
