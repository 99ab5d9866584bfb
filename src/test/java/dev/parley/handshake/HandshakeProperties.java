package dev.parley.handshake;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Allocations;
import dev.parley.wire.Limits;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile handshake messages: arbitrary bytes, and valid messages with one byte changed, truncated or
 * extended, only ever fail with {@link HandshakeFailedException} (nothing else escapes, no mutation is
 * accepted), and a stranger's first message costs little memory.
 */
class HandshakeProperties {
    private static final byte[] NETWORK_KEY = new byte[32];
    private static final LocalParty ALICE = Parties.party("alice", null);
    private static final LocalParty BOB = Parties.party("bob", null);
    private static final LocalParty CAROL_KEYED = Parties.party("carol", NETWORK_KEY);

    /** A handshake run up to the message under test. */
    private record Run(Initiator initiator, Responder responder, byte[] m1, byte[] m2, byte[] m3) {
        static Run fresh() throws HandshakeFailedException {
            Initiator i = new Initiator(ALICE);
            Responder r = new Responder(BOB);
            byte[] m1 = i.message1();
            byte[] m2 = r.message2(m1);
            byte[] m3 = i.message3(m2);
            return new Run(i, r, m1, m2, m3);
        }
    }

    @Property
    void arbitraryFirstMessagesFailCheaply(@ForAll @Size(max = Limits.MAX_HANDSHAKE_FRAME) byte[] m1) {
        for (LocalParty responder : new LocalParty[] {BOB, CAROL_KEYED}) {
            Responder r = new Responder(responder);
            long allocated = Allocations.of(() -> assertThrows(HandshakeFailedException.class, () -> r.message2(m1)));
            assertTrue(allocated < 64 * 1024, () -> "a stranger's M1 cost " + allocated + " bytes");
        }
    }

    @Property(tries = 300)
    void aChangedFirstMessageIsRefused(@ForAll @IntRange(min = 0, max = 70) int at, @ForAll byte delta) {
        if (delta == 0) {
            delta = 1;
        }
        byte[] m1 = new Initiator(ALICE).message1();
        m1[at] ^= delta;
        byte[] mutated = m1;
        assertThrows(HandshakeFailedException.class, () -> new Responder(BOB).message2(mutated));
    }

    @Property(tries = 150)
    void arbitrarySecondMessagesAreRefused(@ForAll @Size(max = Limits.MAX_HANDSHAKE_FRAME) byte[] m2) {
        Initiator i = new Initiator(ALICE);
        i.message1();
        assertThrows(HandshakeFailedException.class, () -> i.message3(m2));
    }

    @Property(tries = 150)
    void aChangedSecondMessageIsRefused(@ForAll @IntRange(min = 0, max = 1000) int at, @ForAll byte delta,
                                        @ForAll @IntRange(min = -40, max = 40) int resize) throws Exception {
        Initiator i = new Initiator(ALICE);
        byte[] m2 = new Responder(BOB).message2(i.message1());
        byte[] mutated = mutate(m2, at, delta, resize);
        assertThrows(HandshakeFailedException.class, () -> i.message3(mutated));
    }

    @Property(tries = 150)
    void arbitraryThirdMessagesAreRefused(@ForAll @Size(max = Limits.MAX_HANDSHAKE_FRAME) byte[] m3) throws Exception {
        Run run = Run.fresh();
        assertThrows(HandshakeFailedException.class, () -> run.responder().finish(m3));
    }

    @Property(tries = 150)
    void aChangedThirdMessageIsRefused(@ForAll @IntRange(min = 0, max = 1000) int at, @ForAll byte delta,
                                       @ForAll @IntRange(min = -40, max = 40) int resize) throws Exception {
        Run run = Run.fresh();
        byte[] mutated = mutate(run.m3(), at, delta, resize);
        assertThrows(HandshakeFailedException.class, () -> run.responder().finish(mutated));
    }

    @Property(tries = 50)
    void aReplayedSecondMessageFromAnotherRunIsRefused() throws Exception {
        Run other = Run.fresh();
        Initiator i = new Initiator(ALICE);
        i.message1();
        assertThrows(HandshakeFailedException.class, () -> i.message3(other.m2()));
    }

    /**
     * One byte changed (a change of 0 becomes 1, so the message always differs) and the length changed by
     * {@code resize} (cut, or extended with zeros); never the unchanged message.
     */
    static byte[] mutate(byte[] valid, int at, byte delta, int resize) {
        byte[] m = Arrays.copyOf(valid, Math.max(0, valid.length + resize));
        if (m.length > 0 && (resize >= 0 || at % 2 == 0)) {
            m[at % m.length] ^= delta == 0 ? 1 : delta;
        }
        if (Arrays.equals(m, valid)) {
            m = Arrays.copyOf(valid, valid.length + 1);
        }
        return m;
    }
}
