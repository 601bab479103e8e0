package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.RowSchema;
import org.apache.kafka.connect.data.Schema;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Plans for Connect schemas that many tables share (the {@code source} block) or that tables use
 * besides their envelope (keys), cached by schema identity: Debezium reuses one schema object per
 * table version, so a lookup is a pointer comparison. Used by the single converting thread only.
 */
final class SourcePlans {

    private final Map<Schema, StructPlan> plans = new IdentityHashMap<>();
    private final Map<RowSchema, RowSchema> interned = new HashMap<>();

    StructPlan plan(Schema schema) {
        StructPlan plan = plans.get(schema);
        if (plan == null) {
            plan = StructPlan.of(schema, schema.name() == null ? "struct" : schema.name(), ColumnSelection.ALL);
            plan = plan.sharing(intern(plan.rowSchema()));
            plans.put(schema, plan);
        }
        return plan;
    }

    /** Puts {@code plan} (a new version of the row schema, {@link StructPlan#knowing}) in place for {@code schema}; returns it as interned. */
    StructPlan replace(Schema schema, StructPlan plan) {
        StructPlan interned = plan.sharing(intern(plan.rowSchema()));
        plans.put(schema, interned);
        return interned;
    }

    /**
     * The one instance of each structurally distinct schema: equal table versions get the same
     * {@link RowSchema} object even when Debezium rebuilt its Connect schema.
     */
    RowSchema intern(RowSchema schema) {
        RowSchema existing = interned.putIfAbsent(schema, schema);
        return existing == null ? schema : existing;
    }
}
