package io.cdctoolkit.sinks.stream;

import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Sink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StdoutSinkTest {

    private final RecordingStream target = new RecordingStream();
    private final StdoutSink sink = new StdoutSink(target, false);
    private final List<Exception> results = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeSink() throws Exception {
        sink.close();
    }

    @Test
    void everyCallbackRunsOnlyAfterItsLineWasFlushed() throws Exception {
        sink.open();
        List<String> unflushedAtCallback = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3000; i++) {
            String line = "{\"topic\":\"t\",\"key\":{\"id\":" + i + "},\"value\":null,\"headers\":{}}\n";
            sink.write(Records.json("t", "{\"id\":" + i + "}", null), error -> {
                if (!target.flushedText().contains(line)) unflushedAtCallback.add(line);
                results.add(error);
            });
        }
        sink.flush();

        assertThat(results).hasSize(3000).containsOnlyNulls();
        assertThat(unflushedAtCallback).isEmpty();
        assertThat(target.flushedText().lines()).hasSize(3000).startsWith(
                "{\"topic\":\"t\",\"key\":{\"id\":0},\"value\":null,\"headers\":{}}");
    }

    @Test
    void queuedRecordsShareOneFlush() throws Exception {
        sink.open();
        CountDownLatch release = new CountDownLatch(1);
        sink.write(Records.json("t", "{\"id\":0}", null), error -> {
            try {
                release.await(10, TimeUnit.SECONDS); // hold the writer while 1000 more records queue up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 1; i <= 1000; i++) sink.write(Records.json("t", "{\"id\":" + i + "}", null), results::add);
        release.countDown();
        sink.flush();

        assertThat(results).hasSize(1000).containsOnlyNulls();
        // record 0 alone or with some of the others, then the rest together: never one flush per line
        assertThat(target.flushes()).isBetween(1, 2);
    }

    @Test
    void aRecordThatCannotBeRenderedIsRejectedAndTheOthersAreWritten() throws Exception {
        // Only the pretty layout parses payloads again, so only it can find one that is not JSON.
        StdoutSink sink = new StdoutSink(target, true);
        sink.open();
        sink.write(Records.json("t", "{\"id\":1}", "{}"), results::add);
        sink.write(Records.json("t", "{\"id\":2}", "{broken"), results::add);
        sink.write(Records.json("t", "{\"id\":3}", "{}"), results::add);
        sink.flush();

        assertThat(results.get(0)).isNull();
        assertThat(results.get(1)).isInstanceOf(InvalidDataException.class);
        assertThat(results.get(2)).isNull();
        assertThat(target.flushedText()).contains("\"id\" : 1").contains("\"id\" : 3").doesNotContain("\"id\" : 2");
    }

    @Test
    void aBrokenStreamFailsThatRecordAndEveryLaterOne() throws Exception {
        sink.open();
        sink.write(Records.json("t", "{\"id\":1}", "{}"), results::add);
        sink.flush();
        target.failFromNowOn();
        sink.write(Records.json("t", "{\"id\":2}", "{}"), results::add);
        sink.write(Records.json("t", "{\"id\":3}", "{}"), results::add);
        sink.flush();

        assertThat(results.get(0)).isNull();
        assertThat(results.subList(1, 3)).allSatisfy(e -> assertThat(e).isInstanceOf(IOException.class)
                .hasMessageContaining("stdout sink").hasMessageContaining("disk full"));
    }

    @Test
    void aClosedStandardOutputFailsTheRecordsInsteadOfAcknowledgingThem() throws Exception {
        // System.out is a PrintStream, which swallows EPIPE and only remembers it for checkError().
        PrintStream stdout = new PrintStream(target, true);
        StdoutSink printing = new StdoutSink(stdout, false);
        printing.open();
        printing.write(Records.json("t", "{\"id\":1}", "{}"), results::add);
        printing.flush();
        target.failFromNowOn();
        printing.write(Records.json("t", "{\"id\":2}", "{}"), results::add);
        printing.write(Records.json("t", "{\"id\":3}", "{}"), results::add);
        printing.flush();
        printing.close();

        assertThat(results.get(0)).isNull();
        assertThat(results.subList(1, 3)).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(IOException.class)
                .hasMessageContaining("stdout sink").hasMessageContaining("standard output is closed"));
        assertThat(target.flushedText()).hasLineCount(1);
    }

    @Test
    void closeFlushesButDoesNotCloseStandardOutput() throws Exception {
        sink.open();
        sink.write(Records.json("t", "{\"id\":1}", "{}"), results::add);
        sink.close();

        assertThat(results).containsExactly((Exception) null);
        assertThat(target.flushedText()).hasLineCount(1);
        assertThat(target.closed()).isFalse();
    }

    @Test
    void writingBeforeOpenIsAnError() {
        Sink unopened = new StdoutSink(target, false);

        assertThatThrownBy(() -> unopened.write(Records.json("t", null, null), results::add))
                .isInstanceOf(IllegalStateException.class);
    }
}
