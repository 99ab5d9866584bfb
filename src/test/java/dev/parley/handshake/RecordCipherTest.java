package dev.parley.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.crypto.Fernet;
import dev.parley.wire.MalformedRecordException;
import dev.parley.wire.Record;
import dev.parley.wire.RecordType;
import dev.parley.wire.SequenceException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordCipherTest {
    private HandshakeResult ri;
    private HandshakeResult rr;
    private final Clock t0 = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void handshake() throws Exception {
        Initiator i = new Initiator(Parties.party("alice", null));
        Responder r = new Responder(Parties.party("bob", null));
        rr = r.finish(i.message3(r.message2(i.message1())));
        ri = i.result();
    }

    private RecordCipher cipher(HandshakeResult r, Clock clock, long offset) {
        return new RecordCipher(r, offset, clock, new SecureRandom());
    }

    @Test
    void recordsFlowBothWaysInSequence() throws Exception {
        RecordCipher a = cipher(ri, t0, 0);
        RecordCipher b = cipher(rr, t0, 0);
        for (int n = 0; n < 3; n++) {
            Record got = b.open(a.seal(RecordType.CHAT, ("m" + n).getBytes()));
            assertEquals(n, got.seq());
            assertArrayEquals(("m" + n).getBytes(), got.body());
        }
        assertEquals(RecordType.READY, a.open(b.seal(RecordType.READY, new byte[0])).type());
    }

    @Test
    void replayedReorderedAndDroppedRecordsAreRefused() throws Exception {
        RecordCipher a = cipher(ri, t0, 0);
        RecordCipher b = cipher(rr, t0, 0);
        byte[] first = a.seal(RecordType.CHAT, new byte[] {1});
        byte[] second = a.seal(RecordType.CHAT, new byte[] {2});
        byte[] third = a.seal(RecordType.CHAT, new byte[] {3});
        assertThrows(SequenceException.class, () -> cipher(rr, t0, 0).open(second)); // reordered
        b.open(first);
        assertThrows(SequenceException.class, () -> b.open(first)); // replayed
        RecordCipher c = cipher(rr, t0, 0);
        c.open(first);
        assertThrows(SequenceException.class, () -> c.open(third)); // one dropped
    }

    @Test
    void aRecordUnderTheOtherDirectionsKeyDoesNotOpen() {
        RecordCipher a = cipher(ri, t0, 0);
        byte[] token = a.seal(RecordType.CHAT, new byte[] {1});
        assertThrows(MalformedRecordException.class, () -> cipher(ri, t0, 0).open(token)); // reflected back
    }

    @Test
    void tokensAreStandardFernetUnderTheTrafficKey() throws Exception {
        byte[] token = cipher(ri, t0, 0).seal(RecordType.CHAT, "hi".getBytes());
        byte[] plain = Fernet.open(Fernet.key(rr.receiveKey()), new String(token),
                Fernet.validator(t0, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        assertEquals(RecordType.CHAT, Record.decode(plain).type());
    }

    @Test
    void expiryFollowsThePeersClockWithTheLearnedOffset() throws Exception {
        // The sender's clock runs 2 hours ahead; the receiver learned that offset in the handshake.
        Clock ahead = Clock.offset(t0, Duration.ofHours(2));
        byte[] token = cipher(ri, ahead, 0).seal(RecordType.CHAT, new byte[] {1});
        cipher(rr, t0, Duration.ofHours(2).toMillis()).open(token);
        assertThrows(MalformedRecordException.class, () -> cipher(rr, t0, 0).open(token)); // from the "future"
        Clock later = Clock.offset(t0, RecordCipher.TIME_TO_LIVE.plusSeconds(61));
        assertThrows(MalformedRecordException.class,
                () -> cipher(rr, later, Duration.ofHours(2).toMillis()).open(token)); // expired
        Clock withinTtl = Clock.offset(t0, RecordCipher.TIME_TO_LIVE.minusSeconds(5));
        cipher(rr, withinTtl, Duration.ofHours(2).toMillis()).open(token);
    }
}
