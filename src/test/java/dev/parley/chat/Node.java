package dev.parley.chat;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.BiFunction;

/** One engine under test with its fakes around it. */
final class Node {
    /** A stand-in for Signal's safety number: the same for both sides of a pair, different per pair. */
    static final BiFunction<byte[], byte[], String> FAKE_SAFETY_NUMBERS = (ours, theirs) -> {
        String a = HexFormat.of().formatHex(ours);
        String b = HexFormat.of().formatHex(theirs);
        return "safety:" + (a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a);
    };

    final TestPeer id;
    final FakeNetwork network = new FakeNetwork();
    final MemoryTrustStore store;
    final MutableClock clock;
    final RecordingListener events = new RecordingListener();
    final ChatEngine engine;

    Node(TestPeer id, MemoryTrustStore store, MutableClock clock) {
        this.id = id;
        this.store = store;
        this.clock = clock;
        this.engine = new ChatEngine(id.fingerprint(), id.publicKey(), id.nickname(), network, store,
                FAKE_SAFETY_NUMBERS, clock, new SecureRandom());
        engine.addListener(events);
    }

    static Node started(TestPeer id) throws Exception {
        return started(id, new MemoryTrustStore(), new MutableClock());
    }

    static Node started(TestPeer id, MemoryTrustStore store, MutableClock clock) throws Exception {
        Node n = new Node(id, store, clock);
        n.engine.start();
        return n;
    }
}
