package dev.parley.rooms;

import dev.parley.chat.EventQueue;

import dev.parley.chat.ChatException;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.ChatRecord;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Sanitizer;
import dev.parley.chat.Session;
import dev.parley.chat.Trust;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms: group conversations over the pairwise sessions (docs/PROTOCOL.md "Rooms"). The owner signs a
 * versioned roster; each message goes from its author to every member over their own session, never
 * relayed, from a per-(member, room) {@link RoomOutbox}; per-author-instance sequence numbers and the
 * author's horizon give honest markers for late and missing messages. Nothing is written to disk: a
 * restarted member is offered its rooms back by members who hold them, and a restarted owner takes its
 * own signed roster back from them.
 *
 * <p>It sits beside the chat engine: {@link RoomsSessions} hands it the sessions and the room records,
 * and it listens to the chat engine's peer events for trust. Threads and locks follow the chat engine:
 * every method may be called from any thread; one lock guards all state; nothing is called holding it
 * but this package's classes and {@link Session#send} (which only queues); listeners and flushes run
 * after it is released, in order ({@link dev.parley.chat.EventQueue}). Nothing of a message's text is logged. Thread-safe.
 */
public final class RoomsEngine {
    /** Rooms held at most (created, joined or recovered). */
    public static final int MAX_ROOMS = 64;
    /** Invitations and rejoin offers waiting for an answer, at most; one per room. */
    public static final int MAX_INVITES = 16;
    /** Messages kept per room for the front ends, and their text in chars. */
    public static final int MAX_TRANSCRIPT = 1_000;
    public static final int MAX_TRANSCRIPT_CHARS = 1 << 20;
    /** Received message ids remembered per room (duplicates dropped and acknowledged again). */
    public static final int MAX_SEEN_IDS = 4_096;
    /** Rooms left or declined this run, remembered so that their offers are not shown again. */
    static final int MAX_FORSAKEN = 256;
    /**
     * An invitation is an offer the owner's engine holds and sends again on each new session with the
     * invitee (a session replaced before it carried the invitation loses it) until the invitee joins or
     * declines, the owner withdraws it ({@code /kick}) or it expires. It is sent at most this many times;
     * it is answerable ({@code /join}) for this long after the {@code /invite}, then forgotten.
     */
    public static final int INVITE_MAX_SENDS = 10;
    public static final long INVITE_MAX_AGE_MILLIS = 24 * 60 * 60 * 1000L;
    /** A restarted owner waits this long for its members' rosters before it changes anything. */
    public static final long RECOVERY_MILLIS = 2_000;
    /**
     * A restarted owner's first change skips this many versions past the roster it took back (docs/PROTOCOL.md,
     * "Rooms"): its earlier run may have signed versions that only an unreachable member holds, and a number
     * reused with other content would never be replaced, since a roster is accepted only if it is newer.
     */
    public static final long RESTART_VERSION_GAP = 1L << 16;
    /** The prefix front ends see as a room message's {@link ChatMessage#peer} for hand-over. */
    public static final String HANDOVER_PREFIX = "room:";

    private static final HexFormat HEX = HexFormat.of();
    /** The instance of a horizon entry that is the author's base for this member (see docs/PROTOCOL.md). */
    static final byte[] BASE = new byte[RoomWire.INSTANCE_LEN];
    private static final Logger log = LoggerFactory.getLogger(RoomsEngine.class);

    private final Object lock = new Object();
    private final String us;
    private final byte[] ourKey;
    private final Function<byte[], byte[]> sign;
    private final Clock clock;
    private final SecureRandom random;
    private final EventQueue<RoomListener> effects = new EventQueue<>("rooms engine");
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Map<String, Pending> invites = new LinkedHashMap<>();
    private final Map<String, Member> peers = new HashMap<>();
    private final Set<String> forsaken = new LinkedHashSet<>();
    /**
     * Invitations we declined this run, room id → owner and offer: a resend of that offer is answered with
     * ROOM_DECLINE again; a new {@code /invite} (another offer id) is shown again.
     */
    private final Map<String, Declined> declined = new LinkedHashMap<>();
    private String ourNick;
    private boolean autoRejoin;
    private volatile boolean handOver;
    private long outSeq;

    /** What we know of one peer: its current session (if rooms-capable and not ignored) and trust. */
    private static final class Member {
        Session session;
        Trust trust = Trust.NEW;
        String nick;
        boolean ignored;
        /** Its session is up, but it announced no rooms. */
        boolean noRooms;
        /** The instance of its latest session. */
        byte[] instance;
    }

    /**
     * An invitation or rejoin offer, or an invitation we accepted and whose roster we wait for ({@code joining}:
     * our ROOM_JOIN is sent on each new session with the owner until the roster comes, or the invitation is
     * {@link #INVITE_MAX_AGE_MILLIS} old, counted from {@code since}, when it first reached us).
     */
    private record Pending(Roster roster, String from, String note, boolean rejoin, boolean joining, long since, long offer) {
        Pending with(Roster newer, boolean nowJoining) {
            return new Pending(newer, from, note, rejoin, nowJoining, since, offer);
        }

        /** The owner invited again while this waits: a decline answers its latest offer. */
        Pending offered(long latest) {
            return new Pending(roster, from, note, rejoin, joining, since, latest);
        }
    }

    /**
     * An invitation we declined: its owner and offer id (see {@link RoomWire.Invite#offer}; 0 from an owner that sends
     * none, then every repeat is taken for a resend).
     */
    private record Declined(String owner, long offer) {}

    /** An invitation we (the owner) hold for one peer: sent again on each of its new sessions (see {@link #INVITE_MAX_SENDS}). */
    private static final class Invitation {
        final long since;
        final String note;
        /** This {@code /invite}'s id, random and nonzero: its resends carry it, a new {@code /invite} another. */
        final long offer;
        int sends;

        Invitation(long since, String note, long offer) {
            this.since = since;
            this.note = note;
            this.offer = offer;
        }
    }

    /** What we received from one member's instance in one room. */
    private static final class Received {
        byte[] instance;
        long last;
        /** The highest seq another member's horizon showed us as missing. */
        long announced;
    }

