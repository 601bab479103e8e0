package io.cdctoolkit.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

class UtcDefaultTimeZoneTest {

    private TimeZone jvmZone;

    @BeforeEach
    void remember() {
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(jvmZone);
    }

    @Test
    void withoutAnExplicitZoneTheCommandRunsInUtc() {
        UtcDefaultTimeZone.applyUnless(null);
        assertThat(TimeZone.getDefault().getID()).isEqualTo("UTC");
    }

    @Test
    void anExplicitUserTimezoneIsKept() {
        UtcDefaultTimeZone.applyUnless("America/New_York");
        assertThat(TimeZone.getDefault().getID()).isEqualTo("America/New_York");
    }
}
