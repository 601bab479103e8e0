package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.data.TableId;

/**
 * One table's routing in a dry run: where its events would go and under which subjects their
 * schemas would be registered (TopicNameStrategy: {@code <topic>-key}, {@code <topic>-value}).
 *
 * @param source       the source's name in the config
 * @param table        the table
 * @param topic        the topic its events go to
 * @param keySubject   the key schema's subject
 * @param valueSubject the value schema's subject
 * @param truncated    whether the topic was cut to 249 characters with a hash suffix
 */
public record RoutedTable(String source, TableId table, String topic, String keySubject, String valueSubject,
                          boolean truncated) {
}