    private final class Room {
        Roster roster;
        long seq;
        final Map<String, RoomOutbox> outboxes = new HashMap<>();
        final Map<String, Received> received = new HashMap<>();
        /** Horizon claims about instances we have not heard from yet: instance hex → highest seq. */
        final Map<String, Long> announcedUnknown = new LinkedHashMap<>();
        final LinkedHashSet<String> seen = new LinkedHashSet<>();
        /** Received ids not yet handed over to the user (hand-over mode): acknowledged once they are. */
        final Set<String> waiting = new java.util.HashSet<>();
        /** A list, so that a message's marks are replaced in place from the end (acknowledgements come for recent ones). */
        final LinkedList<RoomMessage> transcript = new LinkedList<>();
        long transcriptChars;
        /** Our messages: id → members that acknowledged it, and members it was sent to. */
        final Map<String, Set<String>> acked = new LinkedHashMap<>();
        final Map<String, Set<String>> sentTo = new HashMap<>();
        /** Invitations not yet answered: invitee → offer. At most {@link Roster#MAX_MEMBERS}, the oldest dropped. */
        final Map<String, Invitation> invited = new LinkedHashMap<>();
        /** Members that sent ROOM_LEAVE, honoured at once before the owner's next roster. */
        final Set<String> leavers = new LinkedHashSet<>();
        long recoveringUntil;
        /** Our room taken back after a restart (or met with a rival of the same version): the next change skips ahead. */
        boolean jump;
        int unread;

        Room(Roster roster) {
            this.roster = roster;
        }

        String id() {
            return roster.roomHex();
        }

        boolean member(String fp) {
            return roster.has(fp) && !leavers.contains(fp);
        }

        List<String> others() {
            return roster.fingerprints().stream().filter(f -> !f.equals(us) && !leavers.contains(f)).toList();
        }

        RoomOutbox outbox(String fp) {
            return outboxes.computeIfAbsent(fp, k -> {
                RoomOutbox o = new RoomOutbox();
                o.base = seq - 1; // created by the send of message seq: ours to fp start there
                return o;
            });
        }

        void remember(RoomMessage m) {
            transcript.addLast(m);
            transcriptChars += m.text().length();
            while (transcript.size() > MAX_TRANSCRIPT || transcriptChars > MAX_TRANSCRIPT_CHARS) {
                RoomMessage gone = transcript.removeFirst();
                transcriptChars -= gone.text().length();
                acked.remove(gone.id());
                sentTo.remove(gone.id());
            }
        }

        void replace(String id, RoomMessage m) {
            for (ListIterator<RoomMessage> it = transcript.listIterator(transcript.size()); it.hasPrevious(); ) {
                if (it.previous().id().equals(id)) {
                    it.set(m);
                    return;
                }
            }
        }

        RoomMessage own(String id) {
            for (var it = transcript.descendingIterator(); it.hasNext(); ) {
                RoomMessage m = it.next();
                if (m.id().equals(id)) {
                    return m;
                }
            }
            return null;
        }
    }

    /**
     * @param ourFingerprint our identity's fingerprint
     * @param ourPublicKey our raw Ed25519 key (the owner key of the rooms we create)
     * @param sign signs with our identity's private key
     */
    public RoomsEngine(String ourFingerprint, byte[] ourPublicKey, String ourNick, Function<byte[], byte[]> sign,
                       Clock clock, SecureRandom random) {
        this.us = ourFingerprint;
        this.ourKey = ourPublicKey.clone();
        this.ourNick = ourNick;
        this.sign = sign;
        this.clock = clock;
        this.random = random;
    }

    // ---- the change pattern (as ChatEngine's)

    private <T> T change(EventQueue.Change<T, ChatException> c) throws ChatException {
        return effects.change(lock, c);
    }

    private void step(Runnable r) {
        effects.step(lock, r::run);
    }

    public void addListener(RoomListener l) {
        effects.addListener(l);
    }

    /** Rejoin offers from known or verified members are taken without asking (never from new or changed ones). */
    public void setAutoRejoin(boolean on) {
        step(() -> autoRejoin = on);
    }

    /** A received room message is acknowledged only once {@link #handedOver} says the front end has it. */
    public void acknowledgeWhenHandedOver() {
        handOver = true;
    }

    public void setOurNick(String nick) {
        step(() -> ourNick = nick);
    }

    // ---- from the sessions (RoomsSessions)

    /** A session came up; {@code peer} is what the chat engine decided of it (trust), or null. */
    public void sessionUp(Session s, PeerInfo peer) {
        step(() -> up(s, peer));
    }

    /** A session is ours from now on (also when its first room record comes before its sessionUp). */
    private void up(Session s, PeerInfo peer) {
        {
            Member m = peers.computeIfAbsent(s.fingerprint(), k -> new Member());
            if (peer != null) {
                m.trust = peer.trust();
                m.nick = peer.nickname();
                m.ignored = peer.ignored();
            }
            m.noRooms = (s.features() & Session.FEATURE_ROOMS) == 0;
            if (m.ignored || m.noRooms) {
                m.session = null;
                emitRoomsOf(s.fingerprint());
                return;
            }
            m.session = s;
            boolean restarted = m.instance != null && s.instance() != null && !Arrays.equals(m.instance, s.instance());
            m.instance = s.instance();
            for (Room r : rooms.values()) {
                if (r.member(s.fingerprint())) {
                    RoomOutbox o = r.outboxes.get(s.fingerprint());
                    if (o != null) {
                        o.requeue();
                        if (restarted) { // its earlier run had what was acknowledged: no gap for that
                            List<RoomOutbox.Out> left = o.pending();
                            o.base = left.isEmpty() ? r.seq : left.get(0).msg().seq() - 1;
                        }
                    }
                    send(s, new RoomWire.RosterUpdate(r.roster));
                    send(s, state(r));
                    flush(r, s.fingerprint());
                    emitRoom(r);
                } else if (ours(r) && r.invited.containsKey(s.fingerprint())) {
                    offer(r, s.fingerprint(), s); // perhaps lost with the session this one replaces
                }
            }
            askToJoin(s);
        }
    }

    public void sessionDown(Session s) {
        step(() -> {
            Member m = peers.get(s.fingerprint());
            if (m == null || (m.session != s && !m.noRooms)) {
                return;
            }
            m.session = null;
            m.noRooms = false;
            for (Room r : rooms.values()) {
                RoomOutbox o = r.outboxes.get(s.fingerprint());
                if (o != null) {
                    o.requeue();
                }
                if (r.roster.has(s.fingerprint())) {
                    emitRoom(r);
                }
            }
        });
    }

