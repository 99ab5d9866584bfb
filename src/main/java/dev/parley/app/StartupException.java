package dev.parley.app;

/** Parley cannot start; the message is for the user, as it is. {@code usage} selects exit code 2 over 1. */
final class StartupException extends Exception {
    final boolean usage;

    StartupException(String message, boolean usage) {
        super(message);
        this.usage = usage;
    }
}
