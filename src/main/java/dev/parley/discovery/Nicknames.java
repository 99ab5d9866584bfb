package dev.parley.discovery;

import dev.parley.chat.Sanitizer;

/**
 * Nicknames from the network (hostile input): sanitised as the chat engine does everywhere (no escape
 * sequences, control or bidi characters, one line) and cut to {@link #MAX_BYTES} bytes of UTF-8.
 * Stateless.
 */
final class Nicknames {
    static final int MAX_BYTES = 64;

    private Nicknames() {}

    static String sanitise(String raw) {
        return Sanitizer.truncateUtf8(Sanitizer.nickname(raw), MAX_BYTES);
    }

    /** Cuts {@code s} to at most {@code maxBytes} bytes of UTF-8 without splitting a code point. */
    static String truncate(String s, int maxBytes) {
        return Sanitizer.truncateUtf8(s, maxBytes);
    }
}