    /** The chat engine's view of a peer changed (trust, nickname, ignored). */
    public void peerChanged(PeerInfo p) {
        step(() -> {
            Member m = peers.computeIfAbsent(p.fingerprint(), k -> new Member());
            Trust before = m.trust;
            m.trust = p.trust();
            m.nick = p.nickname();
            m.ignored = p.ignored();
            if (m.ignored) {
                m.session = null;
            }
            if (before == Trust.CHANGED && m.trust != Trust.CHANGED) {
                for (Room r : rooms.values()) {
                    if (r.member(p.fingerprint())) {
                        flush(r, p.fingerprint());
                    }
                }
            }
            if (before != m.trust) {
                emitRoomsOf(p.fingerprint());
            }
        });
    }

    /** An ACK from a peer: perhaps for one of our room messages. */
    public void acknowledged(Session s, String id) {
        step(() -> {
            String fp = s.fingerprint();
            for (Room r : rooms.values()) {
                RoomOutbox o = r.outboxes.get(fp);
                if (o != null && o.acknowledge(id)) {
                    Set<String> a = r.acked.get(id);
                    if (a != null) {
                        a.add(fp);
                        marks(r, id);
                    }
                    flush(r, fp);
                    return;
                }
            }
        });
    }

    /** A room record from a peer's session. A malformed one ends that session only. */
    public void received(Session s, ChatRecord.RoomRecord record) {
        RoomWire.Rec rec;
        try {
            rec = RoomWire.decode(record.type(), record.body());
        } catch (RoomFormatException e) {
            log.warn("closing the session with {}: malformed room record ({})", s.fingerprint(), e.getMessage());
            s.close();
            return;
        }
        step(() -> {
            Member m = peers.get(s.fingerprint());
            if ((m == null || m.session != s) && s.open() && (m == null || !m.ignored)) {
                up(s, null); // its reader got here before its sessionUp did
                m = peers.get(s.fingerprint());
            }
            if (m == null || m.session != s) {
                return; // not a rooms session we hold (replaced, ignored)
            }
            dispatch(s, rec);
        });
    }

    private void dispatch(Session s, RoomWire.Rec rec) {
        String from = s.fingerprint();
        if (rec instanceof RoomWire.Msg msg) {
            message(s, msg);
        } else if (rec instanceof RoomWire.RosterUpdate u) {
            roster(s, u.roster(), false, "", 0);
        } else if (rec instanceof RoomWire.Invite i) {
            roster(s, i.roster(), true, i.note(), i.offer());
        } else if (rec instanceof RoomWire.State st) {
            Room r = rooms.get(HEX.formatHex(st.roomId()));
            if (r == null) {
                return;
            }
            if (!r.member(from) || st.version() < r.roster.version()) {
                send(s, new RoomWire.RosterUpdate(r.roster)); // a newer roster, perhaps without them
            }
            RoomOutbox o = r.outboxes.get(from);
            if (o != null && r.member(from) && st.version() >= r.roster.version()) {
                o.requeue(); // they ask again: resend what they have not acknowledged
                flush(r, from);
            }
        } else if (rec instanceof RoomWire.Join j) {
            Room r = rooms.get(HEX.formatHex(j.roomId()));
            Invitation inv = r == null || !ours(r) ? null : r.invited.remove(from);
            if (inv == null || expired(inv) || r.roster.has(from)) {
                return;
            }
            if (r.roster.members().size() >= Roster.MAX_MEMBERS) {
                warn("room-full", r, "#" + r.roster.name() + " is full; " + nick(from) + " could not join");
                return;
            }
            List<Roster.Member> next = new ArrayList<>(r.roster.members());
            next.add(new Roster.Member(s.publicKey(), Sanitizer.nickname(nick(from))));
            Roster joined = successor(r, r.roster.topic(), next);
            if (joined != null) {
                issue(r, joined);
            }
        } else if (rec instanceof RoomWire.Decline d) {
            Room r = rooms.get(HEX.formatHex(d.roomId()));
            if (r != null && ours(r)) {
                r.invited.remove(from);
            }
        } else if (rec instanceof RoomWire.Leave l) {
            Room r = rooms.get(HEX.formatHex(l.roomId()));
            if (r == null || !r.member(from)) {
                return;
            }
            if (from.equals(r.roster.ownerFingerprint())) {
                drop(r, "owner-gone");
                return;
            }
            r.leavers.add(from);
            r.outboxes.remove(from);
            if (ours(r) && r.recoveringUntil <= clock.millis()) {
                List<Roster.Member> next = new ArrayList<>(r.roster.members());
                next.removeIf(x -> x.fingerprint().equals(from));
                Roster left = successor(r, r.roster.topic(), next);
                if (left != null) {
                    issue(r, left);
                    return;
                }
                emitRoom(r);
            } else {
                emitRoom(r);
            }
        }
    }

    private void message(Session s, RoomWire.Msg msg) {
        String from = s.fingerprint();
        Room r = rooms.get(HEX.formatHex(msg.roomId()));
        if (r == null) {
            return; // not (or no longer) ours: no ACK, so it is sent again once we hold the room
        }
        if (!r.member(from)) {
            send(s, state(r)); // perhaps we lack a newer roster; nothing from a non-member is shown
            log.debug("dropping a room message from non-member {}", from);
            return;
        }
        String id = msg.idHex();
        if (r.seen.contains(id)) {
            if (!r.waiting.contains(id)) {
                send(s, new ChatRecord.Ack(id));
            }
            return;
        }
        byte[] instance = s.instance() == null ? new byte[RoomWire.INSTANCE_LEN] : s.instance();
        Received got = r.received.get(from);
        if (got == null || !Arrays.equals(got.instance, instance)) {
            got = new Received(); // a new instance of the author: a fresh sequence from its base
            got.instance = instance;
            got.last = msg.seq() - 1;
            for (RoomWire.Seen h : msg.horizon()) {
                if (Arrays.equals(h.instance(), BASE) && h.seq() < msg.seq()) {
                    got.last = h.seq(); // the author's messages to us start after this one
                }
            }
            Long claimed = r.announcedUnknown.remove(HEX.formatHex(instance));
            got.announced = claimed == null ? 0 : claimed;
            if (claimed != null) {
                got.last = 0; // another member had seen this instance's messages before we did
            }
            r.received.put(from, got);
        }
        if (msg.seq() <= got.last) {
            send(s, new ChatRecord.Ack(id)); // a duplicate (resent under a new id would be a bug of theirs)
            return;
        }
        List<RoomMessage.Missing> missing = new ArrayList<>();
        if (msg.seq() > got.last + 1) {
            missing.add(new RoomMessage.Missing(from, nick(from), msg.seq() - got.last - 1));
        }
        boolean late = msg.seq() <= got.announced;
        got.last = msg.seq();
        for (RoomWire.Seen h : msg.horizon()) {
            if (Arrays.equals(h.instance(), BASE)) {
                continue;
            }
            // entries name third parties only (the author leaves out itself and us); an index is valid only
            // in the author's roster version, so a member is recognised by its instance
            String x = null;
            Received rx = null;
            for (Map.Entry<String, Received> e : r.received.entrySet()) {
                if (Arrays.equals(e.getValue().instance, h.instance())) {
                    rx = e.getValue();
                    x = e.getKey();
                }
            }
            if (x == null) {
                for (String fp : r.others()) {
                    Session xs = session(fp);
                    if (xs != null && xs.instance() != null && Arrays.equals(xs.instance(), h.instance())) {
                        x = fp;
                    }
                }
            }
            if (from.equals(x)) {
                continue;
            }
            long have = rx == null ? 0 : rx.last;
            if (h.seq() > have) {
                missing.add(new RoomMessage.Missing(x == null ? "" : x, x == null ? "another member" : nick(x), h.seq() - have));
                if (rx != null) {
                    rx.announced = Math.max(rx.announced, h.seq());
                } else {
                    String key = HEX.formatHex(h.instance());
                    r.announcedUnknown.merge(key, h.seq(), Math::max);
                    while (r.announcedUnknown.size() > 2 * Roster.MAX_MEMBERS) {
                        r.announcedUnknown.remove(r.announcedUnknown.keySet().iterator().next());
                    }
                }
            }
        }
        r.seen.add(id);
        if (r.seen.size() > MAX_SEEN_IDS) {
            r.seen.remove(r.seen.iterator().next());
        }
        RoomMessage m = new RoomMessage(r.id(), id, from, nick(from), Sanitizer.text(msg.text()),
                authorTime(msg.time(), s), false, late, missing, 0, 0, 0);
        r.remember(m);
        r.unread++;
        if (handOver) {
            r.waiting.add(id);
        } else {
            send(s, new ChatRecord.Ack(id));
        }
        effects.emit(l -> l.messageReceived(m));
    }

