package dev.parley.chat;

import java.util.Map;

/**
 * Something the user must see: {@code key-changed}, {@code spoof}, {@code clock-skew}, ...
 * {@code peer} is the fingerprint concerned (may be null); {@code details} are extra named values.
 */
public record Warning(String code, String peer, String message, Map<String, String> details) {
    public Warning {
        details = Map.copyOf(details);
    }
}
