package dev.parley.chat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Records what the engine asks of the network. Thread-safe. */
final class FakeNetwork implements Network {
    record Want(String fingerprint, List<InetSocketAddress> addresses) {}

    private final List<Want> wants = new ArrayList<>();
    private final List<String> forgets = new ArrayList<>();
    private final List<InetSocketAddress> dials = new ArrayList<>();

    @Override
    public synchronized void want(String expectedFingerprint, List<InetSocketAddress> addresses) {
        wants.add(new Want(expectedFingerprint, List.copyOf(addresses)));
    }

    @Override
    public synchronized void forget(String fingerprint) {
        forgets.add(fingerprint);
    }

    @Override
    public synchronized void dial(InetSocketAddress address) {
        dials.add(address);
    }

    synchronized List<Want> wants() {
        return List.copyOf(wants);
    }

    synchronized List<String> forgets() {
        return List.copyOf(forgets);
    }

    synchronized List<InetSocketAddress> dials() {
        return List.copyOf(dials);
    }
}
