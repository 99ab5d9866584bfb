package dev.parley.app;

import dev.parley.chat.Network;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The chat engine needs the network and the network needs the engine as its listener; this breaks the
 * cycle: it forwards to the network once it exists. Calls before then cannot happen (the engine only
 * dials after {@code start}, which runs after wiring). Thread-safe.
 */
final class LateNetwork implements Network {
    private volatile Network target;

    void set(Network network) {
        target = network;
    }

    @Override
    public void want(String expectedFingerprint, List<InetSocketAddress> addresses) {
        target.want(expectedFingerprint, addresses);
    }

    @Override
    public void want(String expectedFingerprint, List<InetSocketAddress> addresses, boolean known) {
        target.want(expectedFingerprint, addresses, known);
    }

    @Override
    public void forget(String fingerprint) {
        target.forget(fingerprint);
    }

    @Override
    public void dial(InetSocketAddress address) {
        target.dial(address);
    }
}
