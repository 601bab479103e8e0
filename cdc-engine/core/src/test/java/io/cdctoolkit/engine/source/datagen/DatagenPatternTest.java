package io.cdctoolkit.engine.source.datagen;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.config;
import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.read;
import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatagenPatternTest {

    static final List<String> PATTERNS = DatagenPattern.NAMES;

    /** The documented columns of each pattern (docs/datagen.md), primary key first. */
    static final Map<String, String> DOCUMENTED = Map.of(
            "sequence", "id:int64,value:int64",
            "random", "id:string,value:int32,ratio:float64,active:boolean,category:string",
            "users", "user_id:int64,first_name:string,last_name:string,email:string,age:int32,country:string,"
                    + "premium:boolean,signup_date:date",
            "orders", "order_id:int64,customer_id:int64,product:string,quantity:int32,unit_price:decimal(10,2),"
                    + "total_amount:decimal(12,2),currency:string,status:enum,created_at:timestamp_tz,"
                    + "updated_at:timestamp_tz",
            "events", "event_id:string,event_type:string,source:string,user_id:int64,session_id:string,payload:json,"
                    + "occurred_at:timestamp_tz,revision:int32",
            "metrics", "metric_id:int64,name:string,value:float64,unit:string,host:string,tags:map,"
                    + "recorded_at:timestamp_tz",
            "key_value", "key:string,value:string");

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @FieldSource("PATTERNS")
    void patternHasItsDocumentedColumnsAndKey(String name) throws Exception {
        ChangeEvent event = read(reader(config("pattern", name, "include_sequence", false, "include_timestamp", false),
                tmp), 1).get(0);
        RowSchema rowSchema = Envelope.rowSchema(event.value().schema());

        assertThat(describe(rowSchema)).isEqualTo(DOCUMENTED.get(name));
        assertThat(event.key().schema().fields()).hasSize(1);
        Field keyField = event.key().schema().field(0);
        assertThat(keyField.name()).isEqualTo(rowSchema.field(0).name());
        assertThat(keyField.type()).isEqualTo(rowSchema.field(0).type());
        assertThat(keyField.optional()).isFalse();
    }

    @ParameterizedTest
    @FieldSource("PATTERNS")
    void everyRowMatchesItsSchema(String name) throws Exception {
        List<ChangeEvent> events = read(reader(config("pattern", name, "cdc_mode", true, "seed", 77L), tmp), 3000);

        for (ChangeEvent event : events) {
            assertMatches(event.key());
            Row before = Envelope.before(event.value());
            Row after = Envelope.after(event.value());
            if (before != null) assertMatches(before);
            if (after != null) assertMatches(after);
            Row keySource = after != null ? after : before;
            assertThat(event.key().get(0)).isEqualTo(keySource.get(0));
        }
    }

    @ParameterizedTest
    @FieldSource("PATTERNS")
    void everyUpdateChangesTheRowEvenWithoutSequenceAndTimestampColumns(String name) throws Exception {
        List<ChangeEvent> events = read(reader(config("pattern", name, "cdc_mode", true, "include_sequence", false,
                "include_timestamp", false), tmp), 5000);

        List<ChangeEvent> updates = events.stream().filter(e -> e.op() == Op.UPDATE).toList();
        assertThat(updates).isNotEmpty();
        for (ChangeEvent update : updates) {
            assertThat(Envelope.after(update.value())).as("update at %s", update.position())
                    .isNotEqualTo(Envelope.before(update.value()));
        }
    }

    @Test
    void sequencePatternCountsFromZero() throws Exception {
        List<ChangeEvent> events = read(reader(config("pattern", "sequence"), tmp), 3);

        assertThat(events).extracting(e -> Envelope.after(e.value()).get("id")).containsExactly(0L, 1L, 2L);
    }

    @Test
    void anUnknownPatternNameIsRejected() {
        assertThatThrownBy(() -> DatagenPattern.forName("ledger", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key_value");
    }

    private static String describe(RowSchema schema) {
        StringBuilder sb = new StringBuilder();
        for (Field f : schema.fields()) {
            if (sb.length() > 0) sb.append(',');
            String type = f.type() instanceof FieldType.Enum ? "enum"
                    : f.type() instanceof FieldType.MapType ? "map" : f.type().toString();
            sb.append(f.name()).append(':').append(type);
        }
        return sb.toString();
    }

    /** Every value has the Java type FieldType's Javadoc prescribes, and required fields are set. */
    private void assertMatches(Row row) throws Exception {
        RowSchema schema = row.schema();
        for (int i = 0; i < schema.size(); i++) {
            Field field = schema.field(i);
            Object value = row.get(i);
            String where = schema.name() + "." + field.name();
            if (value == null) {
                assertThat(field.optional()).as("%s is null but required", where).isTrue();
                continue;
            }
            assertValue(where, field.type(), value);
        }
    }

    private void assertValue(String where, FieldType type, Object value) throws Exception {
        switch (type.kind()) {
            case BOOLEAN -> assertThat(value).as(where).isInstanceOf(Boolean.class);
            case INT32 -> assertThat(value).as(where).isInstanceOf(Integer.class);
            case INT64 -> assertThat(value).as(where).isInstanceOf(Long.class);
            case FLOAT64 -> assertThat(value).as(where).isInstanceOf(Double.class);
            case STRING -> assertThat(value).as(where).isInstanceOf(String.class);
            case JSON -> {
                assertThat(value).as(where).isInstanceOf(String.class);
                assertThat(json.readTree((String) value).isObject()).as(where + " is a JSON object").isTrue();
            }
            case ENUM -> assertThat(((FieldType.Enum) type).symbols()).as(where).contains((String) value);
            case DECIMAL -> {
                FieldType.Decimal d = (FieldType.Decimal) type;
                assertThat(value).as(where).isInstanceOf(BigDecimal.class);
                assertThat(((BigDecimal) value).scale()).as(where + " scale").isEqualTo(d.scale());
                assertThat(((BigDecimal) value).precision()).as(where + " precision").isLessThanOrEqualTo(d.precision());
            }
            case DATE -> assertThat(value).as(where).isInstanceOf(LocalDate.class);
            case TIMESTAMP_TZ -> assertThat(value).as(where).isInstanceOf(Instant.class);
            case MAP -> {
                assertThat(value).as(where).isInstanceOf(Map.class);
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    assertThat(e.getKey()).as(where + " key").isInstanceOf(String.class);
                    assertValue(where + "." + e.getKey(), ((FieldType.MapType) type).value(), e.getValue());
                }
            }
            default -> throw new AssertionError(where + ": datagen does not document type " + type);
        }
    }
}
