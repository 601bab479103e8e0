package io.cdctoolkit.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns SIGINT/SIGTERM into a clean stop while {@code run} is active: the first signal asks the
 * pipelines to stop (they flush the sink and commit, then {@code run} returns and the process exits
 * 0); a second signal exits at once.
 *
 * <p>Why {@code sun.misc.Signal} (module jdk.unsupported, exported in every JDK): a shutdown hook
 * cannot change the exit status (a JVM ended by SIGTERM exits 143), and the spec wants 0 after a
 * clean stop. Where the JVM refuses a handler, a shutdown hook still stops the pipelines cleanly.
 */
final class StopOnSignal implements AutoCloseable {

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final Thread fallbackHook;

    private StopOnSignal(Runnable stop) {
        AtomicBoolean stopping = new AtomicBoolean();
        SignalHandler handler = signal -> {
            if (stopping.compareAndSet(false, true)) {
                new Thread(stop, "cdc-toolkit-stop").start();
            } else {
                Runtime.getRuntime().halt(128 + signal.getNumber());
            }
        };
        boolean allHandled = true;
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                previous.add(Signal.handle(signal, handler));
                signals.add(signal);
            } catch (IllegalArgumentException | UnsupportedOperationException refused) {
                allHandled = false;
            }
        }
        fallbackHook = allHandled ? null : new Thread(stop, "cdc-toolkit-shutdown");
        if (fallbackHook != null) Runtime.getRuntime().addShutdownHook(fallbackHook);
    }

    /** Installs the handlers; {@code stop} must return quickly or do its waiting itself. */
    static StopOnSignal install(Runnable stop) {
        return new StopOnSignal(stop);
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) Signal.handle(signals.get(i), previous.get(i));
        if (fallbackHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(fallbackHook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting and running the hook.
            }
        }
    }
}
