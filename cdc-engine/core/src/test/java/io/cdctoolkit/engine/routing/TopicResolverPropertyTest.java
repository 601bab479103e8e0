package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the names and options: a legal Kafka topic, always the same one for the same input. */
class TopicResolverPropertyTest {

    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Property(tries = 1000)
    void anyInputYieldsALegalTopic(@ForAll("settings") Settings settings, @ForAll("tables") TableId table) {
        String topic = settings.build().resolve(table);

        assertThat(topic).matches(LEGAL_TOPIC).isNotIn(".", "..");
    }

    @Property(tries = 1000)
    void sameInputAlwaysYieldsTheSameTopic(@ForAll("settings") Settings settings, @ForAll("tables") TableId table) {
        TopicResolver resolver = settings.build();
        String first = resolver.resolve(table);

        assertThat(resolver.resolve(table)).isEqualTo(first); // memoized
        assertThat(settings.build().resolve(new TableId(table.database(), table.schema(), table.table())))
                .isEqualTo(first); // freshly computed
        assertThat(resolver.resolveDetailed(table).topic()).isEqualTo(first);
    }

    @Property(tries = 1000)
    void avroModeYieldsAvroNames(@ForAll("settings") Settings settings, @ForAll("tables") TableId table) {
        Settings avro = settings.withAvro();
        for (String placeholder : List.of("{database}", "{schema}", "{table}")) {
            String part = avro.withPattern(placeholder).build().resolve(table);
            assertThat(part).matches(AVRO_NAME);
        }
    }

    @Provide
    Arbitrary<TableId> tables() {
        Arbitrary<String> names = names();
        return Combinators.combine(names.injectNull(0.1), names.injectNull(0.1), names).as(TableId::new);
    }

    @Provide
    Arbitrary<Settings> settings() {
        Arbitrary<String> affixes = Arbitraries.oneOf(Arbitraries.of("dbo_", "public_", "_table", "tbl", "", "é", "."),
                Arbitraries.strings().all().ofMaxLength(4));
        return Combinators.combine(
                patterns(),
                Arbitraries.of(CaseConversion.class),
                Arbitraries.of(true, false),
                affixes.list().ofMaxSize(3),
                affixes.list().ofMaxSize(3),
                Arbitraries.of('_', '-'),
                Arbitraries.of(true, false)).as(Settings::new);
    }

    /** Arbitrary names: any UTF-16 text (lone surrogates included), emoji, dots, very long, empty. */
    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("aZ09 ._-@éßİ😀\uD83D\uDE00").ofMaxLength(20),
                Arbitraries.strings().withCharRange('a', 'z').withChars("ABC_-. ").ofMinLength(200).ofMaxLength(400),
                Arbitraries.of("", ".", "..", "_", "-", "___", "😀", "\uDC00", "123", "MyHTTPTable2Name"));
    }

    private static Arbitrary<String> patterns() {
        Arbitrary<String> literal = Arbitraries.strings().withCharRange('a', 'z').withChars("AZ09._-").ofMaxLength(6);
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of("{database}", "{schema}", "{table}")),
                net.jqwik.api.Tuple.of(2, literal),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("x.").ofMinLength(250).ofMaxLength(260)));
        return piece.list().ofMinSize(1).ofMaxSize(5).map(pieces -> String.join("", pieces))
                .filter(p -> TopicPattern.validate(p).isEmpty());
    }

    /** One combination of resolver options, rebuildable for the determinism check. */
    record Settings(String pattern, CaseConversion caseConversion, boolean avro, List<String> prefixes,
                    List<String> suffixes, char replacement, boolean unicodeEscape) {

        TopicResolver build() {
            return TopicResolver.builder(pattern).caseConversion(caseConversion).avroCompatible(avro)
                    .stripPrefixes(prefixes.toArray(String[]::new)).stripSuffixes(suffixes.toArray(String[]::new))
                    .replacement(replacement).unicodeEscape(unicodeEscape).build();
        }

        Settings withAvro() {
            return new Settings(pattern, caseConversion, true, prefixes, suffixes, replacement, unicodeEscape);
        }

        Settings withPattern(String newPattern) {
            return new Settings(newPattern, caseConversion, avro, prefixes, suffixes, replacement, unicodeEscape);
        }
    }
}
