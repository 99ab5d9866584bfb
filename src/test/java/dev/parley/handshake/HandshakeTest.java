package dev.parley.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.Ed25519;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private static final byte[] NETWORK_KEY = new byte[32];

    static {
        Arrays.fill(NETWORK_KEY, (byte) 7);
    }

    @Test
    void bothSidesAgreeOnKeysAndLearnEachOther() throws Exception {
        LocalParty alice = Parties.party("alice", null);
        LocalParty bob = Parties.party("bob", null);
        Initiator i = new Initiator(alice);
        Responder r = new Responder(bob);
        byte[] m3 = i.message3(r.message2(i.message1()));
        HandshakeResult ri = i.result();
        HandshakeResult rr = r.finish(m3);

        assertArrayEquals(ri.sendKey(), rr.receiveKey());
        assertArrayEquals(ri.receiveKey(), rr.sendKey());
        assertFalse(Arrays.equals(ri.sendKey(), ri.receiveKey()));
        assertArrayEquals(ri.transcriptHash(), rr.transcriptHash());
        assertArrayEquals(bob.publicKey(), ri.peerPublicKey());
        assertArrayEquals(alice.publicKey(), rr.peerPublicKey());
        assertEquals("bob", ri.peerPayload().nickname());
        assertEquals("alice", rr.peerPayload().nickname());
        assertEquals(1, ri.version());
        assertTrue(ri.initiator());
        assertFalse(rr.initiator());
    }

    @Test
    void matchingNetworkKeysWork() throws Exception {
        Initiator i = new Initiator(Parties.party("alice", NETWORK_KEY));
        Responder r = new Responder(Parties.party("bob", NETWORK_KEY));
        r.finish(i.message3(r.message2(i.message1())));
    }

    @Test
    void wrongNetworkKeyIsDroppedBeforeAnyPublicKeyWork() {
        byte[] other = NETWORK_KEY.clone();
        other[0] ^= 1;
        for (byte[][] keys : new byte[][][] {{other, NETWORK_KEY}, {null, NETWORK_KEY}, {NETWORK_KEY, null}}) {
            Initiator i = new Initiator(Parties.party("alice", keys[0]));
            CountingOps ops = new CountingOps();
            Responder r = new Responder(Parties.party("bob", Ed25519.generate(new SecureRandom()), keys[1], ops));
            byte[] m1 = i.message1();
            assertThrows(HandshakeFailedException.class, () -> r.message2(m1));
            assertEquals(0, ops.count.get(), "responder did public-key work for a stranger");
        }
    }

    @Test
    void aGoodM1CostsTheResponderPublicKeyWork() throws Exception {
        // The counterpart of the test above: the counter does see the work when M1 is good.
        CountingOps ops = new CountingOps();
        Responder r = new Responder(Parties.party("bob", Ed25519.generate(new SecureRandom()), null, ops));
        r.message2(new Initiator(Parties.party("alice", null)).message1());
        assertEquals(3, ops.count.get()); // ephemeral key, X25519, Ed25519 signature
    }

    @Test
    void peerPresentingOurOwnKeyIsRefused() throws Exception {
        KeyPair same = Ed25519.generate(new SecureRandom());
        Initiator i = new Initiator(Parties.party("me", same, null, PublicKeyOps.JDK));
        Responder r = new Responder(Parties.party("me too", same, null, PublicKeyOps.JDK));
        byte[] m2 = r.message2(i.message1());
        HandshakeFailedException e = assertThrows(HandshakeFailedException.class, () -> i.message3(m2));
        assertTrue(e.getMessage().contains("own identity"));
    }

    @Test
    void noCommonVersionIsRefused() {
        KeyPair a = Ed25519.generate(new SecureRandom());
        LocalParty future = new LocalParty(a, Ed25519.rawPublic(a.getPublic()), null, 2, 3, () -> "f",
                Clock.systemUTC(), new SecureRandom(), PublicKeyOps.JDK);
        Responder r = new Responder(Parties.party("bob", null));
        assertThrows(HandshakeFailedException.class, () -> r.message2(new Initiator(future).message1()));
    }

    @Test
    void responderPicksTheHighestCommonVersion() throws Exception {
        KeyPair a = Ed25519.generate(new SecureRandom());
        LocalParty wide = new LocalParty(a, Ed25519.rawPublic(a.getPublic()), null, 1, 9, () -> "w",
                Clock.systemUTC(), new SecureRandom(), PublicKeyOps.JDK);
        Initiator i = new Initiator(wide);
        Responder r = new Responder(Parties.party("bob", null));
        byte[] m2 = r.message2(i.message1());
        assertEquals(1, m2[0]);
        r.finish(i.message3(m2));
        assertEquals(1, i.result().version());
    }

    @Test
    void everyBitOfM1MattersToTheResponder() throws Exception {
        LocalParty alice = Parties.party("alice", null);
        LocalParty bob = Parties.party("bob", null);
        byte[] m1 = new Initiator(alice).message1();
        for (int bit = 0; bit < m1.length * 8; bit++) {
            byte[] bad = flip(m1, bit);
            assertThrows(HandshakeFailedException.class, () -> new Responder(bob).message2(bad), "bit " + bit);
        }
    }

    @Test
    void everyBitOfM2MattersToTheInitiator() throws Exception {
        LocalParty alice = Parties.party("alice", null);
        LocalParty bob = Parties.party("bob", null);
        int len = new Responder(bob).message2(new Initiator(alice).message1()).length;
        for (int bit = 0; bit < len * 8; bit++) {
            Initiator i = new Initiator(alice);
            byte[] bad = flip(new Responder(bob).message2(i.message1()), bit);
            assertThrows(HandshakeFailedException.class, () -> i.message3(bad), "bit " + bit);
        }
    }

    @Test
    void everyBitOfM3MattersToTheResponder() throws Exception {
        LocalParty alice = Parties.party("alice", null);
        LocalParty bob = Parties.party("bob", null);
        for (int bit = 0; ; bit++) {
            Initiator i = new Initiator(alice);
            Responder r = new Responder(bob);
            byte[] m3 = i.message3(r.message2(i.message1()));
            if (bit >= m3.length * 8) {
                break;
            }
            byte[] bad = flip(m3, bit);
            assertThrows(HandshakeFailedException.class, () -> r.finish(bad), "bit " + bit);
        }
    }

    @Test
    void truncatedMessagesFail() throws Exception {
        LocalParty alice = Parties.party("alice", null);
        LocalParty bob = Parties.party("bob", null);
        Initiator i = new Initiator(alice);
        Responder r = new Responder(bob);
        byte[] m1 = i.message1();
        assertThrows(HandshakeFailedException.class, () -> new Responder(bob).message2(Arrays.copyOf(m1, 70)));
        byte[] m2 = r.message2(m1);
        assertThrows(HandshakeFailedException.class, () -> i.message3(Arrays.copyOf(m2, m2.length - 1)));
    }

    static byte[] flip(byte[] b, int bit) {
        byte[] c = b.clone();
        c[bit / 8] ^= (byte) (1 << (bit % 8));
        return c;
    }
}
