package dev.parley.net;

import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.chat.Standing;
import dev.parley.handshake.HandshakeResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * <p>The bound (issue 13 item 1). At most {@code maxSessions} sessions are held: the current ones and
 * those replaced and still closing. A new peer's session beyond that takes the place of the one of the
 * lowest {@link Standing} below its own (the most recently registered of them), asked of the chat
 * engine's {@link Standing.Source}; a replaced session still closing goes first, whatever its standing;
 * with none, the newcomer is refused ({@link SessionsFullException}): a stranger never pushes out
 * anyone, a known or verified peer pushes out a stranger. A session pushed out is closed at once (no
 * BYE) and its reader ends within moments; until it has, it is counted apart, at most
 * {@link #MAX_UNWINDING} of them, so the reader threads are at most {@code maxSessions + MAX_UNWINDING}
 * however sessions come and go.
 *
 * <p>Thread-safe. Its lock guards the maps and the closed flag only: no listener, observer, standing or
 * session call, and no log, is made holding it. Called on I/O threads (register, run) and the timer
 * (snapshots).
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

    /** Sessions pushed out (closed at once) whose readers may still be ending, beside the bound. */
    static final int MAX_UNWINDING = 16;

    private final byte[] ourPublicKey;
    private final SessionListener listener;
    private final Observer observer;
    private final int maxSessions;
    private volatile Standing.Source standings = Standing.Source.NONE;
    private final Object lock = new Object();
    /** The current session of each peer, in the order registered. Guarded by {@link #lock}. */
    private final Map<String, Kept> live = new LinkedHashMap<>();
    /** Replaced or pushed-out sessions whose readers have not ended yet. Guarded by {@link #lock}. */
    private final Set<Kept> ending = new LinkedHashSet<>();
    /** Of {@link #ending}, those closed at once (pushed out): not counted in the bound. Guarded by {@link #lock}. */
    private int unwinding;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Sessions refused because the bound was reached, since start. Guarded by {@link #lock}. */
    private long refused;
    /** Sessions pushed out for a peer of higher standing, since start. Guarded by {@link #lock}. */
    private long pushedOut;

    SessionRegistry(byte[] ourPublicKey, SessionListener listener, Observer observer) {
        this(ourPublicKey, listener, observer, NetSettings.MAX_SESSIONS);
    }

    SessionRegistry(byte[] ourPublicKey, SessionListener listener, Observer observer, int maxSessions) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("at least one session");
        }
        this.ourPublicKey = ourPublicKey.clone();
        this.listener = listener;
        this.observer = observer;
        this.maxSessions = maxSessions;
    }

    /** Where a peer's standing is asked when the bound is reached (the chat engine); by default all are strangers. */
    void standings(Standing.Source source) {
        this.standings = java.util.Objects.requireNonNull(source);
    }

    /** The bound was reached and the session was not of a standing to take another's place. */
    static final class SessionsFullException extends java.io.IOException {
        SessionsFullException(int max) {
            super("too many sessions (" + max + "), none of a lower standing to make room");
        }
    }

    private enum Decision { KEPT, DUPLICATE, REFUSED, FULL }

    /** As {@link #register(Member, Standing)} for a session of no standing of its own (the engine's says). */
    Kept register(Member s) throws SessionsFullException {
        return register(s, Standing.STRANGER);
    }

    /**
     * Makes {@code s} the session for its peer, unless the one there already is preferred. Returns
     * what to {@link Kept#run} on this thread, or null when {@code s} was not kept: a duplicate
     * (discarded: BYE, then closed) or arriving after {@link #close} (closed at once). Reports nothing.
     * Any thread holding no lock.
     *
     * @param floor its standing at least (a peer the user dialled by address), whatever the engine says
     * @throws SessionsFullException the bound is reached and nothing could make room (see the class
     *     comment); {@code s} was closed at once
     */
    Kept register(Member s, Standing floor) throws SessionsFullException {
        Standing standing = max(floor, standingOf(s.fingerprint()));
        if (standing.compareTo(Standing.STRANGER) > 0 && full()) {
            refreshStandings(); // strangers the user has since dealt with are strangers no more
        }
        Kept kept = new Kept(s, standing);
        Kept replaced = null;
        boolean replacedAtOnce = false;
        Kept victim = null;
        Decision decision;
        synchronized (lock) {
            Kept existing = live.get(s.fingerprint());
            if (closed) {
                decision = Decision.REFUSED;
            } else if (existing != null && !replaces(s.handshake(), existing.member.handshake(), ourPublicKey)) {
                decision = Decision.DUPLICATE;
            } else if (live.size() + ending.size() - unwinding + 1 > maxSessions
                    && (victim = room(existing, standing)) == null && !(existing != null && unwinding < MAX_UNWINDING)) {
                refused++;
                decision = Decision.FULL;
            } else {
                if (victim != null) {
                    pushOut(victim);
                }
                if (existing != null) {
                    existing.retired = true;
                    ending.add(existing);
                    replaced = existing;
                    kept.predecessor = existing;
                    if (live.size() + ending.size() - unwinding > maxSessions) {
                        existing.atOnce = true; // no room for it to close politely
                        unwinding++;
                        replacedAtOnce = true;
                    }
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
            case FULL -> {
                LOG.debug("refusing {}: {} sessions held", s, maxSessions);
                s.abort();
                throw new SessionsFullException(maxSessions);
            }
            case DUPLICATE -> {
                LOG.debug("keeping the existing session, closing duplicate {}", s);
                s.discard(); // it never gets a reader, so nothing else would close its socket
                return null;
            }
            default -> {
                if (victim != null) {
                    LOG.info("{} closed to make room for {} ({} sessions held)", victim.member, s, maxSessions);
                    victim.member.abort();
                }
                if (replaced != null) {
                    LOG.debug("{} replaces {}", s, replaced.member);
                    replaced.member.retire();
                    if (replacedAtOnce) {
                        replaced.member.abort();
                    } else {
                        replaced.member.close();
                    }
                }
                return kept;
            }
        }
    }

    /**
     * What to close at once to make room for a session of this standing, or null: a replaced session still
     * closing politely (worth nothing), else, for a new peer, the live session of the lowest standing below
     * {@code standing}, the most recently registered of them. None while {@link #MAX_UNWINDING} are ending
     * already. Holding {@link #lock}.
     */
    private Kept room(Kept existing, Standing standing) {
        if (unwinding >= MAX_UNWINDING) {
            return null;
        }
        for (Kept k : ending) {
            if (!k.atOnce) {
                return k;
            }
        }
        if (existing != null) {
            return null; // a replacement: the replaced one itself goes at once (see register)
        }
        Kept lowest = null;
        for (Kept k : live.values()) {
            if (k.standing.compareTo(standing) < 0 && (lowest == null || k.standing.compareTo(lowest.standing) <= 0)) {
                lowest = k; // ties: the later registered
            }
        }
        return lowest;
    }

    /** Moves a victim to those ending at once. Holding {@link #lock}. */
    private void pushOut(Kept victim) {
        if (live.remove(victim.member.fingerprint(), victim)) {
            victim.pushedOut = true;
            pushedOut++;
        }
        ending.add(victim);
        victim.atOnce = true;
        unwinding++;
    }

    private boolean full() {
        synchronized (lock) {
            return live.size() + ending.size() - unwinding >= maxSessions;
        }
    }

    /** Asks the standing of every live session again, holding no lock, and keeps the answers. */
    private void refreshStandings() {
        List<Kept> all;
        synchronized (lock) {
            all = new ArrayList<>(live.values());
        }
        for (Kept k : all) {
            Standing now = standingOf(k.member.fingerprint());
            synchronized (lock) {
                k.standing = now;
            }
        }
    }

    private Standing standingOf(String fingerprint) {
        try {
            Standing s = standings.of(fingerprint);
            return s == null ? Standing.STRANGER : s;
        } catch (RuntimeException e) {
            LOG.error("asking the standing of {} failed", fingerprint, e);
            return Standing.STRANGER;
        }
    }

    private static Standing max(Standing a, Standing b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Sessions refused because the bound was reached, since start. */
    long refusedCount() {
        synchronized (lock) {
            return refused;
        }
    }

    /** Sessions closed to make room for a peer of higher standing, since start. */
    long pushedOutCount() {
        synchronized (lock) {
            return pushedOut;
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
        /** Its standing when last asked. Guarded by {@link #lock}. */
        private Standing standing;
        /** Closed at once, counted among the {@link #unwinding}. Guarded by {@link #lock}. */
        private boolean atOnce;
        /** Closed to make room for a peer of higher standing. Guarded by {@link #lock}. */
        private boolean pushedOut;
        private final CountDownLatch up = new CountDownLatch(1);
        private final CountDownLatch down = new CountDownLatch(1);

        private Kept(Member member, Standing standing) {
            this.member = member;
            this.standing = standing;
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
            boolean goneBeforeUp;
            synchronized (lock) {
                goneBeforeUp = pushedOut; // pushed out before it ran: never up, so never down either
            }
            try {
                if (goneBeforeUp) {
                    up.countDown();
                    member.abort();
                    end = new SessionReader.End("closed to make room before it started", false);
                    return;
                }
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
                    reportDown(end, !goneBeforeUp);
                } finally {
                    t.setName(name);
                }
            }
        }

        /**
         * For a kept session that will never be {@link #run} (its thread failed between register and run):
         * closes it at once and unregisters it, freeing its place (and its unwinding place, if it was pushed
         * out), without telling the listener, which was never told it was up. Idempotent with nothing else
         * to call; never call both this and run.
         */
        void abandon() {
            up.countDown(); // a successor waiting for this one's up goes ahead
            member.abort();
            reportDown(new SessionReader.End("abandoned before it started", false), false);
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

        /** @param tellListener whether the listener hears of it (not when it was never reported up) */
        private void reportDown(SessionReader.End end, boolean tellListener) {
            boolean wasCurrent;
            boolean wasRetired;
            boolean wasPushedOut;
            boolean networkClosed;
            synchronized (lock) {
                wasCurrent = live.remove(member.fingerprint(), this);
                if (ending.remove(this) && atOnce) {
                    unwinding--;
                }
                wasRetired = retired;
                wasPushedOut = pushedOut;
                networkClosed = closed;
            }
            String reason = wasRetired ? "replaced by another connection"
                    : wasPushedOut ? "closed to make room for a known peer (" + maxSessions + " sessions held)"
                    : end.reason();
            LOG.info("{} is down: {}", member, reason);
            try {
                if (tellListener) {
                    listener.sessionDown(member, reason);
                }
            } catch (RuntimeException e) {
                LOG.error("the listener failed on {} going down", member, e);
            } finally {
                down.countDown();
            }
            if ((wasCurrent || wasPushedOut) && !networkClosed) {
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
