package io.cdctoolkit.cli;

/** A usage problem a command reports as {@code error: …} with exit code 2. */
final class UsageProblem extends Exception {

    UsageProblem(String message) {
        super(message);
    }
}
