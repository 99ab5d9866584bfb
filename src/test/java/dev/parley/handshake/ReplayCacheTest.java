package dev.parley.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.Ed25519;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 5: a stranger replaying an M1 it sniffed from a member used to get a full M2 (two
 * X25519s, an Ed25519 signature, a seal) every time. The responder now remembers the M1s it accepted,
 * within a bound, and refuses one it has seen before at the cost of an HMAC and a lookup.
 */
class ReplayCacheTest {
    private static final byte[] NETWORK_KEY = new byte[32];

    static {
        Arrays.fill(NETWORK_KEY, (byte) 7);
    }

    @Test
    void aReplayedM1CostsTheResponderItsPublicKeyWorkOnlyOnce() throws Exception {
        byte[] m1 = new Initiator(Parties.party("alice", NETWORK_KEY)).message1(); // sniffed from a member
        CountingOps ops = new CountingOps();
        LocalParty bob = Parties.party("bob", Ed25519.generate(new SecureRandom()), NETWORK_KEY, ops);
        ReplayCache replays = new ReplayCache(new SecureRandom());

        new Responder(bob, replays).message2(m1.clone());
        assertEquals(3, ops.count.get()); // the first time: ephemeral key, X25519, signature
        for (int i = 0; i < 1000; i++) {
            Responder r = new Responder(bob, replays); // a new connection each time, as on the wire
            HandshakeFailedException e = assertThrows(HandshakeFailedException.class, () -> r.message2(m1.clone()));
            assertTrue(e.getMessage().contains("replay"), e.getMessage());
        }
        assertEquals(3, ops.count.get(), "a replayed M1 made the responder do public-key work");
        assertEquals(1, replays.size());
    }

    @Test
    void aFreshM1FromTheSameMemberIsStillAnswered() throws Exception {
        LocalParty alice = Parties.party("alice", NETWORK_KEY);
        LocalParty bob = Parties.party("bob", NETWORK_KEY);
        ReplayCache replays = new ReplayCache(new SecureRandom());
        byte[] m1 = new Initiator(alice).message1();
        new Responder(bob, replays).message2(m1);
        assertThrows(HandshakeFailedException.class, () -> new Responder(bob, replays).message2(m1));
        for (int i = 0; i < 3; i++) {
            Initiator again = new Initiator(alice);
            Responder r = new Responder(bob, replays);
            r.finish(again.message3(r.message2(again.message1())));
        }
    }

