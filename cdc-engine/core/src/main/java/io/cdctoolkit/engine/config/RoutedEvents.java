package io.cdctoolkit.engine.config;

/**
 * Where a source's events that are no table's changes go in a dry run (PostgreSQL's logical decoding messages,
 * transaction BEGIN/END events), before any transform.
 *
 * @param source the source's name in the config
 * @param topic  the topic the source gives them
 * @param what   what they are, for people ("transaction BEGIN/END events")
 */
public record RoutedEvents(String source, String topic, String what) {
}
