package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TruncationTest {

    private final TopicResolver resolver = TopicResolver.builder("{table}").build();

    @Test
    void exactly249CharactersIsKept() {
        String name = "t".repeat(249);
        assertThat(resolver.resolveDetailed(new TableId("d", "s", name))).isEqualTo(new Resolution(name, false, name));
    }

    @Test
    void longerNamesBecomeExactly249WithTheHashOfTheFullName() {
        String name = "t".repeat(250);
        Resolution r = resolver.resolveDetailed(new TableId("d", "s", name));
        assertThat(r.truncated()).isTrue();
        assertThat(r.untruncated()).isEqualTo(name);
        assertThat(r.topic()).hasSize(249).startsWith("t".repeat(240) + "_")
                .endsWith(String.format("%08x", name.hashCode()));
        assertThat(resolver.resolve(new TableId("d", "s", name))).isEqualTo(r.topic());
    }

    @Test
    void hashIsTheUnsignedHashCodeWithLeadingZeros() {
        // fixed vectors: the suffix must not change between releases, or topics would move
        String negative = "x".repeat(300);
        assertThat(negative.hashCode()).isNegative();
        assertThat(TopicResolver.truncate(negative)).isEqualTo("x".repeat(240) + "_" + Integer.toHexString(negative.hashCode()))
                .endsWith("_" + Long.toHexString(negative.hashCode() & 0xffffffffL));
        String smallHash = "n".repeat(250) + "-100000";
        assertThat(smallHash.hashCode()).isEqualTo(0x0b25a64c);
        assertThat(TopicResolver.truncate(smallHash)).isEqualTo("n".repeat(240) + "_0b25a64c");
    }

    @Test
    void namesDifferingOnlyAfterTheCutStayDistinct() {
        String base = "o".repeat(245);
        String a = resolver.resolve(new TableId("d", "s", base + "_alpha"));
        String b = resolver.resolve(new TableId("d", "s", base + "_bravo"));
        assertThat(a).isNotEqualTo(b).hasSize(249);
        assertThat(b).hasSize(249);
    }

    @Test
    void sameInputSameTopicAcrossResolverInstances() {
        TableId id = new TableId("Db".repeat(90), "Schema".repeat(20), "Table With Spaces".repeat(10));
        TopicResolver other = TopicResolver.builder("{table}").build();
        assertThat(resolver.resolve(id)).isEqualTo(other.resolve(id)).isEqualTo(resolver.resolve(id));
    }

    @Test
    void replacementsCountTowardsTheLength() {
        // 125 characters, each escaped to 6: the length rule applies to the normalized name
        Resolution r = TopicResolver.builder("{table}").unicodeEscape(true).build()
                .resolveDetailed(new TableId("d", "s", "@".repeat(125)));
        assertThat(r.untruncated()).hasSize(750);
        assertThat(r.topic()).hasSize(249);
    }
}
