package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.identity.KnownPeer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The key-change flow as a user lives it (issue 12, item 2): bob reinstalls, {@code /trust bob} accepts
 * the new key and moves the conversation and the queued messages to it, the old key is retired;
 * {@code /unverify}, {@code /forget}, {@code /cancel}, and queued messages that expire (item 7).
 */
class KeyChangeTest {
    private final TestPeer alice = TestPeer.named("alice");
    private final TestPeer bob = TestPeer.named("bob");
    private final TestPeer newBob = TestPeer.keyed("bob", "bob after the reinstall");

    private Node aliceKnowingBob(boolean verified) throws Exception {
        KnownPeer k = new KnownPeer(bob.fingerprint(), bob.publicKey(), "bob", Instant.EPOCH, Instant.EPOCH, verified,
                List.of("10.77.0.2:7447"));
        return Node.started(alice, new MemoryTrustStore(k), new MutableClock());
    }

    @Test
    void trustByTheKnownNicknameMovesEverythingToTheNewKeyAndRetiresTheOld() throws Exception {
        Node a = aliceKnowingBob(true);
        FakeSession old = FakeSession.of(bob);
        a.engine.sessionUp(old);
        ChatMessage before = a.engine.send(bob.fingerprint(), "see you tomorrow");
        a.engine.received(old, new ChatRecord.Ack(before.id()));
        a.engine.sessionDown(old, "bob reinstalls");
        ChatMessage queued = a.engine.send(a.engine.resolve("bob").fingerprint(), "are you there?");
        assertEquals(MessageStatus.QUEUED, queued.status());

        FakeSession s = FakeSession.of(newBob);
        a.engine.sessionUp(s);
        Warning w = a.events.warnings("key-changed").get(0);
        String prefix = newBob.body().substring(0, 8);
        assertEquals("/trust " + prefix, w.details().get("resolve"));
        assertTrue(w.message().contains("/verify " + prefix) && w.message().contains("/trust " + prefix), w.message());

        PeerInfo accepted = a.engine.trust(a.engine.resolve("bob").fingerprint()); // "bob" is still the old key
        assertEquals(newBob.fingerprint(), accepted.fingerprint());
        assertEquals(Trust.KNOWN, accepted.trust(), "accepted, not verified: the old key's verification does not carry");
        assertEquals("bob", accepted.nickname());

        // The old key is retired: gone from the list and the store, so "bob" means the new key alone.
        assertTrue(a.engine.peer(bob.fingerprint()).isEmpty());
        assertTrue(a.store.get(bob.fingerprint()).isEmpty());
        KnownPeer kept = a.store.get(newBob.fingerprint()).orElseThrow();
        assertFalse(kept.verified());
        assertEquals(List.of("10.77.0.2:7447"), kept.addresses(), "the addresses the user gave go along");
        assertEquals(newBob.fingerprint(), a.engine.resolve("bob").fingerprint());
        assertEquals(List.of(new RecordingListener.Removed(bob.fingerprint())), a.events.of(RecordingListener.Removed.class));

        // The conversation and the queued message moved; the queued one went out on the new session.
        List<ChatMessage> conversation = a.engine.conversation(newBob.fingerprint());
        assertEquals(List.of(before.id(), queued.id()), conversation.stream().map(ChatMessage::id).toList());
        assertTrue(conversation.stream().allMatch(m -> m.peer().equals(newBob.fingerprint())));
        assertEquals(List.of("are you there?"), s.sent(ChatRecord.Text.class).stream().map(ChatRecord.Text::text).toList());
        assertEquals(MessageStatus.SENT, a.engine.conversation(newBob.fingerprint()).get(1).status());
        assertTrue(a.engine.undelivered().stream().allMatch(m -> m.peer().equals(newBob.fingerprint())));

        // Reconnecting raises no warning any more.
        a.engine.sessionDown(s, "gone");
        a.events.clear();
        a.engine.sessionUp(FakeSession.of(newBob));
        assertTrue(a.events.of(Warning.class).isEmpty(), a.events.of(Warning.class).toString());

        // Trusting it again says there is nothing to accept.
        assertEquals("not-changed", assertThrows(ChatException.class, () -> a.engine.trust(newBob.fingerprint())).code());

        // Should the retired key come back, it is the one shown apart now.
        a.engine.sessionUp(FakeSession.of(bob));
        assertEquals(Trust.CHANGED, a.engine.peer(bob.fingerprint()).orElseThrow().trust());
        assertEquals(newBob.fingerprint(), a.engine.peer(bob.fingerprint()).orElseThrow().conflictsWith());
    }

