package dev.parley.app;

/** A raw setting value does not parse; the loader adds where it came from. */
final class BadValueException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String value;

    /** @param problem what is wrong and what is allowed, e.g. {@code is not a port (0-65535)} */
    BadValueException(String value, String problem) {
        super(problem);
        this.value = value;
    }

    String value() {
        return value;
    }

    String problem() {
        return getMessage();
    }
}