    /** A signed roster from session {@code s}: an update, an invitation, a rejoin offer or our own back. */
    private void roster(Session s, Roster roster, boolean invitation, String note, long offer) {
        String from = s.fingerprint();
        String id = roster.roomHex();
        Room r = rooms.get(id);
        if (r != null) {
            if (!Arrays.equals(r.roster.ownerKey(), roster.ownerKey())) {
                warn("room-refused", r, "a roster for #" + r.roster.name() + " signed by another owner was refused");
                return;
            }
            if (roster.version() == r.roster.version() && !Arrays.equals(roster.encoded(), r.roster.encoded())) {
                rival(s, r, roster);
            } else if (roster.version() < r.roster.version()) {
                send(s, new RoomWire.RosterUpdate(r.roster));
            } else if (roster.version() > r.roster.version()) {
                apply(r, roster);
            }
            return;
        }
        Pending p = invites.get(id);
        if (p != null && p.joining() && roster.has(us) && Arrays.equals(p.roster().ownerKey(), roster.ownerKey())) {
            invites.remove(id);
            adopt(roster, 0);
            return;
        }
        if (roster.ownerFingerprint().equals(us) && !invitation) {
            if (rooms.size() < MAX_ROOMS) {
                log.info("room {} recovered from {} at version {}", id, from, roster.version());
                adopt(roster, clock.millis() + RECOVERY_MILLIS);
            }
            return;
        }
        if (forsaken.contains(id) && !invitation) {
            return;
        }
        boolean rejoin = roster.has(us);
        if (invitation && !from.equals(roster.ownerFingerprint())) {
            return; // invitations come from the owner only
        }
        Declined d = invitation ? declined.get(id) : null;
        if (d != null && d.owner().equals(from)) {
            if (d.offer() == offer) {
                send(s, new RoomWire.Decline(roster.roomId())); // the owner sent it again: our answer was lost
                return;
            }
            declined.remove(id); // invited again after our decline: a new offer, shown again
        }
        if (invitation && p != null && p.joining() && p.from().equals(from)) {
            // the owner sent it again: our ROOM_JOIN was lost (or crossed it); ask again, for this version
            invites.put(id, p.with(roster, true));
            send(s, new RoomWire.Join(roster.roomId(), roster.version()));
            return;
        }
        if (!invitation && !rejoin) {
            return; // a roster of a room we are not in: nothing to do with it
        }
        Member m = peers.get(from);
        Trust t = m == null ? Trust.NEW : m.trust;
        if (rejoin && autoRejoin && (t == Trust.KNOWN || t == Trust.VERIFIED) && rooms.size() < MAX_ROOMS) {
            invites.remove(id);
            adopt(roster, 0);
            return;
        }
        if (p != null && invitation && !p.rejoin() && p.from().equals(from) && p.offer() != offer) {
            p = p.offered(offer); // invited again while this waits: shown once only, a decline answers this offer
            invites.put(id, p);
        }
        if (p != null && p.roster().version() >= roster.version() && (p.rejoin() || p.from().equals(from))) {
            return; // already offered
        }
        if (p != null && invitation && !p.rejoin() && p.from().equals(from)) {
            invites.put(id, p.with(roster, false)); // a newer roster: shown once only
            return;
        }
        if (p != null && p.rejoin() && rejoin) {
            invites.put(id, p.with(roster, false)); // newer, already offered
            return;
        }
        if (p == null && invites.size() >= MAX_INVITES) {
            log.info("refusing an invitation from {}: {} wait already", from, MAX_INVITES);
            return;
        }
        Pending shown = new Pending(roster, from, Sanitizer.text(note), rejoin, false, clock.millis(), invitation ? offer : 0);
        invites.put(id, shown);
        RoomInvite ri = invite(shown);
        effects.emit(l -> l.invited(ri));
    }

    /**
     * Two rosters of one room with the same version and other content: a restarted owner signed that number
     * twice. The owner, once recovered, signs its own again past both; anyone else keeps the greater by
     * {@link Roster#compareTo} and tells the sender if that is ours, so all holders converge.
     */
    private void rival(Session s, Room r, Roster roster) {
        log.info("room {}: two rosters at version {}", r.id(), roster.version());
        if (ours(r) && r.recoveringUntil <= clock.millis()) {
            r.jump = true;
            Roster again = successor(r, r.roster.topic(), r.roster.members());
            if (again != null) {
                issue(r, again);
            }
        } else if (roster.compareTo(r.roster) > 0) {
            apply(r, roster);
        } else {
            send(s, new RoomWire.RosterUpdate(r.roster));
        }
    }

