package dev.parley.net;

import dev.parley.crypto.Fingerprints;
import dev.parley.handshake.HandshakeFailedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a session with every wanted peer: dials at once, redials with exponential backoff and jitter
 * after a failure or a drop, and never has more than a few dials in flight. Two peers that discover
 * each other want each other at about the same moment; so that they do not both dial (two handshakes,
 * one connection then closed as a duplicate, the peer shown offline and online again), the side whose
 * fingerprint sorts higher gives the other {@link #YIELD_MILLIS} ms to dial first, and dials only if no
 * session has come up by then. All state lives on the single timer thread (every public method just
 * hands its work there), so it needs no locks; dials themselves run on the network's I/O threads.
 */
final class Dialer {
    private static final Logger LOG = LoggerFactory.getLogger(Dialer.class);
    /** Long enough for the other side to see our announcement and dial; short enough not to be felt. */
    static final long YIELD_MILLIS = 400;

    private final PeerNetwork network;
    private final NetSettings settings;
    private final ScheduledExecutorService timer;
    private final java.util.Random random;
    private final String ourFingerprint;
    private final Map<String, Target> targets = new HashMap<>();
    private final Queue<Target> waiting = new ArrayDeque<>();
    private int inFlight;
    private boolean closed;

    private static final class Target {
        final String fingerprint;
        List<InetSocketAddress> addresses;
        int attempt;
        boolean dialling;
        boolean queued;
        ScheduledFuture<?> next;

        Target(String fingerprint, List<InetSocketAddress> addresses) {
            this.fingerprint = fingerprint;
            this.addresses = addresses;
        }
    }

    Dialer(PeerNetwork network, NetSettings settings, ScheduledExecutorService timer, SecureRandom seed) {
        this.network = network;
        this.settings = settings;
        this.timer = timer;
        this.random = new java.util.Random(seed.nextLong()); // jitter needs no secrecy
        this.ourFingerprint = Fingerprints.of(settings.party().publicKey());
    }

    void want(String fingerprint, List<InetSocketAddress> addresses) {
        List<InetSocketAddress> copy = List.copyOf(addresses);
        on(() -> {
            boolean fresh = !targets.containsKey(fingerprint);
            Target t = targets.computeIfAbsent(fingerprint, f -> new Target(f, copy));
            t.addresses = copy;
            if (t.next == null && !t.dialling && !t.queued && !network.isLive(fingerprint)) {
                if (fresh && ourFingerprint.compareTo(fingerprint) > 0) {
                    t.next = timer.schedule(() -> start(t), YIELD_MILLIS, TimeUnit.MILLISECONDS);
                } else {
                    start(t);
                }
            }
        });
    }

    void forget(String fingerprint) {
        on(() -> {
            Target t = targets.remove(fingerprint);
            if (t != null && t.next != null) {
                t.next.cancel(false);
            }
        });
    }

    void sessionUp(String fingerprint) {
        on(() -> {
            Target t = targets.get(fingerprint);
            if (t != null) {
                t.attempt = 0;
                if (t.next != null) {
                    t.next.cancel(false);
                    t.next = null;
                }
            }
        });
    }

    void sessionEnded(String fingerprint) {
        on(() -> {
            Target t = targets.get(fingerprint);
            if (t != null && !t.dialling && !t.queued) {
                retryLater(t);
            }
        });
    }

    void close() {
        on(() -> {
            closed = true;
            targets.values().forEach(t -> {
                if (t.next != null) {
                    t.next.cancel(false);
                }
            });
            targets.clear();
            waiting.clear();
        });
    }

    private void on(Runnable r) {
        try {
            timer.execute(r);
        } catch (RuntimeException e) {
            LOG.debug("dialer stopped: {}", e.toString());
        }
    }

    private void start(Target t) {
        t.next = null;
        if (closed || targets.get(t.fingerprint) != t || network.isLive(t.fingerprint)) {
            return;
        }
        if (inFlight >= settings.maxConcurrentDials()) {
            t.queued = true;
            waiting.add(t);
            return;
        }
        inFlight++;
        t.dialling = true;
        List<InetSocketAddress> addresses = t.addresses;
        network.ioExecute(() -> attempt(t, addresses));
    }

    /** On an I/O thread: tries each address; on success this thread goes on to run the session. */
    private void attempt(Target t, List<InetSocketAddress> addresses) {
        String last = "no address";
        for (InetSocketAddress a : addresses) {
            try {
                if (!network.connect(a, t.fingerprint, () -> on(() -> finished(t, true)))) {
                    on(() -> finished(t, true)); // a session with this peer already existed and was kept
                }
                return; // the session ran and ended; sessionEnded schedules what comes next
            } catch (SpoofedIdentityException e) {
                last = e.getMessage(); // an impostor at this address: the real peer may be at the next
            } catch (IOException | HandshakeFailedException | RuntimeException e) {
                last = PeerNetwork.describe(e);
                LOG.debug("dial {} at {} failed: {}", t.fingerprint, a, last);
            }
        }
        String reason = last;
        on(() -> {
            LOG.debug("dial {} failed: {}", t.fingerprint, reason);
            finished(t, false);
        });
    }

    private void finished(Target t, boolean up) {
        if (!t.dialling) {
            return;
        }
        t.dialling = false;
        inFlight--;
        Target next = waiting.poll();
        if (next != null) {
            next.queued = false;
            start(next);
        }
        if (!up && targets.get(t.fingerprint) == t) {
            retryLater(t);
        }
    }

    private void retryLater(Target t) {
        if (closed || t.next != null) {
            return;
        }
        long delay = settings.backoff().delay(t.attempt++, random).toMillis();
        t.next = timer.schedule(() -> start(t), delay, TimeUnit.MILLISECONDS);
    }
}
