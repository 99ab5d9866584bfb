package dev.parley.discovery;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.Discovery;
import dev.parley.chat.DiscoveryListener;
import dev.parley.chat.DiscoveryStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Several discovery sources as one (mDNS and unicast DNS-SD): each feeds {@link SourceMerge}, which merges
 * them per fingerprint, and one listener hears the merged view, in order, on the executor (one event at a
 * time; never while this class holds its lock). A peer is lost only when no source sees it.
 *
 * <p>{@link #start}, {@link #setNickname} and {@link #close} as {@link Discovery} says; a source that fails
 * to start is closed with the others and its exception passed on.
 */
public final class Discoveries implements Discovery {
    private final Map<String, Discovery> sources;
    private final Executor serial;
    private final Object lock = new Object();
    private final SourceMerge merge;
    private final List<Discovery> started = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param sources  by name ({@code mdns}, {@code dns-sd}), in order of preference for addresses
     * @param executor runs the merged events, one at a time
     */
    public Discoveries(Map<String, Discovery> sources, Executor executor) {
        this.sources = new LinkedHashMap<>(sources);
        this.serial = new SerialExecutor(executor);
        this.merge = new SourceMerge(List.copyOf(sources.keySet()));
    }

    @Override
    public void start(DiscoveryListener listener) throws IOException {
        try {
            for (Map.Entry<String, Discovery> e : sources.entrySet()) {
                e.getValue().start(new FromSource(e.getKey(), listener));
                started.add(e.getValue());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void setNickname(String nickname) {
        for (Discovery d : sources.values()) {
            d.setNickname(nickname);
        }
    }

    /** Every source's own status, with the number of peers it sees now. */
    @Override
    public List<DiscoveryStatus> status() {
        List<DiscoveryStatus> out = new ArrayList<>();
        for (Map.Entry<String, Discovery> e : sources.entrySet()) {
            int peers;
            synchronized (lock) {
                peers = merge.count(e.getKey());
            }
            List<DiscoveryStatus> own = e.getValue().status();
            if (own.isEmpty()) {
                out.add(new DiscoveryStatus(e.getKey(), "on", peers, ""));
            } else {
                for (DiscoveryStatus s : own) {
                    out.add(new DiscoveryStatus(s.source(), s.state(), peers, s.detail()));
                }
            }
        }
        return out;
    }

    /** Closes the sources in reverse order (unicast DNS-SD, listed after mDNS, withdraws in a round trip; JmDNS takes seconds). */
    @Override
    public void close() {
        closed = true;
        List<Discovery> reverse = new ArrayList<>(sources.values());
        java.util.Collections.reverse(reverse);
        for (Discovery d : reverse) {
            d.close();
        }
    }

    /** A source's events, merged under the lock, passed on after it. */
    private final class FromSource implements DiscoveryListener {
        private final String source;
        private final DiscoveryListener target;

        FromSource(String source, DiscoveryListener target) {
            this.source = source;
            this.target = target;
        }

        @Override
        public void found(DiscoveredPeer peer) {
            synchronized (lock) {
                pass(merge.found(source, peer));
            }
        }

        @Override
        public void lost(String fingerprint) {
            synchronized (lock) {
                pass(merge.lost(source, fingerprint));
            }
        }

        @Override
        public void problem(String code, String message) {
            serial.execute(() -> {
                if (!closed) {
                    target.problem(code, message);
                }
            });
        }

        @Override
        public void ownAnnouncement() {
            serial.execute(() -> {
                if (!closed) {
                    target.ownAnnouncement();
                }
            });
        }

        /** Queues the change (under the lock, so in the order of the merge); the call runs later, lock released. */
        private void pass(SourceMerge.Change change) {
            if (change == null) {
                return;
            }
            serial.execute(() -> {
                if (closed) {
                    return;
                }
                if (change.peer() != null) {
                    target.found(change.peer());
                } else {
                    target.lost(change.fingerprint());
                }
            });
        }
    }
}
