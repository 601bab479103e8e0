package io.cdctoolkit.engine.spi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OptionValidatorTest {

    private static final List<String> KNOWN = List.of("host", "port", "user", "password", "slot_name", "slot_failover",
            "slot_monitor_interval_ms", "snapshot_mode");

    private static String fix(String key) {
        return OptionValidator.unknownKey("sources.pg.config." + key, key, KNOWN).fix();
    }

    @Test
    void aKeyNearAKnownOneByEditsIsSuggestedIt() {
        assertThat(fix("prot")).isEqualTo("did you mean port");
        assertThat(fix("snapshot_mod")).isEqualTo("did you mean snapshot_mode");
    }

    @Test
    void aKeyThatAKnownOneBeginsIsSuggestedTheLongestSuch() {
        assertThat(fix("hostname")).isEqualTo("did you mean host");
        assertThat(fix("username")).isEqualTo("did you mean user");
        assertThat(fix("slot_name_prefix")).isEqualTo("did you mean slot_name");
    }

    @Test
    void aKeyThatBeginsKnownOnesIsSuggestedTheShortest() {
        assertThat(fix("pass")).isEqualTo("did you mean password");
        assertThat(fix("slot")).isEqualTo("did you mean slot_name");
    }

    @Test
    void aKeyLikeNoneListsTheKnownKeys() {
        assertThat(fix("zz_top")).isEqualTo("known keys: " + String.join(", ", KNOWN));
        // a shared "ho" is too little to suggest host
        assertThat(fix("ho_zzzzzzz")).startsWith("known keys: ");
    }
}