    @Test
    void strangersM1sWithBadMacsAreNotRemembered() throws Exception {
        CountingOps ops = new CountingOps();
        LocalParty bob = Parties.party("bob", Ed25519.generate(new SecureRandom()), NETWORK_KEY, ops);
        ReplayCache replays = new ReplayCache(64, new SecureRandom());
        byte[] other = NETWORK_KEY.clone();
        other[0] ^= 1;
        LocalParty stranger = Parties.party("mallory", other);
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 5000; i++) {
            byte[] m1 = i % 2 == 0 ? new Initiator(stranger).message1() : forged(random);
            assertThrows(HandshakeFailedException.class, () -> new Responder(bob, replays).message2(m1));
        }
        assertEquals(0, replays.size(), "M1s that fail the network-key check grew the cache");
        assertEquals(0, ops.count.get());
        // and the member's M1s still get through
        new Responder(bob, replays).message2(new Initiator(Parties.party("alice", NETWORK_KEY)).message1());
        assertEquals(1, replays.size());
    }

    @Test
    void distinctValidM1sPushTheOldestOutAndTheCacheStaysBounded() throws Exception {
        int generation = 16;
        ReplayCache replays = new ReplayCache(generation, new SecureRandom());
        LocalParty alice = Parties.party("alice", NETWORK_KEY);
        LocalParty bob = Parties.party("bob", NETWORK_KEY);
        byte[] oldest = new Initiator(alice).message1();
        new Responder(bob, replays).message2(oldest);
        List<byte[]> later = new ArrayList<>();
        for (int i = 0; i < generation - 1; i++) {
            byte[] m1 = new Initiator(alice).message1();
            later.add(m1);
            new Responder(bob, replays).message2(m1);
        }
        // generation M1s in all: every one is still remembered
        assertThrows(HandshakeFailedException.class, () -> new Responder(bob, replays).message2(oldest));
        for (int i = 0; i < 4 * generation; i++) {
            new Responder(bob, replays).message2(new Initiator(alice).message1());
            assertTrue(replays.size() <= 2 * generation, "cache grew to " + replays.size());
        }
        // 4 x generation newer M1s later the oldest are forgotten: the documented limit of an M1 without time
        new Responder(bob, replays).message2(later.get(0));
        assertTrue(replays.size() <= 2 * generation);
    }

    @Test
    void theCacheRemembersTheLastGenerationForSureAndForgetsBeyondTwice() {
        int generation = 8;
        ReplayCache c = new ReplayCache(generation, new SecureRandom());
        SecureRandom random = new SecureRandom();
        List<byte[]> macs = new ArrayList<>();
        for (int i = 0; i < 10 * generation; i++) {
            byte[] mac = new byte[32];
            random.nextBytes(mac);
            macs.add(mac);
            assertTrue(c.firstSight(mac));
            assertTrue(c.size() <= 2 * generation);
            for (int back = 0; back < generation && back <= i; back++) {
                assertFalse(c.firstSight(macs.get(i - back)), "forgot the M1 seen " + back + " ago");
            }
        }
        // nothing new was added by the look-ups above (each was a refresh of a remembered tag)
        assertTrue(c.firstSight(macs.get(0)), "an M1 older than twice the bound is still held");
    }

    @Test
    void atTheDefaultBoundAFloodOfValidM1sNeverHoldsMoreThanTwoGenerations() {
        ReplayCache c = new ReplayCache(new SecureRandom());
        SecureRandom random = new SecureRandom();
        byte[] first = new byte[32];
        random.nextBytes(first);
        assertTrue(c.firstSight(first));
        byte[] mac = new byte[32];
        for (int i = 0; i < 3 * ReplayCache.DEFAULT_GENERATION; i++) {
            random.nextBytes(mac);
            assertTrue(c.firstSight(mac));
            assertTrue(c.size() <= 2 * ReplayCache.DEFAULT_GENERATION);
            if (i == ReplayCache.DEFAULT_GENERATION - 2) {
                assertFalse(c.firstSight(first), "the first is among the last " + ReplayCache.DEFAULT_GENERATION);
            }
        }
        int held = c.size();
        assertTrue(held >= ReplayCache.DEFAULT_GENERATION && held <= 2 * ReplayCache.DEFAULT_GENERATION, "held " + held);
        assertTrue(c.firstSight(first), "forgotten after three generations of newer M1s");
    }

    @Test
    void anM1ThatKeepsBeingReplayedStaysRefused() {
        int generation = 8;
        ReplayCache c = new ReplayCache(generation, new SecureRandom());
        SecureRandom random = new SecureRandom();
        byte[] replayed = new byte[32];
        random.nextBytes(replayed);
        assertTrue(c.firstSight(replayed));
        for (int i = 0; i < 20 * generation; i++) {
            byte[] mac = new byte[32];
            random.nextBytes(mac);
            assertTrue(c.firstSight(mac));
            if (i % (generation / 2) == 0) {
                assertFalse(c.firstSight(replayed), "after " + i + " newer M1s");
            }
        }
    }

    @Test
    void withoutANetworkKeyEveryoneMakesValidM1sSoOnlyTheIdenticalBytesAreRefused() throws Exception {
        CountingOps ops = new CountingOps();
        LocalParty bob = Parties.party("bob", Ed25519.generate(new SecureRandom()), null, ops);
        ReplayCache replays = new ReplayCache(new SecureRandom());
        byte[] m1 = new Initiator(Parties.party("alice", null)).message1();
        new Responder(bob, replays).message2(m1);
        assertThrows(HandshakeFailedException.class, () -> new Responder(bob, replays).message2(m1));
        assertEquals(3, ops.count.get());
        // a stranger's own fresh M1 is a valid M1 when no network key is in use: it costs the work
        new Responder(bob, replays).message2(new Initiator(Parties.party("mallory", null)).message1());
        assertEquals(6, ops.count.get());
    }

    /** A well-formed M1 with a random key and a random MAC. */
    private static byte[] forged(SecureRandom random) {
        byte[] m1 = new byte[Transcript.M1_LEN];
        random.nextBytes(m1);
        System.arraycopy(new byte[] {'P', 'R', 'L', 'Y', 1, 1, 1}, 0, m1, 0, Transcript.HEADER_LEN);
        return m1;
    }
}
