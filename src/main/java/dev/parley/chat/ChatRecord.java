package dev.parley.chat;

/**
 * What peers say to each other inside an authenticated session; {@code net} maps these to wire records.
 * Immutable values.
 */
public sealed interface ChatRecord {
    /**
     * The most UTF-8 bytes of text one message may carry (the protocol's 32 KiB record plaintext less
     * the headers, with room to spare).
     */
    int MAX_TEXT_BYTES = 32_000;
    int MAX_NICK_BYTES = 64;

    /** A message; {@code id} is 32 hex digits, {@code time} the author's clock in ms. */
    record Text(String id, long time, String text) implements ChatRecord {}

    /** The message with this id arrived. */
    record Ack(String id) implements ChatRecord {}

    record NickChange(String nickname) implements ChatRecord {}

    record PresenceChange(Presence presence) implements ChatRecord {}

    record Typing(boolean active) implements ChatRecord {}

    /**
     * A room record (wire types 10 to 16), carried opaquely: {@code dev.parley.rooms} parses and handles
     * it; the chat engine ignores it.
     */
    record RoomRecord(byte type, byte[] body) implements ChatRecord {
        public RoomRecord {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * A file-transfer record (offer, accept, decline, cancel, result), carried for the file engine: its
     * wire type and body, already checked by {@code net}. The chat engine ignores it.
     */
    record File(byte type, byte[] body) implements ChatRecord {
        public File {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }
}
