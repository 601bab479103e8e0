package io.cdctoolkit.engine.source.debezium;

import java.util.Map;

/**
 * Engine properties a Debezium-engine source can only know from its database, read when it starts, before the
 * engine runs (e.g. which captured PostgreSQL tables are partitioned). A start that would read wrongly fails here,
 * with the reason and what to change, instead of delivering nothing.
 */
@FunctionalInterface
public interface StartProperties {

    /** Nothing to add. */
    StartProperties NONE = Map::of;

    /**
     * The properties to set over the configured ones.
     *
     * @throws Exception when the source must not start
     */
    Map<String, String> resolve() throws Exception;
}