    /**
     * The owner's next roster for {@code r}: version + 1, or {@link #RESTART_VERSION_GAP} further after a
     * restart (capped at {@link Roster#MAX_VERSION}); null once the last version is used.
     */
    private Roster successor(Room r, String topic, List<Roster.Member> members) {
        long v = r.roster.version();
        if (v >= Roster.MAX_VERSION) {
            log.warn("room {} has used its last roster version", r.id());
            return null;
        }
        long next = r.jump ? Math.min(v + RESTART_VERSION_GAP, Roster.MAX_VERSION) : v + 1;
        r.jump = false;
        return r.roster.successor(next, topic, members, sign);
    }

    private static Roster changeable(Room r, Roster next) throws ChatException {
        if (next == null) {
            throw new ChatException("room-exhausted", "#" + r.roster.name()
                    + " has used its last roster version; create a new room");
        }
        return next;
    }

    /** A room we hold from now on, with this roster. */
    private void adopt(Roster roster, long recoveringUntil) {
        Room r = new Room(roster);
        r.recoveringUntil = recoveringUntil;
        r.jump = recoveringUntil > 0; // taken back after our restart
        rooms.put(r.id(), r);
        forsaken.remove(r.id());
        for (String fp : r.others()) {
            Session s = session(fp);
            if (s != null) {
                send(s, new RoomWire.RosterUpdate(r.roster)); // a restarted owner takes its roster back
                send(s, state(r)); // members resend what we have not acknowledged, and newer rosters come back
            }
        }
        emitRoom(r);
    }

    /** A newer roster for a room we hold (its signature and owner checked). */
    private void apply(Room r, Roster roster) {
        List<String> before = r.roster.fingerprints();
        r.roster = roster;
        r.leavers.retainAll(roster.fingerprints());
        if (!roster.has(us)) {
            drop(r, "removed");
            return;
        }
        for (String fp : before) {
            if (!roster.has(fp)) {
                RoomOutbox o = r.outboxes.remove(fp);
                r.received.remove(fp);
                Session s = session(fp);
                if (s != null) { // the removed learn it from whoever learns it first: the owner may have been away
                    send(s, new RoomWire.RosterUpdate(roster));
                }
                log.info("{} is no longer a member of room {} (version {})", fp, r.id(), roster.version());
                if (o != null && !o.isEmpty()) {
                    log.debug("dropped {} queued room messages for a removed member", o.size());
                }
            }
        }
        for (String fp : roster.fingerprints()) {
            Session s = fp.equals(us) ? null : session(fp);
            if (s != null) {
                send(s, new RoomWire.RosterUpdate(roster)); // members learn it even while the owner is away
                send(s, state(r));
                flush(r, fp);
            }
        }
        emitRoom(r);
    }

    /** We (the owner) issue a new roster: {@link #apply} sends it to every member and to those it removes. */
    private void issue(Room r, Roster next) {
        apply(r, next);
    }

    private void drop(Room r, String reason) {
        rooms.remove(r.id());
        remember(forsaken, r.id());
        String id = r.id();
        String name = r.roster.name();
        log.info("left room {}: {}", id, reason);
        effects.emit(l -> l.left(id, name, reason));
    }

    // ---- the user's side

    public RoomInfo create(String name, String topic) throws ChatException {
        String n = checkName(name);
        String t = checkTopic(topic == null ? "" : topic);
        byte[] id = new byte[Roster.ROOM_ID_LEN];
        random.nextBytes(id);
        return change(() -> {
            if (rooms.size() >= MAX_ROOMS) {
                throw new ChatException("too-many-rooms", "at most " + MAX_ROOMS + " rooms can be held");
            }
            Roster roster = Roster.sign(id, 1, n, t, List.of(new Roster.Member(ourKey, nickHint(ourNick))), sign);
            Room r = new Room(roster);
            rooms.put(r.id(), r);
            emitRoom(r);
            return info(r);
        });
    }

    public List<RoomInfo> rooms() {
        synchronized (lock) {
            return rooms.values().stream().map(this::info).toList();
        }
    }

    public List<RoomInvite> invitations() {
        synchronized (lock) {
            return invites.values().stream().filter(p -> !p.joining()).map(this::invite).toList();
        }
    }

    /**
     * Our {@code /join}s still waiting for the owner to add us: {@code pending} while no session with the owner is
     * up (held), {@code sent} once asked. {@link #decline} still withdraws one.
     */
    public List<RoomJoin> joining() {
        synchronized (lock) {
            return invites.values().stream().filter(Pending::joining).map(p -> {
                String owner = p.roster().ownerFingerprint();
                return new RoomJoin(p.roster().roomHex(), p.roster().name(), owner, nick(owner),
                        session(owner) == null ? "pending" : "sent");
            }).toList();
        }
    }

    public RoomInfo room(String ref) throws ChatException {
        synchronized (lock) {
            return info(find(ref));
        }
    }

    public List<RoomMessage> messages(String ref) throws ChatException {
        synchronized (lock) {
            return List.copyOf(find(ref).transcript);
        }
    }

    /** The front end showed the room: its unread count goes back to 0. */
    public void read(String ref) {
        step(() -> {
            Room r = rooms.get(ref);
            if (r != null && r.unread != 0) {
                r.unread = 0;
                emitRoom(r);
            }
        });
    }

    /**
     * Owner only: invites {@code fingerprint} (a peer the chat engine knows, not of a changed key nor known
     * to run a Parley without rooms). The invitation is held and sent on each new session with the peer
     * until answered or expired ({@link #INVITE_MAX_SENDS}); an invitation to a peer with no session with
     * us yet (offline, or listed online a moment before its session reaches us) waits for it.
     *
     * @return true if it went out at once, false if it waits for the peer's session
     */
    public boolean invite(String ref, String fingerprint, String note) throws ChatException {
        String n = note == null ? "" : note;
        if (n.getBytes(StandardCharsets.UTF_8).length > RoomWire.MAX_NOTE_BYTES) {
            throw new ChatException("too-long", "an invitation note may have at most " + RoomWire.MAX_NOTE_BYTES + " bytes");
        }
        return change(() -> {
            Room r = find(ref);
            owner(r);
            if (r.roster.has(fingerprint)) {
                throw new ChatException("already-member", nick(fingerprint) + " is a member of #" + r.roster.name());
            }
            if (r.roster.members().size() >= Roster.MAX_MEMBERS) {
                throw new ChatException("room-full", "a room has at most " + Roster.MAX_MEMBERS + " members");
            }
            Member m = peers.get(fingerprint);
            if (m != null && m.trust == Trust.CHANGED) {
                throw new ChatException("untrusted", nick(fingerprint) + "'s key changed; /verify and /trust it first");
            }
            if (m != null && m.noRooms) {
                throw new ChatException("no-rooms", nick(fingerprint) + " runs a Parley without rooms");
            }
            r.invited.remove(fingerprint); // a new /invite starts a new offer
            if (r.invited.size() >= Roster.MAX_MEMBERS) {
                r.invited.remove(r.invited.keySet().iterator().next());
            }
            long offer;
            do {
                offer = random.nextLong();
            } while (offer == 0);
            r.invited.put(fingerprint, new Invitation(clock.millis(), n, offer));
            Session s = session(fingerprint);
            return s != null && offer(r, fingerprint, s);
        });
    }

