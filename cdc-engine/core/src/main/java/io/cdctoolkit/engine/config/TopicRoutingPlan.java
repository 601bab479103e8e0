package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.routing.CollisionFinding;
import io.cdctoolkit.engine.routing.TopicCollisions;

import java.util.List;

/**
 * The result of a routing dry run ({@code cdc-toolkit topics}, {@code check}): every table with its
 * topic and subjects, the topics of the sources' events that are no table's changes, the collisions found, and notes
 * (on those events' topics, on sources whose tables could not be listed).
 *
 * @param tables   routed tables, in source order
 * @param events   the topics of events that are no table's changes, in source order
 * @param findings topic collisions (errors) and metric-name clashes (warnings)
 * @param notes    what could not be planned and why (e.g. a source configured only with globs)
 */
public record TopicRoutingPlan(List<RoutedTable> tables, List<RoutedEvents> events, List<CollisionFinding> findings,
                               List<String> notes) {

    public TopicRoutingPlan {
        tables = List.copyOf(tables);
        events = List.copyOf(events);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** Whether a collision is an error (two distinct tables on one topic with {@code on_collision: error}). */
    public boolean hasErrors() {
        return TopicCollisions.hasErrors(findings);
    }
}
