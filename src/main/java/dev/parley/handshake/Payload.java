package dev.parley.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What each side tells the other inside its encrypted handshake message: its clock (ms since the
 * epoch), its nickname (a claim, at most 64 bytes of UTF-8) and capability bytes (reserved, at most 32).
 * Encoded as {@code clock (8) || nick_len (1) || nick || caps_len (1) || caps}. Immutable.
 */
public record Payload(long clockMillis, String nickname, byte[] capabilities) {
    public static final int MAX_NICK_BYTES = 64;
    public static final int MAX_CAPABILITIES = 32;

    public Payload {
        capabilities = capabilities.clone();
        if (nickname.getBytes(StandardCharsets.UTF_8).length > MAX_NICK_BYTES) {
            throw new IllegalArgumentException("nickname over " + MAX_NICK_BYTES + " bytes");
        }
        if (capabilities.length > MAX_CAPABILITIES) {
            throw new IllegalArgumentException("capabilities over " + MAX_CAPABILITIES + " bytes");
        }
    }

    @Override
    public byte[] capabilities() {
        return capabilities.clone();
    }

    public byte[] encode() {
        byte[] nick = nickname.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 1 + nick.length + 1 + capabilities.length)
                .putLong(clockMillis).put((byte) nick.length).put(nick)
                .put((byte) capabilities.length).put(capabilities).array();
    }

    static Payload decode(byte[] b, int offset) throws HandshakeFailedException {
        ByteBuffer in = ByteBuffer.wrap(b, offset, b.length - offset);
        try {
            long clock = in.getLong();
            int nickLen = in.get() & 0xff;
            if (nickLen > MAX_NICK_BYTES) {
                throw new HandshakeFailedException("nickname too long");
            }
            byte[] nick = new byte[nickLen];
            in.get(nick);
            int capLen = in.get() & 0xff;
            if (capLen > MAX_CAPABILITIES) {
                throw new HandshakeFailedException("capabilities too long");
            }
            byte[] caps = new byte[capLen];
            in.get(caps);
            if (in.hasRemaining()) {
                throw new HandshakeFailedException("trailing bytes after payload");
            }
            String name = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(nick)).toString();
            return new Payload(clock, name, caps);
        } catch (java.nio.BufferUnderflowException e) {
            throw new HandshakeFailedException("truncated payload");
        } catch (CharacterCodingException e) {
            throw new HandshakeFailedException("nickname is not UTF-8");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && p.clockMillis == clockMillis && p.nickname.equals(nickname)
                && Arrays.equals(p.capabilities, capabilities);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(clockMillis) * 31 + nickname.hashCode() * 17 + Arrays.hashCode(capabilities);
    }
}