    /** Sends the invitation held for {@code fp} on {@code s}, unless it expired (then it is dropped). */
    private boolean offer(Room r, String fp, Session s) {
        Invitation inv = r.invited.get(fp);
        if (inv == null) {
            return false;
        }
        if (expired(inv)) {
            r.invited.remove(fp);
            log.info("the invitation of {} to room {} expired", fp, r.id());
            return false;
        }
        if (inv.sends >= INVITE_MAX_SENDS) {
            return false; // sent often enough; still answerable until it expires
        }
        inv.sends++;
        // the offer id only to a peer that announced it: an older one would refuse it as trailing bytes
        long offer = (s.features() & Session.FEATURE_ROOM_OFFERS) != 0 ? inv.offer : 0;
        send(s, new RoomWire.Invite(r.roster, inv.note, offer));
        return true;
    }

    private boolean expired(Invitation inv) {
        return clock.millis() - inv.since > INVITE_MAX_AGE_MILLIS;
    }

    /**
     * Accepts an invitation (asks the owner) or a rejoin offer (takes the room back at once). With the owner
     * offline the request is held and sent when a session with it comes up, until the invitation is
     * {@link #INVITE_MAX_AGE_MILLIS} old (then dropped, with the warning {@code room-join-expired}). Again on
     * an invitation already accepted, it asks again.
     */
    public RoomJoin join(String ref) throws ChatException {
        return change(() -> {
            Pending p = findInvite(ref);
            if (rooms.size() >= MAX_ROOMS) {
                throw new ChatException("too-many-rooms", "at most " + MAX_ROOMS + " rooms can be held");
            }
            String id = p.roster().roomHex();
            String owner = p.roster().ownerFingerprint();
            if (p.rejoin()) {
                invites.remove(id);
                adopt(p.roster(), 0);
                return new RoomJoin(id, p.roster().name(), owner, nick(owner), "rejoined");
            }
            invites.put(id, p.with(p.roster(), true));
            Session s = session(owner);
            if (s != null) {
                send(s, new RoomWire.Join(p.roster().roomId(), p.roster().version()));
            }
            return new RoomJoin(id, p.roster().name(), owner, nick(owner), s == null ? "pending" : "sent");
        });
    }

