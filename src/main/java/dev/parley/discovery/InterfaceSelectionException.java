package dev.parley.discovery;

/** An interface named with {@code --interface} does not exist or cannot carry mDNS; the message says which and why. */
public final class InterfaceSelectionException extends Exception {
    public InterfaceSelectionException(String message) {
        super(message);
    }
}
