package dev.parley.app;

/**
 * Quotes a user-supplied value for an error message, escaping anything that could move the cursor or
 * change the terminal (control and format characters) as {@code \}{@code uXXXX}. Thread-safe.
 */
final class Quote {
    private Quote() {}

    static String of(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('"').toString();
    }
}
