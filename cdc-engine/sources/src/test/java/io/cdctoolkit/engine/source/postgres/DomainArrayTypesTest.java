package io.cdctoolkit.engine.source.postgres;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arrays of domains survive the converter properties, OIDs above 2^31 and base type names with the separators in
 * them too; other types stand for themselves.
 */
class DomainArrayTypesTest {

    @Test
    void typesComeBackAsTheyWentAndOtherTypesAreThemselves() {
        DomainArrayTypes types = new DomainArrayTypes(Map.of(16_400, new DomainArrayTypes.BaseArray(1231, 655_366, "numeric"),
                (int) 3_000_000_000L, new DomainArrayTypes.BaseArray(1007, -1, "int4"),
                16_500, new DomainArrayTypes.BaseArray(16_499, -1, "my:odd;type%name")));

        DomainArrayTypes decoded = DomainArrayTypes.decode(types.encode());

        assertThat(decoded).isEqualTo(types);
        assertThat(decoded.arrayType(16_400)).isEqualTo(1231);
        assertThat(decoded.typmod(16_400, -1)).isEqualTo(655_366);
        assertThat(decoded.arrayType((int) 3_000_000_000L)).isEqualTo(1007);
        assertThat(decoded.arrayType(1007)).isEqualTo(1007);
        assertThat(decoded.typmod(1231, 7)).isEqualTo(7);
        assertThat(decoded.baseType(16_500)).isEqualTo("my:odd;type%name");
        assertThat(decoded.baseType(1007)).isNull();
        assertThat(decoded.isDomainArray(16_400)).isTrue();
        assertThat(decoded.isDomainArray(1231)).isFalse();
        assertThat(DomainArrayTypes.decode(null).arrays()).isEmpty();
        assertThat(DomainArrayTypes.decode("").arrays()).isEmpty();
    }
}
