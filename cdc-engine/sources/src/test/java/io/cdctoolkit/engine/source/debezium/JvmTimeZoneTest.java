package io.cdctoolkit.engine.source.debezium;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

class JvmTimeZoneTest {

    private final TimeZone jvmZone = TimeZone.getDefault();

    @AfterEach
    void restore() {
        TimeZone.setDefault(jvmZone);
    }

    @Test
    void aZoneWithDaylightSavingGetsTheWarningAFixedOffsetDoesNot() {
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        assertThat(JvmTimeZone.fixedOffset()).isEmpty();
        assertThat(JvmTimeZone.snapshotWarning("timestamp values")).get().asString()
                .contains("America/New_York").contains("timestamp values").contains("-Duser.timezone=UTC");
        TimeZone.setDefault(TimeZone.getTimeZone("Etc/GMT+5"));
        assertThat(JvmTimeZone.fixedOffset()).contains(ZoneOffset.ofHours(-5));
        assertThat(JvmTimeZone.snapshotWarning("timestamp values")).isEmpty();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        assertThat(JvmTimeZone.snapshotWarning("timestamp values")).isEmpty();
    }
}
