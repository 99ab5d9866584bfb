package dev.parley.headless;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The events waiting to be written, in order, bounded so that a consumer who stops reading cannot make us
 * hold more than a fixed amount of anything a peer controls (the rules are in {@code package-info}, per
 * {@link Event.Kind}). {@code ready} is taken first, and nothing is taken before it.
 *
 * <p>Thread-safe. {@link #offer} never blocks: it takes a short lock that guards only this queue (no I/O,
 * no call out). One writer thread takes batches ({@link #poll}, {@link #take}); the command thread may wait
 * for room ({@link #awaitAnswerRoom}); anyone may wait until everything taken is written ({@link #awaitWritten}).
 */
final class EventQueue {
    /** Engine warnings waiting; further ones are dropped and counted. */
    static final int MAX_WAITING_WARNINGS = 1_000;
    /** Distinct peers with a {@code peer} (or {@code peer-removed}) event waiting, and likewise for {@code typing}. */
    static final int MAX_WAITING_PEERS = 10_000;
    /** Answers and statuses waiting beyond which the command thread waits before reading the next command. */
    static final int MAX_WAITING_ANSWERS = 1_000;

    /** A place in the queue; its event may be replaced while it waits. Guarded by {@code lock}. */
    private static final class Slot {
        Event event;
        /** For the second slot of a key (which newer events of that key replace): the key's first slot. */
        Slot first;

        Slot(Event event) {
            this.event = event;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when there may be something to take, or on close. */
    private final Condition takeable = lock.newCondition();
    /** Signalled when the writer took a batch or went idle, and on close. */
    private final Condition taken = lock.newCondition();

    /** In order; slots compare by identity, so one is removed in O(1). */
    private LinkedHashSet<Slot> waiting = new LinkedHashSet<>();
    /** Fingerprint, or message id, to the newest waiting slot of that key. */
    private Map<String, Slot> peers = new HashMap<>();
    private Map<String, Slot> typing = new HashMap<>();
    private Map<String, Slot> statuses = new HashMap<>();
    /**
     * Peers the consumer knows: a {@code peer} event of theirs was taken, and no {@code peer-removed} since.
     * As many as the engine's peers (it removes those it forgets).
     */
    private final Set<String> announced = new HashSet<>();
    private Event ready;
    private boolean readyTaken;
    private int warnings;
    private int answers;
    private int dropped;
    private Slot droppedReport;
    /** The writer holds a batch it has not yet written, flushed and handed over. */
    private boolean busy;
    private boolean closed;

    /**
     * Queues an event under its kind's rule; false if it is not queued because the queue is closed (a
     * message not queued is never handed over, so the engine never acknowledges it).
     */
    boolean offer(Event e) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            switch (e.kind()) {
                case MESSAGE -> add(e);
                case STATUS -> status(e);
                case PEER -> peer(e);
                case PEER_REMOVED -> peerRemoved(e);
                case TYPING -> typing(e);
                case WARNING -> warning(e);
                case ANSWER -> answer(e);
            }
            takeable.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Sets the {@code ready} event, which is taken before everything else; false if it was set already or the queue is closed. */
    boolean ready(Event e) {
        lock.lock();
        try {
            if (ready != null || closed) {
                return false;
            }
            ready = e;
            takeable.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Everything there is to take now, oldest first, or null if nothing; the writer is then busy with it. */
    List<Event> poll() {
        lock.lock();
        try {
            return canTake() ? batch() : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The writer has written, flushed and handed over all it took: waits for the next batch. Null once
     * the queue is closed and nothing is left.
     */
    List<Event> take() throws InterruptedException {
        lock.lock();
        try {
            busy = false;
            taken.signalAll();
            while (!canTake()) {
                if (closed) {
                    return null;
                }
                takeable.await();
            }
            return batch();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses every further event; what is queued can still be taken. */
    void close() {
        lock.lock();
        try {
            closed = true;
            takeable.signalAll();
            taken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The writer is gone (output broken): forgets what waits and refuses everything from now on. */
    void discard() {
        lock.lock();
        try {
            closed = true;
            busy = false;
            ready = null; // nothing more to take
            waiting = new LinkedHashSet<>();
            peers = new HashMap<>();
            typing = new HashMap<>();
            statuses = new HashMap<>();
            droppedReport = null;
            takeable.signalAll();
            taken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until everything that can be taken has been written, flushed and handed over (events held
     * before {@code ready} cannot be); false if that takes longer than {@code nanos}.
     */
    boolean awaitWritten(long nanos) throws InterruptedException {
        lock.lock();
        try {
            while (busy || canTake()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = taken.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits while {@value #MAX_WAITING_ANSWERS} answers and statuses wait to be written (until the queue closes). */
    void awaitAnswerRoom() throws InterruptedException {
        lock.lock();
        try {
            while (answers >= MAX_WAITING_ANSWERS && !closed) {
                taken.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Events waiting (not yet taken), {@code ready} aside. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    // ---- the rules, under the lock

    private Slot add(Event e) {
        Slot s = new Slot(e);
        waiting.add(s);
        return s;
    }

    private void answer(Event e) {
        answers++;
        add(e);
    }

    /** The first waiting status of a message stays (it may answer a {@code /msg}); later ones share a second slot. */
    private void status(Event e) {
        if (firstAndNewest(statuses, e, Integer.MAX_VALUE)) {
            answers++;
        }
    }

    /** The same rule for a peer's state, with at most {@value #MAX_WAITING_PEERS} peers waiting. */
    private void peer(Event e) {
        firstAndNewest(peers, e, MAX_WAITING_PEERS);
    }

    /** A peer the consumer was never told about that is gone again: nothing to tell, and nothing left waiting. */
    private void peerRemoved(Event e) {
        if (announced.contains(e.key())) {
            peer(e);
            return;
        }
        Slot newest = peers.remove(e.key());
        if (newest != null) {
            waiting.remove(newest);
            if (newest.first != null) {
                waiting.remove(newest.first);
            }
        }
    }

    /**
     * The first waiting event of a key stays in its place; the next takes a second slot, and later ones
     * replace the event in that slot. So at most two wait per key, the first and the newest, in the order
     * they first came. A new key beyond {@code maxKeys} is dropped. True if a slot was added.
     */
    private boolean firstAndNewest(Map<String, Slot> newestByKey, Event e, int maxKeys) {
        Slot newest = newestByKey.get(e.key());
        if (newest != null && newest.first != null) {
            newest.event = e;
            return false;
        }
        if (newest == null && newestByKey.size() >= maxKeys) {
            drop();
            return false;
        }
        Slot s = add(e);
        s.first = newest;
        newestByKey.put(e.key(), s);
        return true;
    }

    /** Only the newest news of a peer typing, in its own turn (last). */
    private void typing(Event e) {
        Slot s = typing.remove(e.key());
        if (s != null) {
            waiting.remove(s);
        } else if (typing.size() >= MAX_WAITING_PEERS) {
            drop();
            return;
        }
        typing.put(e.key(), add(e));
    }

    private void warning(Event e) {
        if (warnings >= MAX_WAITING_WARNINGS) {
            drop();
        } else {
            warnings++;
            add(e);
        }
    }

    /** Counts a dropped event; one {@code events-dropped} report waits where the first drop happened. */
    private void drop() {
        dropped++;
        if (droppedReport == null) {
            droppedReport = add(null); // its count is read when it is taken
        }
    }

    private boolean canTake() {
        return ready != null && (!readyTaken || !waiting.isEmpty());
    }

    private List<Event> batch() {
        List<Event> out = new ArrayList<>(waiting.size() + 1);
        if (!readyTaken) {
            readyTaken = true;
            out.add(ready);
        }
        for (Slot s : waiting) {
            Event e = s == droppedReport ? Event.eventsDropped(dropped) : s.event;
            if (e.kind() == Event.Kind.PEER) {
                announced.add(e.key());
            } else if (e.kind() == Event.Kind.PEER_REMOVED) {
                announced.remove(e.key());
            }
            out.add(e);
        }
        if (droppedReport != null) {
            droppedReport = null;
            dropped = 0;
        }
        waiting = new LinkedHashSet<>();
        peers = peers.isEmpty() ? peers : new HashMap<>();
        typing = typing.isEmpty() ? typing : new HashMap<>();
        statuses = statuses.isEmpty() ? statuses : new HashMap<>();
        warnings = 0;
        answers = 0;
        busy = true;
        taken.signalAll();
        return out;
    }
}
