package io.cdctoolkit.engine.source.debezium;

import io.debezium.data.Envelope;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Instant;
import java.util.Map;

/**
 * Change records shaped exactly as Debezium's connectors emit them (built with Debezium's own schema
 * builders and {@link Envelope}), for servers that cannot run here (MySQL, SQL Server): the source
 * blocks carry each connector's fields, the columns each connector's semantic types.
 */
final class RecordedRecords {

    /** Source block of the SQL Server connector. */
    static final Schema SQLSERVER_SOURCE = SchemaBuilder.struct().name("io.debezium.connector.sqlserver.Source")
            .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA).field("db", Schema.STRING_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA).field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA).field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA).field("change_lsn", Schema.OPTIONAL_STRING_SCHEMA)
            .field("commit_lsn", Schema.OPTIONAL_STRING_SCHEMA).field("event_serial_no", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    /** Source block of the MySQL connector. */
    static final Schema MYSQL_SOURCE = SchemaBuilder.struct().name("io.debezium.connector.mysql.Source")
            .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA).field("db", Schema.STRING_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA).field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA).field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("server_id", Schema.INT64_SCHEMA).field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
            .field("file", Schema.STRING_SCHEMA).field("pos", Schema.INT64_SCHEMA).field("row", Schema.INT32_SCHEMA)
            .field("thread", Schema.OPTIONAL_INT64_SCHEMA).field("query", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private RecordedRecords() {
    }

    static Struct sqlServerSource(String db, String schema, String table, long tsMs) {
        return new Struct(SQLSERVER_SOURCE).put("version", "3.5.0.Final").put("connector", "sqlserver")
                .put("name", "mssql").put("ts_ms", tsMs).put("snapshot", "false").put("db", db)
                .put("ts_us", tsMs * 1000).put("schema", schema).put("table", table)
                .put("change_lsn", "00000025:00000d98:0002").put("commit_lsn", "00000025:00000d98:0003")
                .put("event_serial_no", 1L);
    }

    static Struct mySqlSource(String db, String table, long tsMs) {
        return new Struct(MYSQL_SOURCE).put("version", "3.5.0.Final").put("connector", "mysql").put("name", "my")
                .put("ts_ms", tsMs).put("snapshot", "false").put("db", db).put("table", table)
                .put("server_id", 1L).put("file", "mysql-bin.000003").put("pos", 154L).put("row", 0);
    }

    /** Envelope schema named {@code <prefix>.Envelope} around {@code row}. */
    static Envelope envelope(String prefix, Schema row, Schema source) {
        return Envelope.defineSchema().withName(prefix + ".Envelope").withRecord(row).withSource(source).build();
    }

    /** A record as the engine hands it over. */
    static SourceRecord record(Map<String, ?> offset, Schema keySchema, Struct key, Struct value) {
        return new SourceRecord(Map.of("server", "test"), offset, "topic", null, keySchema, key, value.schema(), value);
    }

    static Instant at(long epochMilli) {
        return Instant.ofEpochMilli(epochMilli);
    }
}
