package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ConnectivityException;

/** The process exit codes of every command (specs/cli-and-config.md). */
final class ExitCodes {

    /** Success. */
    static final int OK = 0;
    /** A check or compatibility test failed. */
    static final int CHECK_FAILED = 1;
    /** Usage error or invalid configuration. */
    static final int CONFIG_ERROR = 2;
    /** A system (database, broker, registry) cannot be reached. */
    static final int UNREACHABLE = 3;
    /** A pipeline failed while running. */
    static final int PIPELINE_FAILED = 4;

    private ExitCodes() {
    }

    /** Whether a failure is, somewhere in its cause chain, a system that could not be reached or refused the login. */
    static boolean isUnreachable(Throwable failure) {
        return ConnectivityException.inCauseChain(failure);
    }
}
