package io.cdctoolkit.security;

import io.cdctoolkit.engine.data.TableId;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The plans of one row schema per table: the associated data names the table, so two tables that share
 * a schema instance still need their own plans. Almost always one table per schema, so the last hit is
 * checked first.
 *
 * @param <P> the plan
 */
final class TablePlans<P> {

    private record Hit<P>(TableId table, P plan) {
    }

    private final Map<TableId, P> plans = new ConcurrentHashMap<>(2);
    private volatile Hit<P> last;

    P get(TableId table, Function<TableId, P> compiler) {
        Hit<P> hit = last;
        if (hit != null && hit.table.equals(table)) return hit.plan;
        P plan = plans.computeIfAbsent(table, compiler);
        last = new Hit<>(table, plan);
        return plan;
    }
}
