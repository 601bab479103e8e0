package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.SchemaCache;

/**
 * The canonical key value: the UTF-8 bytes of the key row as {@link RowJson} renders it (the exact
 * JSON of the {@code disabled} registry mode) — one compact JSON object, the key's fields in the key
 * schema's order, values rendered as docs/data-model.md says. It holds field names, their order and
 * the values, and nothing of the encoding: no schema id, no schema name, no doc, no default, no
 * optionality. So the same key value gives the same bytes whether the record is written as JSON,
 * Avro, Protobuf or JSON Schema, under any schema version.
 *
 * <p>Compiled once per key schema ({@link RowJson.Plan} in a {@link SchemaCache}): per record only
 * the values are rendered. Thread-safe.
 */
final class CanonicalKey {

    private final SchemaCache<RowJson.Plan> plans = SchemaCache.create();

    /** The canonical bytes of {@code key}. */
    byte[] bytes(Row key) {
        return plans.get(key.schema(), RowJson::plan).toBytes(key);
    }
}
