package io.cdctoolkit.cli;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.TableSchemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tables the transforms route to one topic with keys made of their own columns, for {@code check}: rows of two tables
 * with equal key values then share one Kafka key, so a compacted topic keeps only one of them and a consumer that
 * keys by the record merges them. Debezium's {@code ByLogicalTableRouter} adds the table to the key for this
 * ({@code __dbz__physicalTableIdentifier}); here {@code insert_field} on the key before the router does. A key with a
 * field that is not a column of each table (such an inserted field) is taken to tell the tables apart.
 *
 * @param topic  the shared topic
 * @param tables the tables whose keys can meet there
 * @param fields their key fields
 */
record SharedTopicKeys(String topic, List<TableId> tables, List<String> fields) {

    SharedTopicKeys {
        tables = List.copyOf(tables);
        fields = List.copyOf(fields);
    }

    /** One table's reader schemas and its shapes after the transforms. */
    record Table(TableSchemas schemas, List<EventShape> outputs) {
    }

    /** Per topic that several of {@code tables} reach with keys of their own columns alike, the finding. */
    static List<SharedTopicKeys> of(List<Table> tables) {
        Map<String, Map<List<String>, Set<TableId>>> perTopic = new LinkedHashMap<>();
        for (Table table : tables) {
            Set<String> columns = new HashSet<>(EventFields.columns(table.schemas().value()));
            for (EventShape shape : table.outputs()) {
                if (shape.isTombstone() || shape.key() == null) continue;
                List<String> key = EventFields.of(shape.key());
                if (key.isEmpty() || !columns.containsAll(key)) continue;
                perTopic.computeIfAbsent(shape.topic(), t -> new LinkedHashMap<>())
                        .computeIfAbsent(key, k -> new LinkedHashSet<>()).add(shape.table());
            }
        }
        List<SharedTopicKeys> found = new ArrayList<>();
        perTopic.forEach((topic, byKey) -> byKey.forEach((key, sharing) -> {
            if (sharing.size() > 1) found.add(new SharedTopicKeys(topic, new ArrayList<>(sharing), key));
        }));
        return found;
    }

    String message() {
        List<String> names = tables.stream().map(TableId::toString).toList();
        return "topic " + topic + ": tables " + String.join(", ", names) + " go to it keyed by their own column(s) ("
                + String.join(", ", fields) + "): rows of different tables with equal keys get one Kafka key (a"
                + " compacted topic keeps only one of them; a consumer that keys by it merges them)";
    }

    String fix() {
        return "put the table into the key before the router, e.g. {type: insert_field, config: {target: key,"
                + " topic_field: source_topic}} ahead of regex_router (Debezium's ByLogicalTableRouter adds"
                + " __dbz__physicalTableIdentifier for this)";
    }
}
