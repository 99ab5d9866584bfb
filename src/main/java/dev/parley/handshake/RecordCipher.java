package dev.parley.handshake;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.Validator;
import dev.parley.crypto.Fernet;
import dev.parley.wire.MalformedRecordException;
import dev.parley.wire.Record;
import dev.parley.wire.SequenceException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Seals and opens a session's records: {@code type || seq || body} as a Fernet token under the
 * direction's traffic key, with a strict sequence per direction. Tokens are checked against the peer's
 * clock (ours plus the offset learned in the handshake) with a time-to-live of minutes.
 * The sending half is used by one writer thread, the receiving half by one reader thread; the two
 * halves share nothing mutable.
 */
public final class RecordCipher {
    /** How old a record may be when it arrives; long enough for a slow link, short enough to bound replay. */
    public static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);
    /** How far the peer's clock may run ahead of the offset learned in the handshake. */
    public static final Duration MAX_SKEW = Duration.ofSeconds(60);

    private final Key sendKey;
    private final Key receiveKey;
    private final Clock clock;
    private final SecureRandom random;
    private final Validator<byte[]> validator;
    private long sendSeq;
    private long receiveSeq;

    /**
     * @param clockOffsetMillis the peer's clock minus ours
     */
    public RecordCipher(HandshakeResult result, long clockOffsetMillis, Clock clock, SecureRandom random) {
        this.sendKey = Fernet.key(result.sendKey());
        this.receiveKey = Fernet.key(result.receiveKey());
        this.clock = clock;
        this.random = random;
        this.validator = Fernet.validator(Clock.offset(clock, Duration.ofMillis(clockOffsetMillis)), TIME_TO_LIVE, MAX_SKEW);
    }

    /** The next outgoing record as token bytes (ASCII), ready to frame. Writer thread only. */
    public byte[] seal(byte type, byte[] body) {
        byte[] plain = new Record(type, sendSeq, body).encode();
        sendSeq++;
        return Fernet.seal(sendKey, plain, clock.instant(), random).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Opens the next incoming record. A token that does not open, is expired, or is out of sequence
     * ends the session. Reader thread only.
     */
    public Record open(byte[] token) throws MalformedRecordException, SequenceException {
        byte[] plain;
        try {
            plain = Fernet.open(receiveKey, new String(token, StandardCharsets.US_ASCII), validator);
        } catch (Fernet.InvalidTokenException e) {
            throw new MalformedRecordException("record token does not open");
        }
        Record r = Record.decode(plain);
        if (r.seq() != receiveSeq) {
            throw new SequenceException(receiveSeq, r.seq());
        }
        receiveSeq++;
        return r;
    }
}
