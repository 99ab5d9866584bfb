package dev.parley.app;

/**
 * A setting could not be read or has a value Parley cannot use. The message names where it came from
 * (file and line, environment variable, or option), the key, the value and what is allowed, and is
 * meant to be shown to the user as it is.
 */
public final class SettingsException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Where a bad setting came from; a bad {@link #COMMAND_LINE} value is a usage error (exit 2). */
    public enum Origin { FILE, ENVIRONMENT, COMMAND_LINE }

    private final Origin origin;

    SettingsException(Origin origin, String message) {
        super(message);
        this.origin = origin;
    }

    SettingsException(Origin origin, String message, Throwable cause) {
        super(message, cause);
        this.origin = origin;
    }

    public Origin origin() {
        return origin;
    }
}
