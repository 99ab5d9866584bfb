package dev.parley.net;

import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.handshake.HandshakeResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps exactly one live session per peer identity, and reports sessions coming up and going down.
 * When two connections with one peer are authenticated (both sides dialled at once, or the peer
 * restarted), the rule of {@link #replaces} decides, the same way on both sides, which one stays; the
 * other is retired (its reader passes no more records on) and closed, or, if it never ran, discarded
 * and never reported. The chat engine's acknowledgements and resending make sure no message is lost on
 * the one closed.
 *
 * <p>Reporting. The thread that registers a session reports {@code sessionUp}, then runs the session's
 * reader itself (records come only from there), then reports {@code sessionDown}: for one session, up,
 * records and down come in that order from one thread and never overlap. A session that replaces
 * another is reported up only after the other's up has been reported, so ups for one peer come in the
 * order the sessions were registered; the replaced one's down comes from its own reader when it ends,
 * before or after the newer one's up (the engine ignores a down for a session no longer its current
 * one).
 *
 * <p>Thread-safe. Its lock guards the maps and the closed flag only: no listener, observer or session
 * call, and no log, is made holding it. Called on I/O threads (register, run) and the timer (snapshots).
 */
final class SessionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    /** A session as the registry sees it: {@link LiveSession}, or a fake in tests. Its methods never block. */
    interface Member extends Session, KeepAlive.Watched {
        HandshakeResult handshake();

        /** Passes no more records on: a newer connection with the peer replaced this one. */
        void retire();

        /** Ends a session that will never run: BYE, then its socket is closed. */
        void discard();

        /** Closes at once, without BYE. */
        void abort();

        /** Reads and hands on records until the session ends, on the calling thread; says why it ended. */
        SessionReader.End readLoop();
    }

    /** Told of sessions of the current kind coming and going (the dialer). Called holding no lock; never blocks. */
    interface Observer {
        void sessionUp(String fingerprint);

        /** The peer's current session ended, while the network is open. */
        void sessionEnded(String fingerprint, boolean peerSaidGoodbye);
    }

    private final byte[] ourPublicKey;
    private final SessionListener listener;
    private final Observer observer;
    private final Object lock = new Object();
    /** The current session of each peer. Guarded by {@link #lock}. */
    private final Map<String, Kept> live = new HashMap<>();
    /** Replaced sessions whose readers have not ended yet. Guarded by {@link #lock}. */
    private final Set<Kept> ending = new LinkedHashSet<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;

    SessionRegistry(byte[] ourPublicKey, SessionListener listener, Observer observer) {
        this.ourPublicKey = ourPublicKey.clone();
        this.listener = listener;
        this.observer = observer;
    }

    private enum Decision { KEPT, DUPLICATE, REFUSED }

    /**
     * Makes {@code s} the session for its peer, unless the one there already is preferred. Returns
     * what to {@link Kept#run} on this thread, or null when {@code s} was not kept: a duplicate
     * (discarded: BYE, then closed) or arriving after {@link #close} (closed at once). Reports nothing.
     * Any thread holding no lock.
     */
    Kept register(Member s) {
        Kept kept = new Kept(s);
        Kept replaced = null;
        Decision decision;
        synchronized (lock) {
            Kept existing = live.get(s.fingerprint());
            if (closed) {
                decision = Decision.REFUSED;
            } else if (existing != null && !replaces(s.handshake(), existing.member.handshake(), ourPublicKey)) {
                decision = Decision.DUPLICATE;
            } else {
                if (existing != null) {
                    existing.retired = true;
                    ending.add(existing);
                    replaced = existing;
                    kept.predecessor = existing;
                }
                live.put(s.fingerprint(), kept);
                decision = Decision.KEPT;
            }
        }
        switch (decision) {
            case REFUSED -> {
                s.abort();
                return null;
            }
            case DUPLICATE -> {
                LOG.debug("keeping the existing session, closing duplicate {}", s);
                s.discard(); // it never gets a reader, so nothing else would close its socket
                return null;
            }
            default -> {
                if (replaced != null) {
                    LOG.debug("{} replaces {}", s, replaced.member);
                    replaced.member.retire();
                    replaced.member.close();
                }
                return kept;
            }
        }
    }

    /**
     * Whether a new session with a peer replaces the existing one: the peer restarted, or the rule for
     * two connections of one running peer prefers the new one.
     */
    static boolean replaces(HandshakeResult candidate, HandshakeResult existing, byte[] ourPublicKey) {
        return restarted(candidate, existing) || preferred(candidate, existing, ourPublicKey);
    }

    /**
     * A connection from another run of the peer's process than the existing one: the peer restarted
     * and the existing session is a stale leftover (say, of a cut cable) that has not timed out yet.
     */
    static boolean restarted(HandshakeResult candidate, HandshakeResult existing) {
        byte[] now = Capabilities.instanceOf(candidate.peerPayload().capabilities());
        byte[] before = Capabilities.instanceOf(existing.peerPayload().capabilities());
        return now != null && before != null && !Arrays.equals(now, before);
    }

    /**
     * Of two connections to one peer, both sides keep the one dialled by the side with the smaller
     * public key; between two dialled by the same side, the one with the smaller transcript hash. Both
     * rules use only what both sides know, so they agree whatever order the connections completed in.
     */
    static boolean preferred(HandshakeResult candidate, HandshakeResult existing, byte[] ourPublicKey) {
        if (candidate.initiator() == existing.initiator()) {
            return Arrays.compareUnsigned(candidate.transcriptHash(), existing.transcriptHash()) < 0;
        }
        boolean weAreSmaller = Arrays.compareUnsigned(ourPublicKey, candidate.peerPublicKey()) < 0;
        return candidate.initiator() == weAreSmaller;
    }

    /** The current sessions. */
    List<Member> live() {
        synchronized (lock) {
            List<Member> members = new ArrayList<>(live.size());
            live.values().forEach(k -> members.add(k.member));
            return members;
        }
    }

    /** The replaced sessions whose readers have not ended yet. */
    List<Member> ending() {
        synchronized (lock) {
            List<Member> members = new ArrayList<>(ending.size());
            ending.forEach(k -> members.add(k.member));
            return members;
        }
    }

    boolean isLive(String fingerprint) {
        synchronized (lock) {
            return live.containsKey(fingerprint);
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * Registers nothing more, says goodbye on every session, and waits up to {@code waitMillis} in all
     * for their readers to end and their downs to be reported; the sessions still running then (a peer
     * that never hangs up, a reader held by its listener) are closed at once, without waiting for them.
     * Only the first call does anything. Any thread holding no lock.
     */
    void close(long waitMillis) {
        List<Kept> all;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(live.values());
            all.addAll(ending);
        }
        all.forEach(k -> k.member.close());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (Kept k : all) {
            if (!await(k.down, deadline - System.nanoTime())) {
                k.member.abort();
            }
        }
    }

    private static boolean await(CountDownLatch latch, long nanos) {
        try {
            return latch.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A session the registry kept: run it on the thread that registered it. */
    final class Kept {
        final Member member;
        /** The session this one replaced, whose up must be reported first; set under the lock, then the runner's. */
        private Kept predecessor;
        /** Guarded by {@link #lock}. */
        private boolean retired;
        private final CountDownLatch up = new CountDownLatch(1);
        private final CountDownLatch down = new CountDownLatch(1);

        private Kept(Member member) {
            this.member = member;
        }

        /**
         * Reports the session up, runs {@code afterUp}, then reads its records on this thread until it
         * ends, then reports it down. Returns when the session has ended. Whatever escapes (an
         * {@link Error} such as {@link StackOverflowError} or {@link OutOfMemoryError} from the reader or a
         * listener, issue 13 item 12) still closes the session, unregisters it and reports it down before it
         * goes on up to the thread's owner: a dead session never stays registered.
         */
        void run(Runnable afterUp) {
            Thread t = Thread.currentThread();
            String name = t.getName();
            t.setName("parley-net-reader-" + member.fingerprint().substring(7, 15));
            SessionReader.End end = null;
            Throwable failure = null;
            try {
                reportUp();
                afterUp.run();
                end = member.readLoop();
            } catch (Throwable e) {
                failure = e;
                throw e;
            } finally {
                try {
                    if (end == null) {
                        member.abort();
                        end = new SessionReader.End("internal error: " + failure, false);
                    }
                    reportDown(end);
                } finally {
                    t.setName(name);
                }
            }
        }

        private void reportUp() {
            Kept before;
            synchronized (lock) {
                before = predecessor;
                predecessor = null;
            }
            if (before != null) {
                awaitUp(before.up); // one sessionUp call under way at most, which never blocks
            }
            LOG.info("{} is up", member);
            try {
                listener.sessionUp(member);
            } catch (RuntimeException e) {
                LOG.error("the listener failed on {} coming up", member, e);
            } finally {
                up.countDown();
            }
            observer.sessionUp(member.fingerprint());
        }

        private void reportDown(SessionReader.End end) {
            boolean wasCurrent;
            boolean wasRetired;
            boolean networkClosed;
            synchronized (lock) {
                wasCurrent = live.remove(member.fingerprint(), this);
                ending.remove(this);
                wasRetired = retired;
                networkClosed = closed;
            }
            String reason = wasRetired ? "replaced by another connection" : end.reason();
            LOG.info("{} is down: {}", member, reason);
            try {
                listener.sessionDown(member, reason);
            } catch (RuntimeException e) {
                LOG.error("the listener failed on {} going down", member, e);
            } finally {
                down.countDown();
            }
            if (wasCurrent && !networkClosed) {
                observer.sessionEnded(member.fingerprint(), end.peerSaidGoodbye());
            }
        }
    }

    /** Waits for the latch; an interrupt (the pools shutting down) ends the wait early, flag kept. */
    private static void awaitUp(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
