package dev.parley.chat;

/** A user request the engine refuses; {@code code} is stable (headless {@code error} events carry it). */
public class ChatException extends Exception {
    private final String code;

    public ChatException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
