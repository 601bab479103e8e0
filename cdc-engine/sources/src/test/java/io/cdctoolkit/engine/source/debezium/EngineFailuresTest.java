package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** What a Debezium engine failure becomes, and that its message keeps the reason, not only the place. */
class EngineFailuresTest {

    @Test
    void theDeepestMessageOfTheCauseChainIsKeptWhenTheRootCauseHasNone() {
        // As Debezium's MariaDB connector fails on a DDL statement its parser does not know.
        Throwable parser = new IllegalStateException((String) null);
        Throwable parsing = new RuntimeException("DDL statement couldn't be parsed ... 'CREATE TABLE `addr` (`ip` inet6)'",
                parser);
        Throwable producer = new RuntimeException("An exception occurred in the change event producer.", parsing);

        Exception failure = EngineFailures.classify("source 'm'", producer.getMessage(), producer);

        assertThat(failure).isInstanceOf(FatalException.class);
        assertThat(failure.getMessage()).isEqualTo("source 'm': Debezium stopped: DDL statement couldn't be parsed ..."
                + " 'CREATE TABLE `addr` (`ip` inet6)'");
    }

    /** Debezium's message that only says its producer thread failed gives way to the reason; any other is kept. */
    @Test
    void theMessageThatOnlySaysTheProducerFailedGivesWayToTheReason() {
        Throwable denied = new SQLException("ERROR: permission denied for table hidden", "42501");
        String producer = "org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event"
                + " producer. This connector will be stopped.";
        String other = "Error while reading table public.hidden";

        assertThat(EngineFailures.classify("source 'pg'", producer, new RuntimeException(producer, denied)))
                .isInstanceOf(FatalException.class)
                .hasMessage("source 'pg': Debezium stopped: ERROR: permission denied for table hidden");
        assertThat(EngineFailures.classify("source 'pg'", other, new RuntimeException(other, denied)))
                .hasMessage("source 'pg': Debezium stopped: Error while reading table public.hidden"
                        + " (ERROR: permission denied for table hidden)");
    }

    @Test
    void binlogFailuresWhoseMessagesDoNotSayTheirCauseGetItNamed() {
        String fewer = "Error processing row in t, internal schema size 4, but row size 1 , restart connector with schema"
                + " recovery mode.";
        String more = "Error processing row in t, internal schema size 3, but row size 5 , restart connector with schema"
                + " recovery mode.";

        assertThat(EngineFailures.classify("m", fewer, new RuntimeException(fewer)).getMessage())
                .contains("binlog_row_image MINIMAL or NOBLOB").doesNotContain("system-versioned");
        assertThat(EngineFailures.classify("m", more, new RuntimeException(more)).getMessage())
                .contains("system-versioned table").doesNotContain("MINIMAL");
        assertThat(EngineFailures.hint("something else")).isEmpty();
        assertThat(EngineFailures.hint("Cannot invoke \"com.github.shyiko.mysql.binlog.event.deserialization.ColumnType"
                + ".ordinal()\" because the return value of \"com.github.shyiko.mysql.binlog.event.deserialization"
                + ".ColumnType.byCode(int)\" is null")).contains("COMPRESSED");
    }

    @Test
    void aRefusedLoginIsAConnectivityFailureWithTheDriversReason() {
        Throwable login = new SQLException("Access denied for user 'cdc'@'localhost'", "28000");
        Throwable wrapped = new RuntimeException("Unable to connect", login);

        Exception failure = EngineFailures.classify("source 'm'", null, wrapped);

        assertThat(failure).isInstanceOf(ConnectivityException.class)
                .hasMessage("source 'm': cannot connect: Access denied for user 'cdc'@'localhost'");
    }
}
