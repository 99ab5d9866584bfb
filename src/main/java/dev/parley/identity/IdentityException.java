package dev.parley.identity;

/**
 * A key file or the state folder cannot be used: missing, unreadable, unwritable, corrupt, or readable
 * by others. The message names the path and says what is wrong, fit to show the user as it is; it
 * never contains key material.
 */
public final class IdentityException extends Exception {
    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
