package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 5: a {@code --peer} (or {@code /connect}) address that answers only on a retry was never
 * remembered nor redialled, because the first failure made the engine forget the dial although the
 * network went on trying. It is forgotten only once the network gives up.
 */
class DialRetryTest {
    private final TestPeer alice = TestPeer.named("alice");
    private final TestPeer frank = TestPeer.named("frank");
    private final InetSocketAddress grace = new InetSocketAddress("10.77.0.7", 7447);

    @Test
    void anAddressThatAnswersOnARetryIsRememberedAndRedialled() throws Exception {
        Node a = Node.started(alice);
        a.engine.connect("10.77.0.7");
        a.engine.dialFailed(grace, "connection refused"); // the first attempt: grace is not listening yet
        assertEquals(1, a.events.warnings("dial-failed").size(), "the user is told of the first failure");
        FakeSession s = new FakeSession(frank, grace, true, 0); // a retry answers
        a.engine.sessionUp(s);
        assertEquals(List.of("10.77.0.7:7447"), a.store.get(frank.fingerprint()).orElseThrow().addresses(),
                "the address is remembered");
        assertTrue(a.network.wants().stream().anyMatch(w -> w.fingerprint().equals(frank.fingerprint())
                && w.addresses().contains(grace)), "the peer is wanted at that address: redialled after a drop");
        a.engine.sessionDown(s, "connection reset");
        assertEquals(PeerState.OFFLINE, a.engine.peer(frank.fingerprint()).orElseThrow().state(),
                "still wanted after the session ends, so not lost");
    }
}
