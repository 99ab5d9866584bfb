package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a flood of fresh identities can make the engine hold is bounded for the whole process. */
class BoundsTest {
    private final TestPeer alice = TestPeer.named("alice");

    @Test
    void manyIdentitiesSendingLargeMessagesStayWithinTheSharedHistoryBound() throws Exception {
        long bound = 8L << 20;
        ChatEngine engine = new ChatEngine(alice.fingerprint(), alice.publicKey(), "alice", new FakeNetwork(),
                new MemoryTrustStore(), null, Node.FAKE_SAFETY_NUMBERS, new MutableClock(), new SecureRandom(), bound);
        engine.start();
        String big = "✓".repeat(16_000); // 16,000 characters outside Latin-1: 32 KB of heap each
        int peers = 20;
        int each = 100;
        for (int p = 0; p < peers; p++) {
            TestPeer flooder = TestPeer.named("f" + p);
            FakeSession s = FakeSession.of(flooder);
            engine.sessionUp(s);
            for (int i = 0; i < each; i++) {
                engine.received(s, new ChatRecord.Text(String.format("%08x%024x", p, i), 0, big));
            }
        }
        long held = 0;
        long dropped = 0;
        for (PeerInfo p : engine.peers()) {
            for (ChatMessage m : engine.conversation(p.fingerprint())) {
                held += Conversation.cost(m);
            }
            dropped += engine.droppedFromMemory(p.fingerprint());
        }
        assertTrue(held <= bound, "held " + held + " of " + bound);
        assertTrue(held > bound / 2, "the bound is used, not just emptied: " + held);
        assertEquals((long) peers * each, dropped + held / Conversation.cost(
                new ChatMessage("", "", false, "", big, null, null)), "every message is kept or counted as dropped");
    }

    @Test
    void freshIdentitiesThatComeAndGoAreForgottenBeyondThePeerBound() throws Exception {
        Node n = Node.started(alice);
        for (int i = 0; i < ChatEngine.MAX_PEERS + 200; i++) {
            FakeSession s = FakeSession.of(TestPeer.named("x" + i));
            n.engine.sessionUp(s);
            n.engine.received(s, new ChatRecord.Text(String.format("%032x", i), 0, "hello"));
            n.engine.sessionDown(s, "gone");
        }
        List<PeerInfo> held = n.engine.peers();
        assertTrue(held.size() <= ChatEngine.MAX_PEERS, "held " + held.size());
        assertEquals(ChatEngine.MAX_PEERS + 200 - held.size(), n.events.of(RecordingListener.Removed.class).size(),
                "each one forgotten is announced to the front ends");
        assertTrue(held.stream().anyMatch(p -> p.nickname().equals("x" + (ChatEngine.MAX_PEERS + 199))),
                "the newest are kept");
    }
}
