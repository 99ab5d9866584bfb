package dev.parley.rooms;

import dev.parley.chat.ChatException;
import dev.parley.chat.ChatRecord;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Presence;
import dev.parley.chat.Session;
import dev.parley.chat.Trust;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic network of rooms engines in one JVM: every ordered pair of nodes has a link that can be
 * cut and healed; a link that is up carries one session each way (a FIFO of records); a node can restart
 * (a new engine and instance, memory lost). {@link #step} delivers the head record of one session chosen
 * by the seeded random, so schedules interleave freely but each session keeps its order, as TCP does.
 * Every observation the properties need is recorded per node incarnation. Single-threaded.
 */
final class SimNet {
    /** A clock that moves only when told. */
    static final class SimClock extends Clock {
        long millis = Instant.parse("2026-12-03T12:00:00Z").toEpochMilli();

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis); }
        @Override public long millis() { return millis; }
    }

    /** What one incarnation of a node showed. */
    static final class Seen {
        final List<RoomMessage> messages = new ArrayList<>();
        final Map<String, RoomInfo> rooms = new HashMap<>();
        final List<RoomInvite> invites = new ArrayList<>();
        final List<String> left = new ArrayList<>();
        final Map<String, Integer> sent = new HashMap<>();
    }

    final class Node {
        final int index;
        final Keys keys;
        int incarnation;
        RoomsEngine engine;
        byte[] instance;
        Seen seen;
        /** Our messages, per room: text → what we had shown from each author tag when we wrote it. */
        final Map<String, Map<String, Long>> horizonAtSend = new HashMap<>();

        Node(int index) {
            this.index = index;
            this.keys = Keys.of(1000 + index);
            boot();
        }

        void boot() {
            incarnation++;
            instance = new byte[8];
            random.nextBytes(instance);
            Random ids = new Random(random.nextLong());
            SecureRandom r = new SecureRandom() { // seeded, so that a failing seed replays exactly
                @Override public void nextBytes(byte[] b) { ids.nextBytes(b); }
            };
            engine = new RoomsEngine(keys.fingerprint(), keys.pub(), "n" + index, keys.signer(), clock, r);
            seen = new Seen();
            Seen mine = seen;
            engine.addListener(new RoomListener() {
                @Override public void roomChanged(RoomInfo room) { mine.rooms.put(room.id(), room); }
                @Override public void invited(RoomInvite invite) { mine.invites.add(invite); }
                @Override public void messageReceived(RoomMessage m) { shown(Node.this, mine, m); }
                @Override public void left(String room, String name, String reason) {
                    mine.rooms.remove(room);
                    mine.left.add(room + ":" + reason);
                }
            });
        }

        String fp() {
            return keys.fingerprint();
        }

        /** Author tag: which node and which of its runs. */
        String tag() {
            return index + "." + incarnation;
        }
    }

    final class Link {
        final Node a;
        final Node b;
        boolean cut;
        FakeSession ab; // a's session with b (a sends on it, b receives)
        FakeSession ba;

        Link(Node a, Node b) {
            this.a = a;
            this.b = b;
        }
    }

    /** One direction of a session: {@code owner}'s view of its session with {@code peer}. */
    final class FakeSession implements Session {
        final Node owner;
        final Node peer;
        final byte[] peerInstance;
        final int features = SimNet.this.features;
        final Deque<ChatRecord> inFlight = new ArrayDeque<>();
        FakeSession reverse;
        boolean open = true;
        boolean closed;

        FakeSession(Node owner, Node peer) {
            this.owner = owner;
            this.peer = peer;
            this.peerInstance = peer.instance.clone();
        }

        @Override public String fingerprint() { return peer.fp(); }
        @Override public byte[] publicKey() { return peer.keys.pub(); }
        @Override public String nickname() { return "n" + peer.index; }
        @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress("127.0.0.1", 1); }
        @Override public boolean outbound() { return owner.index < peer.index; }
        @Override public long clockOffsetMillis() { return 0; }
        @Override public byte[] instance() { return peerInstance.clone(); }
        @Override public int features() { return features; }
        @Override public boolean open() { return open; }
        @Override public void close() { closed = true; }

        @Override
        public boolean send(ChatRecord record) {
            if (!open) {
                return false;
            }
            if (record instanceof ChatRecord.RoomRecord rr && rr.type() == RoomWire.INVITE) {
                invitesSent++;
                if (offerOf(rr) != 0) {
                    invitesWithOffer++;
                }
            }
            if (record instanceof ChatRecord.RoomRecord rr && rr.type() == RoomWire.MSG) {
                checkQueuedToMember(owner, peer, rr); // I4: never queued for a non-member
            }
            reverse.inFlight.addLast(record); // the peer's view of this session receives it
            return true;
        }
    }

    final SimClock clock = new SimClock();
    final Random random;
    final List<Node> nodes = new ArrayList<>();
    final Map<String, Link> links = new LinkedHashMap<>();
    final List<String> violations = new ArrayList<>();
    final Map<String, String> wireHorizons = new HashMap<>();
    long delivered;
    /** ROOM_INVITE records sent, by any node on any session; those carrying an offer id. */
    int invitesSent;
    int invitesWithOffer;
    /** The feature bitmap every session announces (sessions made from now on). */
    int features = Session.FEATURE_ROOMS | Session.FEATURE_ROOM_OFFERS;

    SimNet(int n, long seed) {
        random = new Random(seed);
        for (int i = 0; i < n; i++) {
            nodes.add(new Node(i));
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                Link l = new Link(nodes.get(i), nodes.get(j));
                links.put(i + "-" + j, l);
                up(l);
            }
        }
    }

    Link link(int i, int j) {
        return links.get(Math.min(i, j) + "-" + Math.max(i, j));
    }

    /** The trust every node's chat engine has decided of every other (KNOWN unless a test says). */
    Trust trust = Trust.KNOWN;

    private PeerInfo info(Node n) {
        return new PeerInfo(n.fp(), "n" + n.index, List.of(), PeerState.ONLINE, trust, Presence.ONLINE, null);
    }

    void up(Link l) {
        if (l.cut || l.ab != null) {
            return;
        }
        l.ab = new FakeSession(l.a, l.b);
        l.ba = new FakeSession(l.b, l.a);
        l.ab.reverse = l.ba;
        l.ba.reverse = l.ab;
        l.a.engine.sessionUp(l.ab, info(l.b));
        l.b.engine.sessionUp(l.ba, info(l.a));
    }

    void down(Link l) {
        if (l.ab == null) {
            return;
        }
        FakeSession ab = l.ab;
        FakeSession ba = l.ba;
        ab.open = false;
        ba.open = false;
        ab.inFlight.clear();
        ba.inFlight.clear();
        l.ab = null;
        l.ba = null;
        l.a.engine.sessionDown(ab);
        l.b.engine.sessionDown(ba);
    }

    void cut(int i, int j) {
        Link l = link(i, j);
        l.cut = true;
        down(l);
    }

    /** Every session ends and a new one comes up on every link not cut. */
    void reconnectAll() {
        for (Link l : links.values()) {
            down(l);
            up(l);
        }
    }

    /** The offer id a ROOM_INVITE carries (0: none). */
    static long offerOf(ChatRecord.RoomRecord rr) {
        try {
            return ((RoomWire.Invite) RoomWire.decode(rr.type(), rr.body())).offer();
        } catch (RoomFormatException e) {
            throw new AssertionError("a malformed ROOM_INVITE was sent", e);
        }
    }

    void heal(int i, int j) {
        Link l = link(i, j);
        l.cut = false;
        up(l);
    }

    void healAll() {
        links.values().forEach(l -> {
            l.cut = false;
            up(l);
        });
    }

    /** Node i restarts: its sessions end, memory is lost, a new instance comes up on every link not cut. */
    void restart(int i) {
        Node n = nodes.get(i);
        for (Link l : links.values()) {
            if (l.a == n || l.b == n) {
                down(l);
            }
        }
        n.boot();
        for (Link l : links.values()) {
            if (l.a == n || l.b == n) {
                up(l);
            }
        }
    }

    /** Delivers one record from a random session that has some; false if none has. */
    boolean step() {
        List<FakeSession> busy = new ArrayList<>();
        for (Link l : links.values()) {
            if (l.ab != null && !l.ab.inFlight.isEmpty()) busy.add(l.ab);
            if (l.ba != null && !l.ba.inFlight.isEmpty()) busy.add(l.ba);
        }
        if (busy.isEmpty()) {
            return false;
        }
        FakeSession s = busy.get(random.nextInt(busy.size()));
        ChatRecord r = s.inFlight.removeFirst();
        delivered++;
        clock.millis += 1;
        if (r instanceof ChatRecord.RoomRecord rr) {
            s.owner.engine.received(s, rr);
        } else if (r instanceof ChatRecord.Ack a) {
            s.owner.engine.acknowledged(s, a.id());
        }
        return true;
    }

    /** Delivers until every session is empty (bounded, so a livelock fails the test instead of hanging). */
    void drain() {
        for (int i = 0; i < 2_000_000; i++) {
            if (!step()) {
                return;
            }
        }
        violations.add("the network never went quiet (a livelock)");
    }

    /** Sends a message from node i to the room; its text names the author's tag and a counter. */
    RoomMessage send(int i, String room) {
        Node n = nodes.get(i);
        int k = n.seen.sent.getOrDefault(room, 0) + 1;
        String text = n.tag() + ":" + k;
        Map<String, Long> h = new HashMap<>();
        List<String> members;
        try {
            members = n.engine.room(room).members().stream().map(RoomInfo.Member::fingerprint).toList();
        } catch (ChatException e) {
            return null;
        }
        for (RoomMessage m : n.seen.messages) {
            if (m.room().equals(room) && members.contains(m.from())) {
                String[] p = m.text().split(":");
                h.merge(p[0], Long.parseLong(p[1]), Math::max);
            }
        }
        // the horizon names each member's latest run only (an earlier run's lost messages are not flagged)
        Map<String, Integer> latest = new HashMap<>();
        h.keySet().forEach(t -> latest.merge(t.substring(0, t.indexOf('.')), Integer.parseInt(t.substring(t.indexOf('.') + 1)), Math::max));
        h.keySet().removeIf(t -> Integer.parseInt(t.substring(t.indexOf('.') + 1)) < latest.get(t.substring(0, t.indexOf('.'))));
        try {
            RoomMessage m = n.engine.send(room, text);
            if (System.getProperty("simdebug") != null) System.out.println("SEND " + text + " -> " + m.id());
            n.seen.sent.put(room, k);
            n.horizonAtSend.put(room + "/" + text, h);
            return m;
        } catch (ChatException e) {
            return null; // not a member (kicked, restarted): nothing sent
        }
    }

    Node author(String text) {
        return nodes.get(Integer.parseInt(text.substring(0, text.indexOf('.'))));
    }

    /** Everything each received message must satisfy when shown (I1, I2, I4, I5, I6). */
    private void shown(Node at, Seen seen, RoomMessage m) {
        if (System.getProperty("simdebug") != null) System.out.println("SHOWN at " + at.tag() + " " + m.text() + " missing " + m.missingBefore() + " late " + m.late());
        String[] p = m.text().split(":");
        String tag = p[0];
        long k = Long.parseLong(p[1]);
        Node author = author(m.text());
        if (!author.fp().equals(m.from())) {
            violations.add("I5: " + m.text() + " shown at " + at.index + " as from " + m.from());
        }
        for (RoomMessage o : seen.messages) {
            if (o.room().equals(m.room()) && o.id().equals(m.id())) {
                violations.add("I1: " + m.text() + " shown twice at " + at.index);
            }
            if (o.room().equals(m.room()) && o.text().startsWith(tag + ":")
                    && Long.parseLong(o.text().split(":")[1]) >= k) {
                violations.add("I2: " + m.text() + " shown at " + at.index + " after " + o.text());
            }
        }
        RoomInfo room = seen.rooms.get(m.room());
        if (room == null || room.members().stream().noneMatch(x -> x.fingerprint().equals(m.from()))) {
            violations.add("I4: " + m.text() + " shown at " + at.index + " from a non-member");
        }
        if (m.missingBefore().isEmpty() && !m.late()) {
            Map<String, Long> h = author.horizonAtSend.get(m.room() + "/" + m.text());
            if (h != null) {
                for (Map.Entry<String, Long> e : h.entrySet()) {
                    if (e.getKey().startsWith(at.index + ".")) {
                        continue; // ours
                    }
                    long have = seen.messages.stream().filter(o -> o.room().equals(m.room())
                            && o.text().startsWith(e.getKey() + ":"))
                            .mapToLong(o -> Long.parseLong(o.text().split(":")[1])).max().orElse(0);
                    if (have < e.getValue()) {
                        violations.add("I6: " + m.text() + " shown unmarked at " + at.index + " before "
                                + e.getKey() + ":" + e.getValue() + " (had " + have + ") wire " + wireHorizons.get(at.index + "/" + m.id())
                                + " instances " + nodes.stream().map(x -> HexFormat.of().formatHex(x.instance)).toList());
                    }
                }
            }
        }
        seen.messages.add(m);
    }

    private void checkQueuedToMember(Node from, Node to, ChatRecord.RoomRecord rr) {
        try {
            RoomWire.Msg msg = (RoomWire.Msg) RoomWire.decode(rr.type(), rr.body());
            wireHorizons.put(to.index + "/" + msg.idHex(), msg.horizon().stream()
                    .map(h -> h.index() + "@" + HexFormat.of().formatHex(h.instance()) + "=" + h.seq()).toList().toString());
            RoomInfo r = from.engine.room(HexFormat.of().formatHex(msg.roomId()));
            if (r.members().stream().noneMatch(m -> m.fingerprint().equals(to.fp()))) {
                violations.add("I4: " + from.index + " sent a room message to non-member " + to.index);
            }
        } catch (RoomFormatException | ChatException e) {
            violations.add("I4: " + from.index + " sent a room message for a room it does not hold: " + e);
        }
    }
}
