package dev.parley.chat;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages both ways: ours through each peer's {@link Outbox} onto its session, in order, within the
 * window, resent after a lost session; theirs through its {@link Inbox}, shown once, acknowledged when
 * the engine has them or, with hand-over ({@link Chat#acknowledgeWhenHandedOver}), once the front end
 * handed them to the user. Status changes and arrivals go to the listeners through the
 * {@link EventQueue}; records go on the wire when the lock is released. Not thread-safe:
 * {@link ChatEngine} calls it holding its lock.
 */
final class Delivery {
    private static final Pattern MESSAGE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final EventQueue<ChatListener> events;
    private final Clock clock;
    /** Adds a message to a peer's conversation, within the bounds on history. */
    private final BiConsumer<Peer, ChatMessage> remember;
    private long nextSeq;
    private volatile boolean handOver;

    Delivery(EventQueue<ChatListener> events, Clock clock, BiConsumer<Peer, ChatMessage> remember) {
        this.events = events;
        this.clock = clock;
        this.remember = remember;
    }

    void acknowledgeWhenHandedOver() {
        handOver = true;
    }

    /**
     * Queues our message {@code text} (already checked; {@code display} is it sanitised, {@code bytes} its
     * UTF-8 length) as {@code id}; returns it as it now stands.
     */
    ChatMessage send(Peer p, String id, String author, String text, String display, int bytes) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        remember.accept(p, new ChatMessage(id, p.fingerprint, true, author, display, now, MessageStatus.QUEUED));
        p.outbox.add(new Outbox.Outgoing(nextSeq++, new ChatRecord.Text(id, now.toEpochMilli(), text), bytes));
        p.lastActive = clock.millis();
        flush(p); // behind any older queued messages; announces SENT for each one the session takes
        ChatMessage m = p.conversation.outgoing(id).orElseThrow();
        if (m.status() == MessageStatus.QUEUED) {
            events.emit(l -> l.messageStatusChanged(m));
        }
        return m;
    }

    /** Hands queued messages to the session, in order, while the window has room and it takes them. */
    void flush(Peer p) {
        if (p.session == null || p.trust == Trust.CHANGED || p.ignored) {
            return;
        }
        Outbox.Outgoing o;
        while ((o = p.outbox.nextSendable()) != null) {
            if (!sendOn(p.session, o.record())) {
                return;
            }
            p.outbox.taken(o);
            status(p, o.record().id(), MessageStatus.SENT);
        }
    }

    /** The session ended before these were acknowledged: queue them again, to be resent. */
    void requeue(Peer p) {
        for (Outbox.Outgoing o : p.outbox.requeueInflight()) {
            status(p, o.record().id(), MessageStatus.QUEUED);
        }
    }

    /** These queued messages will not be sent (expired, cancelled, their peer forgotten): FAILED. */
    void failed(Peer p, java.util.List<Outbox.Outgoing> gone) {
        for (Outbox.Outgoing o : gone) {
            status(p, o.record().id(), MessageStatus.FAILED);
        }
    }

    /** A retired key's messages now wait for {@code p}: each is announced QUEUED, addressed to it. */
    void moved(Peer p, java.util.List<Outbox.Outgoing> moved) {
        for (Outbox.Outgoing o : moved) {
            p.conversation.outgoing(o.record().id()).ifPresent(m -> events.emit(l -> l.messageStatusChanged(m)));
        }
    }

    void acknowledged(Peer p, String id) {
        if (id == null || !p.outbox.acknowledge(id)) {
            return; // not ours, or delivered already
        }
        status(p, id, MessageStatus.DELIVERED);
        flush(p);
    }

    /** A message from the peer on session {@code s}. */
    void arrived(Peer p, Session s, ChatRecord.Text t) {
        if (t.id() == null || !MESSAGE_ID.matcher(t.id()).matches() || t.text() == null) {
            log.warn("dropping a malformed message from {}", p.fingerprint);
            return;
        }
        ChatMessage m = new ChatMessage(t.id(), p.fingerprint, false, p.nickname, Sanitizer.text(t.text()),
                authorTime(t.time(), s), MessageStatus.DELIVERED);
        switch (p.inbox.arrived(t.id(), Conversation.cost(m), handOver)) {
            case DUPLICATE -> {
                sendOn(s, new ChatRecord.Ack(t.id())); // so the sender stops resending
                log.debug("dropping a duplicate message from {}", p.fingerprint);
            }
            case DUPLICATE_WAITING -> log.debug("dropping a duplicate message from {}", p.fingerprint);
            case FRESH -> {
                if (!handOver) {
                    sendOn(s, new ChatRecord.Ack(t.id()));
                }
                p.lastActive = clock.millis();
                if (Sanitizer.nothingPrintable(m.text())) {
                    String from = p.fingerprint;
                    events.later(() -> log.info("a message from {} has no printable characters; shown as {}", from,
                            Sanitizer.NOTHING_PRINTABLE)); // the log writes a file: after the lock
                }
                remember.accept(p, m);
                events.emit(l -> l.messageReceived(m));
            }
        }
    }

    /** The front end handed the peer's message {@code id} to the user; true if that made room to read again. */
    boolean handedOver(Peer p, String id) {
        boolean wasFull = p.inbox.full();
        if (p.inbox.handedOver(id) && p.session != null) {
            sendOn(p.session, new ChatRecord.Ack(id));
        }
        return wasFull && !p.inbox.full();
    }

    /** Queues a record on a session; it goes on the wire when the lock is released. */
    boolean sendOn(Session s, ChatRecord r) {
        if (!s.send(r)) {
            return false;
        }
        events.later(s::flush);
        return true;
    }

    private void status(Peer p, String id, MessageStatus status) {
        ChatMessage m = p.conversation.setStatus(id, status);
        if (m != null) {
            events.emit(l -> l.messageStatusChanged(m));
        }
    }

    /** The author's clock, brought to ours with the handshake's offset; never in our future. */
    private Instant authorTime(long authorMillis, Session s) {
        long now = clock.millis();
        long ours = authorMillis - s.clockOffsetMillis();
        return Instant.ofEpochMilli(ours < 0 || ours > now ? now : ours);
    }
}
