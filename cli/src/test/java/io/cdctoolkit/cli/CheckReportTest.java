package io.cdctoolkit.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CheckReportTest {

    @Test
    void messagesStartInOneColumnAndALongerSubjectIsKeptApartFromItsMessage() {
        CheckReport report = new CheckReport();
        report.pass("source pg", "127.0.0.1:5432/shop answers");
        report.fail("source warehouse: replication_privilege", "role cdc may not replicate",
                "ALTER ROLE cdc WITH REPLICATION");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "✓ source pg                    127.0.0.1:5432/shop answers",
                "✗ source warehouse: replication_privilege  role cdc may not replicate",
                "                               fix: ALTER ROLE cdc WITH REPLICATION");
        assertThat(report.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
    }
}
