package io.cdctoolkit.engine.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaCacheTest {

    private static RowSchema schema(String name) {
        return RowSchema.builder(name).required("id", FieldType.INT64).build();
    }

    @Test
    void compilesOncePerSchemaInstance() {
        SchemaCache<String> cache = SchemaCache.create();
        List<String> compiled = new ArrayList<>();
        RowSchema a = schema("a");
        RowSchema b = schema("b");

        for (int i = 0; i < 3; i++) {
            assertThat(cache.get(a, s -> { compiled.add(s.name()); return "plan-" + s.name(); })).isEqualTo("plan-a");
            assertThat(cache.get(b, s -> { compiled.add(s.name()); return "plan-" + s.name(); })).isEqualTo("plan-b");
        }
        assertThat(compiled).containsExactly("a", "b");
    }

    @Test
    void keysOnIdentitySoAnEqualButDistinctSchemaCompilesItsOwnPlan() {
        SchemaCache<Object> cache = SchemaCache.create();
        RowSchema one = schema("t");
        RowSchema equalTwin = schema("t");
        assertThat(one).isEqualTo(equalTwin);

        Object first = cache.get(one, s -> new Object());
        Object second = cache.get(equalTwin, s -> new Object());
        assertThat(second).isNotSameAs(first);
        assertThat(cache.get(one, s -> new Object())).isSameAs(first);
    }

    @Test
    void isBoundedAndEvictsTheOldestCompiledSchemaFirst() {
        SchemaCache<String> cache = SchemaCache.withMaxEntries(2);
        RowSchema a = schema("a");
        RowSchema b = schema("b");
        RowSchema c = schema("c");
        cache.get(a, RowSchema::name);
        cache.get(b, RowSchema::name);
        cache.get(c, RowSchema::name);

        assertThat(cache.size()).isEqualTo(2);
        List<String> recompiled = new ArrayList<>();
        cache.get(b, s -> { recompiled.add(s.name()); return s.name(); });
        cache.get(c, s -> { recompiled.add(s.name()); return s.name(); });
        cache.get(a, s -> { recompiled.add(s.name()); return s.name(); });
        assertThat(recompiled).containsExactly("a");
    }

    @Test
    void schemasTakingTurnsEachGetTheirOwnPlanCompiledOnce() {
        SchemaCache<String> cache = SchemaCache.create();
        RowSchema key = schema("key");
        RowSchema value = schema("value");
        RowSchema other = schema("other");
        List<String> compiled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertThat(cache.get(key, s -> { compiled.add(s.name()); return s.name(); })).isEqualTo("key");
            assertThat(cache.get(value, s -> { compiled.add(s.name()); return s.name(); })).isEqualTo("value");
        }
        assertThat(cache.get(other, s -> { compiled.add(s.name()); return s.name(); })).isEqualTo("other");
        assertThat(cache.get(key, s -> { compiled.add(s.name()); return s.name(); })).isEqualTo("key");
        assertThat(cache.get(value, s -> { compiled.add(s.name()); return s.name(); })).isEqualTo("value");
        assertThat(compiled).containsExactly("key", "value", "other");
    }

    @Test
    void aFailingCompilerCachesNothing() {
        SchemaCache<String> cache = SchemaCache.create();
        RowSchema a = schema("a");
        assertThatThrownBy(() -> cache.get(a, s -> { throw new IllegalStateException("bad cast spec"); }))
                .hasMessage("bad cast spec");
        assertThat(cache.get(a, s -> "ok")).isEqualTo("ok");
    }
}
