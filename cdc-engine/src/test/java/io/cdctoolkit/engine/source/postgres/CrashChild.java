package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.CdcReader;

import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A pipeline in its own process, for {@link PostgresDurabilityTest} to kill with SIGKILL: reads
 * {@code items} changes, "sinks" each batch into a file (written and synced = acknowledged), then
 * commits the batch's last position and writes a {@code #committed} marker. Runs until killed.
 *
 * <p>Arguments: host port database stateDir sinkFile.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> config = PgTestSupport.config(args[0], Integer.parseInt(args[1]), args[2]);
        CdcReader reader = PgTestSupport.reader(config, "crash", Path.of(args[3]));
        reader.start();
        try (FileOutputStream file = new FileOutputStream(args[4], true);
             Writer out = new OutputStreamWriter(file, StandardCharsets.UTF_8)) {
            while (true) {
                List<ChangeEvent> batch = reader.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) continue;
                for (ChangeEvent e : batch) out.write(PostgresDurabilityTest.change(e) + "\n");
                out.flush();
                file.getFD().sync(); // the sink acknowledged the batch
                reader.commit(batch.get(batch.size() - 1).position());
                out.write("#committed\n");
                out.flush();
            }
        }
    }
}