    @Test
    void whileTheOldKeyIsOnlineTooTrustRefusesAndForgetResolvesIt() throws Exception {
        Node a = aliceKnowingBob(false);
        a.engine.sessionUp(FakeSession.of(bob));
        a.engine.sessionUp(FakeSession.of(newBob));
        assertEquals("old-key-online", assertThrows(ChatException.class, () -> a.engine.trust(bob.fingerprint())).code());
        assertEquals(Trust.CHANGED, a.engine.peer(newBob.fingerprint()).orElseThrow().trust());

        a.engine.forget(newBob.fingerprint()); // the user believes the old one
        assertTrue(a.engine.peer(newBob.fingerprint()).isEmpty());
        assertTrue(a.store.get(bob.fingerprint()).isPresent());

        a.engine.forget(bob.fingerprint());
        assertTrue(a.store.get(bob.fingerprint()).isEmpty(), "forgotten in the trust store too");
        assertTrue(a.engine.peers().isEmpty());
    }

    @Test
    void twoNewKeysClaimingTheNameAreAmbiguous() throws Exception {
        Node a = aliceKnowingBob(false);
        a.engine.sessionUp(FakeSession.of(newBob));
        a.engine.sessionUp(FakeSession.of(TestPeer.keyed("bob", "a third bob")));
        ChatException e = assertThrows(ChatException.class, () -> a.engine.trust(bob.fingerprint()));
        assertEquals("ambiguous-peer", e.code());
        assertTrue(e.getMessage().contains(newBob.body().substring(0, 8)), e.getMessage());
    }

    @Test
    void forgettingTheKnownPeerLetsTheNewKeyStandOnItsOwn() throws Exception {
        Node a = aliceKnowingBob(false);
        a.engine.send(bob.fingerprint(), "queued for the old key");
        FakeSession s = FakeSession.of(newBob);
        a.engine.sessionUp(s);
        a.engine.forget(bob.fingerprint());
        PeerInfo p = a.engine.peer(newBob.fingerprint()).orElseThrow();
        assertEquals(Trust.NEW, p.trust());
        assertEquals(null, p.conflictsWith());
        assertEquals(List.of(MessageStatus.FAILED), a.events.of(ChatMessage.class).stream()
                .filter(m -> m.peer().equals(bob.fingerprint()) && m.status() == MessageStatus.FAILED)
                .map(ChatMessage::status).toList(), "its queued message failed");
        assertEquals(MessageStatus.SENT, a.engine.send(newBob.fingerprint(), "hi").status());
    }

    @Test
    void verifyConfirmNeedsTheNumberShownAndUnverifyUndoesIt() throws Exception {
        Node a = aliceKnowingBob(false);
        a.engine.sessionUp(FakeSession.of(bob));
        assertEquals("not-compared", assertThrows(ChatException.class, () -> a.engine.markVerified(bob.fingerprint())).code());
        assertEquals("not-verified", assertThrows(ChatException.class, () -> a.engine.unverify(bob.fingerprint())).code());
        a.engine.safetyNumber(bob.fingerprint());
        a.engine.markVerified(bob.fingerprint());
        assertTrue(a.store.get(bob.fingerprint()).orElseThrow().verified());
        a.engine.unverify(bob.fingerprint());
        assertEquals(Trust.KNOWN, a.engine.peer(bob.fingerprint()).orElseThrow().trust());
        assertFalse(a.store.get(bob.fingerprint()).orElseThrow().verified());
        assertEquals("not-compared", assertThrows(ChatException.class, () -> a.engine.markVerified(bob.fingerprint())).code(),
                "after an undo, the number is compared again");
    }

    @Test
    void queuedMessagesExpireAsFailedAfterTheirLifetimeAndCanBeCancelled() throws Exception {
        Node a = aliceKnowingBob(false);
        ChatMessage first = a.engine.send(bob.fingerprint(), "one");
        a.clock.advance(Duration.ofHours(1));
        ChatMessage second = a.engine.send(bob.fingerprint(), "two");
        a.clock.advance(Duration.ofMillis(ChatEngine.QUEUED_LIFETIME_MILLIS - Duration.ofHours(1).toMillis() - 1));
        a.engine.tick();
        assertEquals(2, a.engine.undelivered().size(), "not yet");
        a.clock.advance(Duration.ofMillis(1));
        a.engine.tick();
        assertEquals(List.of(MessageStatus.QUEUED, MessageStatus.FAILED), a.events.statuses(first.id()));
        assertEquals(List.of(second.id()), a.engine.undelivered().stream().map(ChatMessage::id).toList());
        Warning w = a.events.warnings("expired").get(0);
        assertEquals(bob.fingerprint(), w.peer());
        assertEquals(first.id(), w.details().get("ids"));

        List<ChatMessage> cancelled = a.engine.cancel(bob.fingerprint());
        assertEquals(List.of(second.id()), cancelled.stream().map(ChatMessage::id).toList());
        assertEquals(MessageStatus.FAILED, a.events.statuses(second.id()).get(a.events.statuses(second.id()).size() - 1));
        assertTrue(a.engine.undelivered().isEmpty());
        FakeSession s = FakeSession.of(bob);
        a.engine.sessionUp(s);
        assertTrue(s.sent(ChatRecord.Text.class).isEmpty(), "a failed message is never sent");
    }
}
