package dev.parley.tui;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Presence;
import dev.parley.chat.Session;
import dev.parley.chat.Trust;
import dev.parley.crypto.Ed25519;
import dev.parley.crypto.Fingerprints;
import dev.parley.rooms.RoomsEngine;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real rooms engines for UI tests: alice (node 0, the UI's) and her peers, each pair joined by a session
 * each way whose records wait in a FIFO until {@link #drain} delivers them (on the test's thread, so every
 * engine event reaches the UI's queue before the test settles it). A link can go down and up, and one
 * direction can be held (its records wait) to make a message arrive late. Single-threaded.
 */
final class RoomsRig {
    static final Trust DEFAULT_TRUST = Trust.KNOWN;

    final class Node {
        final String nick;
        final KeyPair keys;
        final byte[] pub;
        final String fp;
        final byte[] instance = new byte[8];
        final RoomsEngine engine;

        Node(int index, String nick) {
            this.nick = nick;
            byte[] seed = new byte[32];
            seed[0] = (byte) (index + 1);
            seed[31] = 42;
            this.keys = Ed25519.fromSeed(seed);
            this.pub = Ed25519.rawPublic(keys.getPublic());
            this.fp = Fingerprints.of(pub);
            instance[0] = (byte) (index + 1);
            SecureRandom random = new SecureRandom();
            this.engine = new RoomsEngine(fp, pub, nick, m -> Ed25519.sign(keys.getPrivate(), m), clock, random);
        }

        PeerInfo info(Trust trust) {
            return new PeerInfo(fp, nick, List.of(), PeerState.ONLINE, trust, Presence.ONLINE, null);
        }
    }

    /** {@code owner}'s view of its session with {@code peer}: what owner sends waits in the peer's inbox. */
    final class Link implements Session {
        final Node owner;
        final Node peer;
        final Deque<ChatRecord> inbox = new ArrayDeque<>(); // what owner receives on it
        Link reverse;
        boolean open = true;

        Link(Node owner, Node peer) {
            this.owner = owner;
            this.peer = peer;
        }

        @Override public String fingerprint() { return peer.fp; }
        @Override public byte[] publicKey() { return peer.pub.clone(); }
        @Override public String nickname() { return peer.nick; }
        @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress("127.0.0.1", 7447); }
        @Override public boolean outbound() { return true; }
        @Override public long clockOffsetMillis() { return 0; }
        @Override public byte[] instance() { return peer.instance.clone(); }
        @Override public int features() { return Session.FEATURE_ROOMS; }
        @Override public boolean open() { return open; }
        @Override public void close() { open = false; }

        @Override
        public boolean send(ChatRecord record) {
            if (!open) {
                return false;
            }
            reverse.inbox.addLast(record);
            return true;
        }
    }

    final TestClock clock = new TestClock(Harness.NOW);
    final List<Node> nodes = new ArrayList<>();
    private final Map<String, Link> links = new LinkedHashMap<>();
    /** Directions "from>to" whose records wait. */
    private final Set<String> held = new HashSet<>();

    RoomsRig(String... nicks) {
        for (int i = 0; i < nicks.length; i++) {
            nodes.add(new Node(i, nicks[i]));
        }
    }

    Node node(String nick) {
        return nodes.stream().filter(n -> n.nick.equals(nick)).findFirst().orElseThrow();
    }

    Node alice() {
        return nodes.get(0);
    }

    RoomsEngine engine(String nick) {
        return node(nick).engine;
    }

    /** The UI's chat: alice, knowing every other node as an online peer of trust {@code trust}. */
    FakeChat chat(Trust trust) {
        FakeChat chat = new FakeChat(alice().nick, alice().fp);
        for (Node n : nodes.subList(1, nodes.size())) {
            chat.addPeer(n.info(trust));
        }
        return chat;
    }

    /** Sessions between every pair, with {@link #DEFAULT_TRUST} both ways. */
    RoomsRig connectAll() {
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                up(nodes.get(i).nick, nodes.get(j).nick, DEFAULT_TRUST);
            }
        }
        return this;
    }

    void up(String a, String b) {
        up(a, b, DEFAULT_TRUST);
    }

    /** A session between a and b comes up; each engine is told the other's trust is {@code trust}. */
    void up(String a, String b, Trust trust) {
        Node na = node(a);
        Node nb = node(b);
        Link ab = new Link(na, nb);
        Link ba = new Link(nb, na);
        ab.reverse = ba;
        ba.reverse = ab;
        links.put(a + ">" + b, ab);
        links.put(b + ">" + a, ba);
        na.engine.sessionUp(ab, nb.info(trust));
        nb.engine.sessionUp(ba, na.info(trust));
    }

    void down(String a, String b) {
        Link ab = links.remove(a + ">" + b);
        Link ba = links.remove(b + ">" + a);
        ab.open = false;
        ba.open = false;
        ab.inbox.clear();
        ba.inbox.clear();
        node(a).engine.sessionDown(ab);
        node(b).engine.sessionDown(ba);
    }

    /** Records from {@code from} to {@code to} wait until {@link #release}. */
    void hold(String from, String to) {
        held.add(from + ">" + to);
    }

    void release(String from, String to) {
        held.remove(from + ">" + to);
    }

    /** Delivers every record waiting on a direction not held, until none is left (bounded). */
    void drain() {
        for (int rounds = 0; rounds < 100_000; rounds++) {
            boolean any = false;
            for (Link l : List.copyOf(links.values())) {
                // l is owner's view; its inbox holds what peer sent to owner
                if (held.contains(l.peer.nick + ">" + l.owner.nick) || l.inbox.isEmpty()) {
                    continue;
                }
                ChatRecord r = l.inbox.removeFirst();
                any = true;
                if (r instanceof ChatRecord.RoomRecord rr) {
                    l.owner.engine.received(l, rr);
                } else if (r instanceof ChatRecord.Ack a) {
                    l.owner.engine.acknowledged(l, a.id());
                }
            }
            if (!any) {
                return;
            }
        }
        throw new AssertionError("the rig's network never went quiet");
    }
}
