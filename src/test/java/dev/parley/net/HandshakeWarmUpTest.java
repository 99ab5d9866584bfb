package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.crypto.Ed25519;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The warm-up runs a whole handshake and a record each way, and leaves the party's own keys and operations alone. */
class HandshakeWarmUpTest {
    @Test
    void runsAWholeHandshakeAndARecordEachWay() {
        assertTrue(HandshakeWarmUp.run(new SecureRandom(), Clock.systemUTC()));
    }

    @Test
    void theNetworksWarmUpUsesNeitherOurKeyNorOurOperations() throws Exception {
        AtomicInteger used = new AtomicInteger();
        KeyPair identity = Ed25519.generate(new SecureRandom());
        LocalParty party = new LocalParty(identity, Ed25519.rawPublic(identity.getPublic()), null, 1, 1, () -> "us",
                Clock.systemUTC(), new SecureRandom(), counting(used));
        ExecutorService io = Executors.newCachedThreadPool();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            PeerNetwork network = new PeerNetwork(NetSettings.defaults(party, 0)
                    .withBindAddress(InetAddress.getLoopbackAddress()), new Silent(), io, timer, Clock.systemUTC());
            network.warmUp();
            io.shutdown();
            assertTrue(io.awaitTermination(20, TimeUnit.SECONDS), "the warm-up did not finish");
            assertEquals(0, used.get(), "the warm-up used the party's public-key operations");
        } finally {
            io.shutdownNow();
            timer.shutdownNow();
        }
    }

    private static PublicKeyOps counting(AtomicInteger used) {
        return new PublicKeyOps() {
            @Override public KeyPair newEphemeral(SecureRandom random) {
                used.incrementAndGet();
                return PublicKeyOps.JDK.newEphemeral(random);
            }
            @Override public byte[] agree(PrivateKey ours, byte[] theirs) throws java.security.GeneralSecurityException {
                used.incrementAndGet();
                return PublicKeyOps.JDK.agree(ours, theirs);
            }
            @Override public byte[] sign(PrivateKey key, byte[] message) {
                used.incrementAndGet();
                return PublicKeyOps.JDK.sign(key, message);
            }
            @Override public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
                used.incrementAndGet();
                return PublicKeyOps.JDK.verify(publicKey, message, signature);
            }
        };
    }

    private static final class Silent implements SessionListener {
        @Override public void sessionUp(Session s) { }
        @Override public void received(Session s, ChatRecord r) { }
        @Override public void sessionDown(Session s, String reason) { }
        @Override public void dialFailed(InetSocketAddress a, String reason) { }
        @Override public void spoofDetected(String announced, String proven, InetSocketAddress from) { }
    }
}
