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
 * after a failure or a drop, and never has more than a few dials in flight. Peers that proved their key
 * before (known) wait for a dial ahead of the others, and a quarter of the dials are kept for them, so a
 * flood of announcements of strangers that never answer cannot keep a known peer waiting. What each
 * address proved is reported to {@link PeerNetwork#evidence}, for discovery to rank its hints.
 *
 * <p>Who dials first. Two peers that discover each other at about the same moment (started together)
 * would both dial: two handshakes, one connection then closed as a duplicate, the peer shown offline
 * and online again. So while we are starting ({@code startingMillis} after construction), of two such
 * peers the side whose fingerprint sorts higher gives the other {@link #YIELD_MILLIS} ms to dial first,
 * and dials only if no session has come up by then. Once we have run that long, a peer we discover for
 * the first time has almost always just started and announced itself, and it learns of us only from our
 * answer to its query, which RFC 6762 delays by 20-120 ms: so we dial it at once, whatever the
 * fingerprints, and it finds our connection under way. For that, and whenever two dials could cross,
 * we never dial a peer while a connection from one of its addresses is in its handshake with us: we
 * wait for that handshake to end (at most the handshake timeout), and dial only if no session came of it.
 *
 * <p>All state lives on the single timer thread (every public method just hands its work there), so it
 * needs no locks; dials themselves run on the network's I/O threads.
 */
final class Dialer implements SessionRegistry.Observer {
    private static final Logger LOG = LoggerFactory.getLogger(Dialer.class);
    /** Long enough for the other side to see our announcement and dial; short enough not to be felt. */
    static final long YIELD_MILLIS = 400;
    /**
     * How long after start we keep yielding by fingerprint. Longer than a newcomer needs to hear the
     * answers to its first query (at most 120 ms after it, RFC 6762 section 6, plus a busy JVM's delays).
     */
    static final long STARTING_MILLIS = 3000;
    /** After a peer's goodbye, the first redial waits as long as this retry would (see {@link #sessionEnded}). */
    static final int AFTER_GOODBYE_ATTEMPT = 4;

    private final PeerNetwork network;
    private final NetSettings settings;
    private final ScheduledExecutorService timer;
    private final java.util.Random random;
    private final String ourFingerprint;
    private final java.time.Clock clock;
    private final long settledAtMillis;
    private final Map<String, Target> targets = new HashMap<>();
    /** Peers that proved their key before wait here, and go before those of {@link #waiting}. */
    private final Queue<Target> waitingKnown = new ArrayDeque<>();
    private final Queue<Target> waiting = new ArrayDeque<>();
    private int inFlight;
    private boolean closed;

    private static final class Target {
        final String fingerprint;
        List<InetSocketAddress> addresses;
        /** Proved its key before (see {@link dev.parley.chat.Network#want(String, List, boolean)}). */
        boolean known;
        int attempt;
        boolean dialling;
        boolean queued;
        /** {@link #next} is the bound on waiting for an inbound handshake from its address (see class doc). */
        boolean awaitingInbound;
        /** Waited for an inbound handshake since the last session; we do not wait twice. */
        boolean waitedForInbound;
        ScheduledFuture<?> next;

        Target(String fingerprint, List<InetSocketAddress> addresses) {
            this.fingerprint = fingerprint;
            this.addresses = addresses;
        }
    }

    /** @param startingMillis how long from now we yield by fingerprint ({@link #STARTING_MILLIS} but in tests) */
    Dialer(PeerNetwork network, NetSettings settings, ScheduledExecutorService timer, SecureRandom seed,
           java.time.Clock clock, long startingMillis) {
        this.network = network;
        this.settings = settings;
        this.timer = timer;
        this.random = new java.util.Random(seed.nextLong()); // jitter needs no secrecy
        this.ourFingerprint = Fingerprints.of(settings.party().publicKey());
        this.clock = clock;
        this.settledAtMillis = clock.millis() + startingMillis;
    }

    /**
     * Whether we give a peer we have just discovered time to dial us first: only while we are starting,
     * and only if our fingerprint sorts higher (see the class doc).
     */
    static boolean yieldsFirst(String ourFingerprint, String theirFingerprint, boolean starting) {
        return starting && ourFingerprint.compareTo(theirFingerprint) > 0;
    }

    void want(String fingerprint, List<InetSocketAddress> addresses) {
        want(fingerprint, addresses, false);
    }

    /** @param known the peer proved its key before: dialled before strangers, with dials kept for it */
    void want(String fingerprint, List<InetSocketAddress> addresses, boolean known) {
        List<InetSocketAddress> copy = List.copyOf(addresses);
        on(() -> {
            boolean fresh = !targets.containsKey(fingerprint);
            Target t = targets.computeIfAbsent(fingerprint, f -> new Target(f, copy));
            boolean newAddress = !fresh && !t.addresses.containsAll(copy);
            t.addresses = copy;
            t.known = known;
            if (newAddress && t.next != null && !t.awaitingInbound && !t.dialling && !t.queued) {
                // a retry is waiting out its backoff for addresses that failed: a new one is tried now
                // (discovery passes a peer's changes at most once per 5 s, so this cannot be driven faster)
                t.next.cancel(false);
                t.next = null;
            }
            if (t.next == null && !t.dialling && !t.queued && !network.isLive(fingerprint)) {
                if (fresh && yieldsFirst(ourFingerprint, fingerprint, clock.millis() < settledAtMillis)) {
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

    @Override
    public void sessionUp(String fingerprint) {
        on(() -> {
            Target t = targets.get(fingerprint);
            if (t != null) {
                t.attempt = 0;
                t.waitedForInbound = false;
                t.awaitingInbound = false;
                if (t.next != null) {
                    t.next.cancel(false);
                    t.next = null;
                }
            }
        });
    }

    /**
     * The session with a wanted peer ended. After a loss we redial soon; after the peer's goodbye it is
     * leaving, so we redial only as late as the {@value #AFTER_GOODBYE_ATTEMPT}th retry would (16 s with
     * the default backoff): by then discovery has usually reported it gone and it is no longer wanted.
     * Else every peer would dial its address again after 1, 2, 4 and 8 s, and meet whoever starts there
     * next (another identity: a refused "impostor", and a handshake that new peer computed for nothing).
     * A peer that comes back on its own finds us and dials.
     */
    @Override
    public void sessionEnded(String fingerprint, boolean peerSaidGoodbye) {
        on(() -> {
            Target t = targets.get(fingerprint);
            if (t != null && !t.dialling && !t.queued) {
                if (peerSaidGoodbye) {
                    t.attempt = Math.max(t.attempt, AFTER_GOODBYE_ATTEMPT);
                }
                retryLater(t);
            }
        });
    }

    /**
     * A connection from {@code from} finished its handshake (registered or not) or failed: a dial that
     * waited for it goes ahead now, unless a session came of it.
     */
    void inboundEnded(java.net.InetAddress from) {
        on(() -> {
            for (Target t : List.copyOf(targets.values())) {
                if (t.awaitingInbound && t.next != null && hasAddress(t, from)) {
                    t.next.cancel(false);
                    start(t);
                }
            }
        });
    }

    private static boolean hasAddress(Target t, java.net.InetAddress a) {
        for (InetSocketAddress s : t.addresses) {
            if (a.equals(s.getAddress())) {
                return true;
            }
        }
        return false;
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
            waitingKnown.clear();
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
        t.awaitingInbound = false;
        if (closed || targets.get(t.fingerprint) != t || network.isLive(t.fingerprint)) {
            return;
        }
        if (!t.waitedForInbound && network.inboundInHandshake(t.addresses)) {
            t.waitedForInbound = true;
            t.awaitingInbound = true;
            t.next = timer.schedule(() -> start(t), settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (inFlight >= limit(t.known)) {
            t.queued = true;
            (t.known ? waitingKnown : waiting).add(t);
            return;
        }
        inFlight++;
        t.dialling = true;
        List<InetSocketAddress> addresses = t.addresses;
        try {
            network.ioExecute(() -> attempt(t, addresses));
        } catch (RuntimeException e) { // no I/O thread to be had (the pool at its bound, or shut down)
            LOG.debug("not dialling {} now: {}", t.fingerprint, e.toString());
            finished(t, false);
        }
    }

    /** On an I/O thread: tries each address; on success this thread goes on to run the session. */
    private void attempt(Target t, List<InetSocketAddress> addresses) {
        String last = "no address";
        dev.parley.chat.AddressEvidence evidence = network.evidence();
        for (InetSocketAddress a : addresses) {
            try {
                Runnable up = () -> {
                    evidence.reached(t.fingerprint, a);
                    on(() -> finished(t, true));
                };
                if (!network.connect(a, t.fingerprint, up)) {
                    up.run(); // a session with this peer already existed and was kept
                }
                return; // the session ran and ended; sessionEnded schedules what comes next
            } catch (SessionRegistry.SessionsFullException e) {
                last = e.getMessage(); // the peer is there, we hold too many sessions: try again later
                evidence.reached(t.fingerprint, a);
                break;
            } catch (SpoofedIdentityException e) {
                last = e.getMessage(); // an impostor at this address: the real peer may be at the next
                evidence.failed(t.fingerprint, a);
            } catch (IOException | HandshakeFailedException | RuntimeException e) {
                last = PeerNetwork.describe(e);
                LOG.debug("dial {} at {} failed: {}", t.fingerprint, a, last);
                evidence.failed(t.fingerprint, a);
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
        startWaiting();
        if (!up && targets.get(t.fingerprint) == t) {
            retryLater(t);
        }
    }

    /**
     * Dials in flight a peer may join: all of them for a known peer, all but {@link #reservedForKnown} for
     * others, so that however many strangers are announced, a known peer never waits for their dials.
     */
    private int limit(boolean known) {
        int max = settings.maxConcurrentDials();
        return known ? max : Math.max(1, max - reservedForKnown(max));
    }

    /** A quarter of the dials, at least one when there are two or more. */
    static int reservedForKnown(int maxConcurrentDials) {
        return maxConcurrentDials < 2 ? 0 : Math.max(1, maxConcurrentDials / 4);
    }

    /** Starts waiting dials while there is room: known peers first. */
    private void startWaiting() {
        while (true) {
            Queue<Target> from = !waitingKnown.isEmpty() && inFlight < limit(true) ? waitingKnown
                    : !waiting.isEmpty() && inFlight < limit(false) ? waiting : null;
            if (from == null) {
                return;
            }
            Target next = from.poll();
            next.queued = false;
            start(next);
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