    /** A session with {@code s}'s peer came up: our held requests to join its rooms go (or expire). */
    private void askToJoin(Session s) {
        for (var it = invites.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!p.joining() || !p.roster().ownerFingerprint().equals(s.fingerprint())) {
                continue;
            }
            if (clock.millis() - p.since() > INVITE_MAX_AGE_MILLIS) {
                it.remove();
                String id = p.roster().roomHex();
                String message = "the invitation to #" + p.roster().name() + " expired before " + nick(s.fingerprint())
                        + " answered your /join; ask for a new one";
                effects.emit(l -> l.warning("room-join-expired", id, message));
            } else {
                send(s, new RoomWire.Join(p.roster().roomId(), p.roster().version()));
            }
        }
    }

    /** Declines an invitation or rejoin offer, or withdraws a held {@code /join}: returns what was declined. */
    public RoomInvite decline(String ref) throws ChatException {
        return change(() -> {
            Pending p = findInvite(ref);
            RoomInvite declinedOne = invite(p);
            String id = p.roster().roomHex();
            invites.remove(id);
            remember(forsaken, id);
            if (!p.rejoin()) {
                declined.put(id, new Declined(p.from(), p.offer()));
                while (declined.size() > MAX_FORSAKEN) {
                    declined.remove(declined.keySet().iterator().next());
                }
            }
            Session s = session(p.from());
            if (s != null && !p.rejoin()) {
                send(s, new RoomWire.Decline(p.roster().roomId()));
            }
            return declinedOne;
        });
    }

    public void leave(String ref) throws ChatException {
        change(() -> {
            Room r = find(ref);
            for (String fp : r.others()) {
                Session s = session(fp);
                if (s != null) {
                    send(s, new RoomWire.Leave(r.roster.roomId()));
                }
            }
            drop(r, "left");
            return null;
        });
    }

    /**
     * Owner only: a new roster without {@code fingerprint}, sent to every member and to it; or, for a peer
     * invited but not yet a member, withdraws the waiting invitation.
     *
     * @return true if a member was removed, false if a waiting invitation was withdrawn
     */
    public boolean kick(String ref, String fingerprint) throws ChatException {
        return change(() -> {
            Room r = find(ref);
            owner(r);
            if (fingerprint.equals(us)) {
                throw new ChatException("bad-command", "the owner cannot kick itself; /leave the room instead");
            }
            if (!r.roster.has(fingerprint) && r.invited.remove(fingerprint) != null) {
                return false; // a waiting invitation withdrawn: it is sent no more, and its /join is refused
            }
            if (!r.roster.has(fingerprint)) {
                throw new ChatException("not-member", nick(fingerprint) + " is not a member of #" + r.roster.name());
            }
            List<Roster.Member> next = new ArrayList<>(r.roster.members());
            next.removeIf(m -> m.fingerprint().equals(fingerprint));
            issue(r, changeable(r, successor(r, r.roster.topic(), next)));
            return true;
        });
    }

    public void topic(String ref, String topic) throws ChatException {
        String t = checkTopic(topic);
        change(() -> {
            Room r = find(ref);
            owner(r);
            issue(r, changeable(r, successor(r, t, r.roster.members())));
            return null;
        });
    }

    /** Sends to every member of the room, each over its own session (queued for those offline). */
    public RoomMessage send(String ref, String text) throws ChatException {
        String display = Sanitizer.text(text);
        if (display.isBlank()) {
            throw new ChatException("empty", "nothing to send");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > RoomWire.MAX_TEXT_BYTES) {
            throw new ChatException("too-long", "the message is " + bytes + " bytes of UTF-8; the limit is "
                    + RoomWire.MAX_TEXT_BYTES + " (split it; nothing was sent)");
        }
        byte[] msgId = new byte[RoomWire.ID_LEN];
        random.nextBytes(msgId);
        return change(() -> {
            Room r = find(ref);
            long seq = ++r.seq;
            long time = clock.millis();
            String id = HEX.formatHex(msgId);
            List<String> others = r.others();
            r.acked.put(id, new LinkedHashSet<>());
            r.sentTo.put(id, new LinkedHashSet<>());
            RoomMessage m = new RoomMessage(r.id(), id, us, ourNick, display, Instant.ofEpochMilli(time), true, false,
                    List.of(), 0, 0, others.size());
            r.remember(m);
            for (String fp : others) {
                RoomWire.Msg wire = new RoomWire.Msg(r.roster.roomId(), msgId, time, seq, horizon(r, fp), text);
                RoomOutbox.Out gone = r.outbox(fp).add(new RoomOutbox.Out(outSeq++, wire, bytes, id));
                if (gone != null) {
                    log.info("room outbox for {} full: dropped the oldest queued message", fp);
                }
                flush(r, fp, false);
            }
            marks(r, id); // once for all members: each flush above only noted where it went
            return r.own(id);
        });
    }

    /** Our room messages not yet acknowledged by every member (for the warning at /quit). */
    public List<RoomMessage> undelivered() {
        synchronized (lock) {
            List<RoomMessage> out = new ArrayList<>();
            for (Room r : rooms.values()) {
                Set<String> ids = new LinkedHashSet<>();
                r.outboxes.values().forEach(o -> o.pending().forEach(x -> ids.add(x.id())));
                ids.forEach(id -> {
                    RoomMessage m = r.own(id);
                    if (m != null) {
                        out.add(m);
                    }
                });
            }
            return out;
        }
    }

    /** The front end handed these received room messages to the user (hand-over mode): acknowledge them. */
    public void handedOver(List<ChatMessage> messages) {
        step(() -> {
            for (ChatMessage cm : messages) {
                if (cm == null || cm.outgoing() || !cm.peer().startsWith(HANDOVER_PREFIX)) {
                    continue;
                }
                String[] parts = cm.peer().substring(HANDOVER_PREFIX.length()).split("/", 2);
                Room r = rooms.get(parts[0]);
                Session s = parts.length == 2 ? session(parts[1]) : null;
                if (r != null && r.waiting.remove(cm.id()) && s != null) {
                    send(s, new ChatRecord.Ack(cm.id()));
                }
            }
        });
    }

    /** A room message as a {@link ChatMessage} the headless writer can hand over once written. */
    public static ChatMessage forHandOver(RoomMessage m) {
        return new ChatMessage(m.id(), HANDOVER_PREFIX + m.room() + "/" + m.from(), false, m.nick(), "", m.time(),
                dev.parley.chat.MessageStatus.DELIVERED);
    }

    // ---- helpers (holding the lock)

    private void flush(Room r, String fp) {
        flush(r, fp, true);
    }

    /** Sends what the window allows to {@code fp}; {@code mark}: also emit the new marks of each message sent. */
    private void flush(Room r, String fp, boolean mark) {
        Session s = session(fp);
        Member m = peers.get(fp);
        RoomOutbox o = r.outboxes.get(fp);
        if (s == null || o == null || m == null || m.trust == Trust.CHANGED || !r.member(fp)) {
            return;
        }
        RoomOutbox.Out out;
        while ((out = o.nextSendable()) != null) {
            if (!s.send(new ChatRecord.RoomRecord(RoomWire.MSG, RoomWire.encode(withBase(out.msg(), o.base))))) {
                break;
            }
            o.taken(out);
            Set<String> to = r.sentTo.get(out.id());
            if (to != null && to.add(fp) && mark) {
                marks(r, out.id());
            }
        }
        effects.later(s::flush);
    }

    /** The message with its base entry as the outbox now has it (reset when the member restarted). */
    private static RoomWire.Msg withBase(RoomWire.Msg m, long base) {
        List<RoomWire.Seen> h = new ArrayList<>(m.horizon().size());
        for (RoomWire.Seen e : m.horizon()) {
            h.add(Arrays.equals(e.instance(), BASE) ? new RoomWire.Seen(e.index(), BASE, Math.min(base, m.seq() - 1)) : e);
        }
        return new RoomWire.Msg(m.roomId(), m.msgId(), m.time(), m.seq(), h, m.text());
    }

    private void marks(Room r, String id) {
        RoomMessage m = r.own(id);
        if (m == null) {
            return;
        }
        Set<String> acked = r.acked.getOrDefault(id, Set.of());
        Set<String> sent = r.sentTo.getOrDefault(id, Set.of());
        List<String> members = r.others();
        List<String> delivered = members.stream().filter(acked::contains).toList();
        List<String> pending = members.stream().filter(f -> !acked.contains(f)).toList();
        int sentCount = (int) members.stream().filter(f -> sent.contains(f) || acked.contains(f)).count();
        RoomMessage marked = m.withMarks(sentCount, delivered.size(), members.size());
        r.replace(id, marked);
        String room = r.id();
        effects.emit(l -> l.statusChanged(room, id, delivered, pending));
        effects.emit(l -> l.messageChanged(marked));
    }

    /** What we have received from each member other than {@code to}, as instance and highest seq. */
    private List<RoomWire.Seen> horizon(Room r, String to) {
        List<RoomWire.Seen> out = new ArrayList<>();
        List<String> fps = r.roster.fingerprints();
        RoomOutbox box = to == null ? null : r.outboxes.get(to);
        if (box != null && fps.indexOf(us) >= 0) {
            out.add(new RoomWire.Seen(fps.indexOf(us), BASE, box.base));
        }
        for (int i = 0; i < fps.size(); i++) {
            String fp = fps.get(i);
            Received got = r.received.get(fp);
            if (!fp.equals(to) && !fp.equals(us) && got != null && got.last > 0) {
                out.add(new RoomWire.Seen(i, got.instance, got.last));
            }
        }
        return out;
    }

    private RoomWire.State state(Room r) {
        return new RoomWire.State(r.roster.roomId(), r.roster.version(), horizon(r, null));
    }

    private void send(Session s, RoomWire.Rec rec) {
        send(s, new ChatRecord.RoomRecord(RoomWire.type(rec), RoomWire.encode(rec)));
    }

    private void send(Session s, ChatRecord rec) {
        if (s.send(rec)) {
            effects.later(s::flush);
        }
    }

    private Session session(String fp) {
        Member m = peers.get(fp);
        return m == null || m.ignored ? null : m.session;
    }

    private boolean ours(Room r) {
        return r.roster.ownerFingerprint().equals(us);
    }

    private void owner(Room r) throws ChatException {
        if (!ours(r)) {
            throw new ChatException("not-owner", "only the owner of #" + r.roster.name() + " ("
                    + nick(r.roster.ownerFingerprint()) + ") can change its members or topic");
        }
        if (r.recoveringUntil > clock.millis()) {
            throw new ChatException("recovering", "#" + r.roster.name()
                    + " was just recovered from its members; try again in a moment");
        }
    }

    private Room find(String ref) throws ChatException {
        String q = ref == null ? "" : ref.strip();
        if (q.startsWith("#")) {
            q = q.substring(1);
        }
        Room byId = rooms.get(q);
        if (byId != null) {
            return byId;
        }
        String name = q;
        String suffix = null;
        int tilde = q.lastIndexOf('~');
        if (tilde > 0) {
            name = q.substring(0, tilde);
            suffix = q.substring(tilde + 1).toLowerCase(Locale.ROOT);
        }
        List<Room> found = new ArrayList<>();
        for (Room r : rooms.values()) {
            if (r.roster.name().equalsIgnoreCase(name) && (suffix == null || r.id().startsWith(suffix))) {
                found.add(r);
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw new ChatException("unknown-room", "no room #" + q + "; /rooms lists them");
        }
        throw new ChatException("ambiguous-room", "several rooms are called #" + name + "; say which: "
                + String.join(", ", found.stream().map(r -> "#" + r.roster.name() + "~" + r.id().substring(0, 4)).toList()));
    }

    /** An invitation or offer not yet answered, or one accepted whose roster is not yet here. */
    private Pending findInvite(String ref) throws ChatException {
        String q = ref == null ? "" : ref.strip();
        if (q.startsWith("#")) {
            q = q.substring(1);
        }
        Pending byId = invites.get(q);
        if (byId != null) {
            return byId;
        }
        List<Pending> found = new ArrayList<>();
        for (Pending p : invites.values()) {
            if (p.roster().name().equalsIgnoreCase(q) || p.roster().roomHex().startsWith(q.toLowerCase(Locale.ROOT))) {
                found.add(p);
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        throw new ChatException(found.isEmpty() ? "unknown-room" : "ambiguous-room",
                found.isEmpty() ? "no invitation to #" + q : "several invitations to #" + q + "; use the room id");
    }

    private String nick(String fp) {
        if (fp.equals(us)) {
            return ourNick;
        }
        Member m = peers.get(fp);
        if (m != null && m.nick != null) {
            return m.nick;
        }
        for (Room r : rooms.values()) {
            int i = r.roster.indexOf(fp);
            if (i >= 0 && !r.roster.members().get(i).nick().isEmpty()) {
                return Sanitizer.nickname(r.roster.members().get(i).nick());
            }
        }
        return fp.length() > 15 ? fp.substring(7, 15) : fp;
    }

    private RoomInfo info(Room r) {
        List<RoomInfo.Member> members = new ArrayList<>();
        List<Roster.Member> ms = r.roster.members();
        for (Roster.Member m : ms) {
            members.add(memberInfo(m));
        }
        return new RoomInfo(r.id(), r.roster.name(), r.roster.ownerFingerprint(), r.roster.version(), r.roster.topic(),
                members, ours(r), r.unread);
    }

    private RoomInfo.Member memberInfo(Roster.Member m) {
        String fp = m.fingerprint();
        if (fp.equals(us)) {
            return new RoomInfo.Member(fp, ourNick, "self", "verified");
        }
        Member p = peers.get(fp);
        String state = p == null ? "offline" : p.session != null ? "online" : p.noRooms ? "unreachable" : "offline";
        String trust = (p == null ? Trust.NEW : p.trust).name().toLowerCase(Locale.ROOT);
        String shown = p != null && p.nick != null ? p.nick : m.nick().isEmpty() ? nick(fp) : Sanitizer.nickname(m.nick());
        return new RoomInfo.Member(fp, shown, state, trust);
    }

    private RoomInvite invite(Pending p) {
        List<RoomInfo.Member> members = p.roster().members().stream().map(this::memberInfo).toList();
        Member from = peers.get(p.from());
        return new RoomInvite(p.roster().roomHex(), p.roster().name(), p.from(), nick(p.from()),
                (from == null ? Trust.NEW : from.trust).name().toLowerCase(Locale.ROOT), members, p.note(), p.rejoin());
    }

    private void emitRoom(Room r) {
        RoomInfo info = info(r);
        effects.emit(l -> l.roomChanged(info));
    }

    private void emitRoomsOf(String fp) {
        for (Room r : rooms.values()) {
            if (r.roster.has(fp)) {
                emitRoom(r);
            }
        }
    }

    private void warn(String code, Room r, String message) {
        String id = r == null ? null : r.id();
        effects.emit(l -> l.warning(code, id, message));
    }

    private static void remember(Set<String> set, String id) {
        set.add(id);
        while (set.size() > MAX_FORSAKEN) {
            set.remove(set.iterator().next());
        }
    }

    private Instant authorTime(long authorMillis, Session s) {
        long now = clock.millis();
        long ours = authorMillis - s.clockOffsetMillis();
        return Instant.ofEpochMilli(ours < 0 || ours > now ? now : ours);
    }

    private static String nickHint(String nick) {
        byte[] b = nick.getBytes(StandardCharsets.UTF_8);
        return b.length <= Roster.MAX_NICK_BYTES ? nick : "";
    }

    static String checkName(String raw) throws ChatException {
        String n = raw == null ? "" : raw.strip();
        if (n.startsWith("#")) {
            n = n.substring(1);
        }
        if (n.isEmpty() || !n.matches("[\\p{L}\\p{N}_.-]+") || n.getBytes(StandardCharsets.UTF_8).length > Roster.MAX_NAME_BYTES) {
            throw new ChatException("bad-room-name", "a room name is 1 to " + Roster.MAX_NAME_BYTES
                    + " bytes of letters, digits, '_', '.' or '-'");
        }
        return n;
    }

    static String checkTopic(String raw) throws ChatException {
        String t = Sanitizer.text(raw).strip();
        if (t.getBytes(StandardCharsets.UTF_8).length > Roster.MAX_TOPIC_BYTES) {
            throw new ChatException("too-long", "a topic may have at most " + Roster.MAX_TOPIC_BYTES + " bytes");
        }
        return t;
    }
}
