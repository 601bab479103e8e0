package io.cdctoolkit.schema.protobuf;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProtoCanonicalTextTest {

    private static final String PRINTED = "syntax = \"proto3\";\npackage common;\n\nmessage Money {\n  int64 cents = 1;\n}\n";

    @Test
    void layoutAndCommentsDoNotCountButEveryDeclarationDoes() {
        String byHand = "syntax = \"proto3\";\n\n// Amounts.\npackage common;\n/* In cents. */\nmessage Money {\n"
                + "      int64 cents = 1; // the smallest unit\n\n}\n";

        assertThat(ProtoCanonicalText.of(byHand)).isEqualTo(ProtoCanonicalText.of(PRINTED)).isPresent();
        assertThat(ProtoCanonicalText.of(PRINTED.replace("int64", "int32"))).isNotEqualTo(ProtoCanonicalText.of(PRINTED));
        assertThat(ProtoCanonicalText.of(PRINTED.replace("= 1", "= 2"))).isNotEqualTo(ProtoCanonicalText.of(PRINTED));
        assertThat(ProtoCanonicalText.of(PRINTED.replace("common", "shop"))).isNotEqualTo(ProtoCanonicalText.of(PRINTED));
        assertThat(ProtoCanonicalText.of(PRINTED.replace("int64 cents = 1;", "int64 cents = 1 [json_name = \"c\"];")))
                .isNotEqualTo(ProtoCanonicalText.of(PRINTED));
    }

    @Test
    void aTextThatIsNotProtobufHasNone() {
        assertThat(ProtoCanonicalText.of("{\"type\":\"record\"}")).isEmpty();
    }
}
