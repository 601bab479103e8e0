package io.cdctoolkit.schema.glue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StandardIdsTest {

    @Test
    void idIsTheFirst31BitsOfSha256OverTheUuidBytes() throws Exception {
        for (String text : new String[] {"00000000-0000-0000-0000-000000000000",
                "6f1c0e6e-3c1a-4b7e-9c1d-2d4f5a6b7c8d", "ffffffff-ffff-ffff-ffff-ffffffffffff"}) {
            // The documented rule, computed another way: hex of the UUID → bytes → SHA-256 → first 8 hex digits.
            byte[] uuidBytes = HexFormat.of().parseHex(text.replace("-", ""));
            String digestHex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(uuidBytes));
            int expected = (int) (Long.parseLong(digestHex.substring(0, 8), 16) & 0x7fff_ffffL);

            assertThat(StandardIds.of(UUID.fromString(text))).isEqualTo(expected);
        }
    }

    @Test
    void idsAreNonNegativeAndDependOnlyOnTheVersion() {
        UUID version = UUID.nameUUIDFromBytes("orders v1".getBytes(StandardCharsets.UTF_8));
        int id = StandardIds.of(version);
        assertThat(id).isNotNegative();
        assertThat(StandardIds.of(UUID.fromString(version.toString()))).isEqualTo(id);
        assertThat(StandardIds.of(UUID.nameUUIDFromBytes("orders v2".getBytes(StandardCharsets.UTF_8)))).isNotEqualTo(id);
    }
}
