package dev.parley.handshake;

import dev.parley.crypto.Fernet;
import dev.parley.crypto.FernetOpener;
import dev.parley.crypto.FernetSealer;
import dev.parley.wire.MalformedRecordException;
import dev.parley.wire.Record;
import dev.parley.wire.SequenceException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Seals and opens a session's records: {@code type || seq || body} as a Fernet token under the
 * direction's traffic key, with a strict sequence per direction. Tokens are checked against the peer's
 * clock (ours plus the offset learned in the handshake) with a time-to-live of minutes.
 * The sending half is used by one thread at a time (with a happens-before edge between them), the
 * receiving half by one reader thread; the two halves share nothing mutable. Each half keeps its keyed
 * AES and HMAC engines for the whole session.
 */
public final class RecordCipher {
    /** How old a record may be when it arrives; long enough for a slow link, short enough to bound replay. */
    public static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);
    /** How far the peer's clock may run ahead of the offset learned in the handshake. */
    public static final Duration MAX_SKEW = Duration.ofSeconds(60);

    private final FernetSealer sealer;
    private final FernetOpener opener;
    private final Clock clock;
    private final SecureRandom random;
    private long sendSeq;
    private long receiveSeq;

    /**
     * @param clockOffsetMillis the peer's clock minus ours
     */
    public RecordCipher(HandshakeResult result, long clockOffsetMillis, Clock clock, SecureRandom random) {
        this.sealer = new FernetSealer(result.sendKey());
        this.opener = new FernetOpener(result.receiveKey(), Clock.offset(clock, Duration.ofMillis(clockOffsetMillis)),
                TIME_TO_LIVE, MAX_SKEW);
        this.clock = clock;
        this.random = random;
    }

    /** The next outgoing record as token bytes (ASCII), ready to frame. One sending thread at a time. */
    public byte[] seal(byte type, byte[] body) {
        byte[] plain = new Record(type, sendSeq, body).encode();
        sendSeq++;
        return sealer.seal(plain, clock.instant(), random);
    }

    /**
     * Opens the next incoming record. A token that does not open, is expired, or is out of sequence
     * ends the session. Reader thread only.
     */
    public Record open(byte[] token) throws MalformedRecordException, SequenceException {
        byte[] plain;
        try {
            plain = opener.open(token);
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
