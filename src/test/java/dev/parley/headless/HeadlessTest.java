package dev.parley.headless;

import dev.parley.identity.KnownPeer;
import dev.parley.identity.TrustStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.chat.ChatEngine;
import dev.parley.chat.ChatRecord;
import dev.parley.identity.KnownPeer;
import dev.parley.chat.Network;
import dev.parley.chat.Presence;
import dev.parley.chat.Session;
import dev.parley.identity.TrustStore;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JSON-lines front end over a real engine with small fakes: commands in, parsed events out. The events
 * are written on the front end's own thread: the output is read once it has written everything queued.
 */
class HeadlessTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final java.time.Duration DEADLINE = java.time.Duration.ofSeconds(30);

    private final TestThreads output = new TestThreads();
    private final List<InetSocketAddress> dials = new ArrayList<>();
    private final List<KnownPeer> stored = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private ChatEngine engine;
    private Headless headless;
    private final Id alice = Id.of("alice");
    private final Id bob = Id.of("bob");

    /** A made-up identity with a real-format fingerprint. */
    record Id(String nick, byte[] key, String fingerprint) {
        static Id of(String nick) {
            return keyed(nick, nick);
        }

        static Id keyed(String nick, String seed) {
            try {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                byte[] key = d.digest(("key:" + seed).getBytes(StandardCharsets.UTF_8));
                return new Id(nick, key, "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d.digest(key)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A session that records what is sent on it. */
    static final class TestSession implements Session {
        final Id peer;
        final List<ChatRecord> sent = new ArrayList<>();

        TestSession(Id peer) {
            this.peer = peer;
        }

        @Override public String fingerprint() { return peer.fingerprint(); }
        @Override public byte[] publicKey() { return peer.key().clone(); }
        @Override public String nickname() { return peer.nick(); }
        @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress("10.77.0.2", 7447); }
        @Override public boolean outbound() { return true; }
        @Override public long clockOffsetMillis() { return 0; }
        @Override public synchronized boolean send(ChatRecord r) { return sent.add(r); }
        @Override public void close() {}
    }

    /** A session of a peer whose Parley has rooms. */
    static final class RoomsSession implements Session {
        final String fingerprint;
        final byte[] key;
        final List<ChatRecord> sent = new ArrayList<>();

        RoomsSession(String fingerprint, byte[] key) {
            this.fingerprint = fingerprint;
            this.key = key.clone();
        }

        @Override public String fingerprint() { return fingerprint; }
        @Override public byte[] publicKey() { return key.clone(); }
        @Override public String nickname() { return "bob"; }
        @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress("10.77.0.2", 7447); }
        @Override public boolean outbound() { return true; }
        @Override public long clockOffsetMillis() { return 0; }
        @Override public int features() { return Session.FEATURE_ROOMS; }
        @Override public synchronized boolean send(ChatRecord r) { return sent.add(r); }
        @Override public void close() {}

        synchronized List<ChatRecord.RoomRecord> roomRecords() {
            return sent.stream().filter(r -> r instanceof ChatRecord.RoomRecord).map(r -> (ChatRecord.RoomRecord) r).toList();
        }
    }

    /** A real Ed25519 identity for a rooms engine (rosters are signed and checked). */
    private static dev.parley.rooms.RoomsEngine roomsEngine(int seed, String nick, List<byte[]> publicKey) {
        byte[] s = new byte[32];
        s[0] = (byte) seed;
        java.security.KeyPair kp = dev.parley.crypto.Ed25519.fromSeed(s);
        byte[] pub = dev.parley.crypto.Ed25519.rawPublic(kp.getPublic());
        publicKey.add(pub);
        return new dev.parley.rooms.RoomsEngine(dev.parley.crypto.Fingerprints.of(pub), pub, nick,
                m -> dev.parley.crypto.Ed25519.sign(kp.getPrivate(), m), Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
    }

    @BeforeEach
    void setUp() throws Exception {
        Network network = new Network() {
            @Override public void want(String fp, List<InetSocketAddress> addresses) {}
            @Override public void forget(String fp) {}
            @Override public void dial(InetSocketAddress a) { dials.add(a); }
        };
        TrustStore store = new TrustStore() {
            @Override public List<KnownPeer> load() { return List.copyOf(stored); }
            @Override public void save(List<KnownPeer> peers) { stored.clear(); stored.addAll(peers); }
        };
        engine = new ChatEngine(alice.fingerprint(), alice.key(), "alice", network, store,
                (a, b) -> "sn:" + HexFormat.of().formatHex(a).substring(0, 4) + "/" + HexFormat.of().formatHex(b).substring(0, 4),
                Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
        engine.start();
        headless = Headless.attach(engine, new StringReader(""), out, output);
    }

    @AfterEach
    void stopWriters() {
        output.close();
    }

    /** Waits (with a deadline) until the writer has written and flushed everything queued so far. */
    private void written() {
        try {
            assertTrue(headless.awaitWritten(DEADLINE), "the writer wrote everything within " + DEADLINE);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private List<JsonObject> events() {
        written();
        List<JsonObject> list = new ArrayList<>();
        for (String line : out.toString().split("\n", -1)) {
            if (!line.isEmpty()) {
                list.add(JsonParser.parseString(line).getAsJsonObject());
            }
        }
        return list;
    }

    private List<JsonObject> eventsAfterReady() {
        List<JsonObject> all = events();
        assertEquals("ready", all.get(0).get("event").getAsString());
        return all.subList(1, all.size());
    }

    private void clearOutput() {
        written();
        out.getBuffer().setLength(0);
    }

    private JsonObject only(List<JsonObject> events) {
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }

    private TestSession bobOnline() {
        TestSession s = new TestSession(bob);
        engine.sessionUp(s);
        return s;
    }

    private static String str(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    @Test
    void readyIsTheFirstLineEvenWhenEventsCameEarlier() {
        bobOnline();
        assertEquals("", out.toString(), "held until ready");
        headless.ready(7447, List.of("10.77.0.1"));
        List<JsonObject> all = events();
        JsonObject ready = all.get(0);
        assertEquals("ready", str(ready, "event"));
        assertEquals("alice", str(ready, "nick"));
        assertEquals(alice.fingerprint(), str(ready, "fingerprint"));
        assertEquals(7447, ready.get("port").getAsInt());
        assertEquals("10.77.0.1", ready.getAsJsonArray("addresses").get(0).getAsString());
        assertEquals("peer", str(all.get(1), "event"));
        headless.ready(7447, List.of());
        assertEquals(all.size(), events().size(), "ready comes once");
    }

    @Test
    void msgAnswersWithStatusSentThenDelivered() {
        TestSession s = bobOnline();
        headless.ready(7447, List.of());
        clearOutput();
        headless.execute("/msg bob hello there");
        JsonObject status = only(events());
        assertEquals("status", str(status, "event"));
        assertEquals("sent", str(status, "status"));
        assertEquals(bob.fingerprint(), str(status, "to"));
        String id = str(status, "id");
        assertTrue(id.matches("[0-9a-f]{32}"));
        assertEquals(new ChatRecord.Text(id, NOW.toEpochMilli(), "hello there"), s.sent.get(0));

        clearOutput();
        engine.received(s, new ChatRecord.Ack(id));
        JsonObject delivered = only(events());
        assertEquals("delivered", str(delivered, "status"));
        assertEquals(id, str(delivered, "id"));
    }

    @Test
    void msgToAnOfflinePeerIsQueued() {
        TestSession s = bobOnline();
        engine.sessionDown(s, "gone");
        headless.ready(7447, List.of());
        clearOutput();
        headless.execute("/msg " + bob.fingerprint() + " later");
        assertEquals("queued", str(only(events()), "status"));
    }

    @Test
    void incomingMessagesBecomeMessageEvents() {
        TestSession s = bobOnline();
        headless.ready(7447, List.of());
        clearOutput();
        String text = "héllo 你好 👋\nsecond line \u001b[31m";
        engine.received(s, new ChatRecord.Text("00112233445566778899aabbccddeeff", NOW.toEpochMilli() - 5, text));
        written();
        assertEquals(1, out.toString().split("\n").length, "one line per event, newlines escaped");
        JsonObject m = only(events());
        assertEquals("message", str(m, "event"));
        assertEquals("00112233445566778899aabbccddeeff", str(m, "id"));
        assertEquals(bob.fingerprint(), str(m, "from"));
        assertEquals("bob", str(m, "nick"));
        assertEquals("héllo 你好 👋\nsecond line ", str(m, "text"));
        assertEquals(NOW.toEpochMilli() - 5, m.get("time").getAsLong());
    }

    @Test
    void aMessageWithNothingPrintableIsAnEventWithAnEmptyTextAndIsAcknowledged() {
        TestSession s = bobOnline();
        headless.ready(7447, List.of());
        clearOutput();
        engine.received(s, new ChatRecord.Text("00112233445566778899aabbccddeef0", NOW.toEpochMilli(), "\u001b[2J\u200b\u202e"));
        written();
        JsonObject m = only(events());
        assertEquals("message", str(m, "event"));
        assertEquals("", str(m, "text"), "sanitised, as every text: the consumer decides how to show it");
        ChatRecord ack = new ChatRecord.Ack("00112233445566778899aabbccddeef0");
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!sentOn(s, ack) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertTrue(sentOn(s, ack), "acknowledged like any message, so its sender does not resend it forever");
    }

    /** Issue 12: a peer with another network key is hinted at on the dialler's side and on the responder's. */
    @Test
    void aPeerThatNeverAnswersOurHandshakeOrFailsOurKeyCheckIsAWarning() throws Exception {
        bobOnline();
        headless.ready(7447, List.of());
        clearOutput();
        engine.handshakeUnanswered(new InetSocketAddress("10.77.0.2", 7447), bob.fingerprint(), 3);
        engine.handshakeUnanswered(new InetSocketAddress("10.77.0.2", 7447), null, 3); // by address: still bob
        engine.handshakeUnanswered(new InetSocketAddress("10.77.0.8", 7447), null, 3);
        engine.otherNetworkKey(java.net.InetAddress.getByName("10.77.0.9"), true, 0);
        List<JsonObject> e = events();
        assertEquals(4, e.size(), e.toString());
        for (JsonObject w : e.subList(0, 3)) {
            assertEquals("warning", str(w, "event"));
            assertEquals("no-handshake-reply", str(w, "code"));
        }
        assertEquals(bob.fingerprint(), str(e.get(0), "peer"));
        assertTrue(str(e.get(0), "message").startsWith("bob (10.77.0.2:7447) does not answer our handshake (another network key,"
                + " or busy)"), str(e.get(0), "message"));
        assertEquals("10.77.0.2:7447", str(e.get(0), "address"));
        assertEquals(bob.fingerprint(), str(e.get(1), "peer"), "found by its address");
        assertTrue(e.get(2).get("peer").isJsonNull());
        assertTrue(str(e.get(2), "message").startsWith("the peer at 10.77.0.8:7447 does not answer our handshake"));
        assertEquals("other-network-key", str(e.get(3), "code"));
        assertTrue(e.get(3).get("peer").isJsonNull());
        assertEquals("a peer at 10.77.0.9 uses a network key other than ours: its handshake was refused, and it was"
                + " told nothing", str(e.get(3), "message"));
    }

    private static boolean sentOn(TestSession s, ChatRecord r) {
        synchronized (s) {
            return s.sent.contains(r);
        }
    }

    @Test
    void badInputGivesOneErrorAndNothingElse() {
        TestSession s = bobOnline();
        headless.ready(7447, List.of());
        String[][] cases = {
            {"/msg nobody hi", "unknown-peer"},
            {"/msg bob", "bad-command"},
            {"hello", "bad-command"},
            {"/frobnicate", "bad-command"},
            {"/peers now", "bad-command"},
            {"/verify", "bad-command"},
            {"/verify bob maybe", "bad-command"},
            {"/trust", "bad-command"},
            {"/connect host:99999", "bad-address"},
            {"/nick \u001b[0m", "bad-nickname"},
            {"/clear", "bad-command"},
            {"/msg bob " + "x".repeat(ChatRecord.MAX_TEXT_BYTES + 1), "too-long"},
            {"/verify 1234567", "unknown-peer"},
            {"/accept", "bad-command"}, // the full-screen UI's bare /accept has no open conversation here
            {"/decline", "bad-command"},
        };
        for (String[] c : cases) {
            clearOutput();
            assertTrue(headless.execute(c[0]), "keeps running after " + c[0]);
            JsonObject e = only(events());
            assertEquals("error", str(e, "event"), c[0]);
            assertEquals(c[1], str(e, "code"), c[0]);
            assertFalse(str(e, "message").isEmpty());
        }
        assertTrue(s.sent.isEmpty(), "nothing was sent");
        assertTrue(dials.isEmpty(), "nothing was dialled");
    }

    @Test
    void ambiguousPeersAreAnError() {
        Id robert1 = Id.keyed("robert", "r1");
        Id robert2 = Id.keyed("robert", "r2");
        engine.found(new dev.parley.chat.DiscoveredPeer(robert1.fingerprint(), "robert", List.of(), 1, 1, false));
        engine.found(new dev.parley.chat.DiscoveredPeer(robert2.fingerprint(), "robert", List.of(), 1, 1, false));
        headless.ready(7447, List.of());
        clearOutput();
        headless.execute("/msg robert hi");
        JsonObject e = only(events());
        assertEquals("ambiguous-peer", str(e, "code"));
        assertTrue(str(e, "message").contains(robert1.fingerprint()));
    }

    @Test
    void peersListsEachPeerThenACount() {
        bobOnline();
        Id carol = Id.of("carol");
        engine.found(new dev.parley.chat.DiscoveredPeer(carol.fingerprint(), "carol", List.of(), 1, 1, false));
        headless.ready(7447, List.of());
        clearOutput();
        headless.execute("/peers");
        List<JsonObject> e = events();
        assertEquals(3, e.size());
        JsonObject b = e.get(0);
        assertEquals("peer", str(b, "event"));
        assertEquals("bob", str(b, "nick"));
        assertEquals(bob.fingerprint(), str(b, "fingerprint"));
        assertEquals("online", str(b, "state"));
        assertEquals("new", str(b, "trust"));
        assertEquals("10.77.0.2:7447", str(b, "address"));
        assertEquals("online", str(b, "presence"));
        assertTrue(b.has("conflicts_with") && b.get("conflicts_with").isJsonNull());
        assertFalse(b.get("ignored").getAsBoolean());
        JsonObject c = e.get(1);
        assertEquals("carol", str(c, "nick"));
        assertEquals("connecting", str(c, "state"));
        assertTrue(c.has("address") && c.get("address").isJsonNull());
        assertEquals("peers", str(e.get(2), "event"));
        assertEquals(2, e.get(2).get("count").getAsInt());
    }

    @Test
    void aForgottenPeerIsAPeerRemovedEventAndLeavesPeers() {
        Id carol = Id.of("carol");
        headless.ready(7447, List.of());
        engine.found(new dev.parley.chat.DiscoveredPeer(carol.fingerprint(), "carol", List.of(), 1, 1, false));
        clearOutput();
        engine.lost(carol.fingerprint());
        List<JsonObject> e = events();
        assertEquals(List.of("peer", "peer-removed"), e.stream().map(o -> str(o, "event")).toList());
        assertEquals("lost", str(e.get(0), "state"));
        assertEquals(carol.fingerprint(), str(e.get(1), "fingerprint"));
        assertEquals(2, e.get(1).size(), "event and fingerprint: " + e.get(1));
        clearOutput();
        headless.execute("/peers");
        assertEquals(0, only(events()).get("count").getAsInt());
    }

    @Test
    void nickChangesAreAnsweredAndReachPeers() {
        TestSession s = bobOnline();
        headless.ready(7447, List.of());
        clearOutput();
        headless.execute("/nick Alicia Smith");
        assertEquals("bad-command", str(only(events()), "code"), "one word, as --nick requires");
        clearOutput();
        headless.execute("/nick Alicia");
        JsonObject e = only(events());
        assertEquals("nick", str(e, "event"));
        assertEquals("Alicia", str(e, "nick"));
        assertEquals(List.of(new ChatRecord.NickChange("Alicia")), s.sent);
    }

    @Test
    void verifyShowsTheSafetyNumberAndConfirmMarksVerified() {
        bobOnline();
        headless.ready(7447, List.of());
        clearOutput();
        headless.execute("/verify bob");
        JsonObject v = only(events());
        assertEquals("verify", str(v, "event"));
        assertEquals(bob.fingerprint(), str(v, "peer"));
        String expected = "sn:" + HexFormat.of().formatHex(alice.key()).substring(0, 4) + "/"
                + HexFormat.of().formatHex(bob.key()).substring(0, 4);
        assertEquals(expected, str(v, "safety_number"));
        assertFalse(v.get("verified").getAsBoolean());

        clearOutput();
        headless.execute("/verify bob confirm");
        JsonObject p = only(events());
        assertEquals("peer", str(p, "event"));
        assertEquals("verified", str(p, "trust"));
        assertTrue(stored.stream().anyMatch(k -> k.fingerprint().equals(bob.fingerprint()) && k.verified()));
    }

    @Test
    void aChangedKeyIsWarnedRefusedAndAcceptedWithTrustByItsNickname() throws Exception {
        TestSession s = bobOnline();
        headless.execute("/msg bob hello"); // we talked: bob is remembered
        engine.sessionDown(s, "bob reinstalls");
        Id newBob = Id.keyed("bob", "reinstalled");
        TestSession s2 = new TestSession(newBob);
        headless.ready(7447, List.of());
        clearOutput();
        engine.sessionUp(s2);
        List<JsonObject> e = events();
        JsonObject peer = e.get(0);
        assertEquals("changed", str(peer, "trust"));
        assertEquals(bob.fingerprint(), str(peer, "conflicts_with"));
        JsonObject w = e.get(1);
        assertEquals("warning", str(w, "event"));
        assertEquals("key-changed", str(w, "code"));
        assertEquals(bob.fingerprint(), str(w, "peer"));
        assertEquals(newBob.fingerprint(), str(w, "new_fingerprint"));
        assertEquals(bob.fingerprint(), str(w, "known_fingerprint"));
        assertEquals("bob", str(w, "nick"));
        String prefix = newBob.fingerprint().substring(7, 15);
        assertEquals("/trust " + prefix, str(w, "resolve"), "the warning names the command that resolves it");
        assertTrue(str(w, "message").contains("/trust " + prefix));

        clearOutput();
        headless.execute("/msg " + prefix + " hi");
        assertEquals("untrusted", str(only(events()), "code"));
        assertTrue(s2.sent.isEmpty());

        clearOutput();
        headless.execute("/msg bob for bob");
        assertEquals("queued", str(only(events()), "status"));
        assertTrue(s2.sent.isEmpty(), "until accepted, the known nickname means the old key");

        clearOutput();
        headless.execute("/trust bob"); // bob's name, not the new key's fingerprint
        List<JsonObject> accepted = events();
        JsonObject known = accepted.stream().filter(o -> "peer".equals(str(o, "event"))).findFirst().orElseThrow();
        assertEquals("known", str(known, "trust"));
        assertEquals(newBob.fingerprint(), str(known, "fingerprint"));
        JsonObject replaced = accepted.stream().filter(o -> "peer-replaced".equals(str(o, "event"))).findFirst()
                .orElseThrow(() -> new AssertionError(accepted.toString()));
        assertEquals(bob.fingerprint(), str(replaced, "old_fingerprint"));
        assertEquals(newBob.fingerprint(), str(replaced, "fingerprint"));
        assertTrue(accepted.stream().anyMatch(o -> "peer-removed".equals(str(o, "event"))
                && bob.fingerprint().equals(str(o, "fingerprint"))), accepted.toString());
        assertTrue(s2.sent.stream().anyMatch(r -> r instanceof ChatRecord.Text t && t.text().equals("for bob")),
                "the queued message went to the accepted key");
        assertTrue(stored.stream().noneMatch(k -> k.fingerprint().equals(bob.fingerprint())), "the old key is retired");
        assertEquals(newBob.fingerprint(), engine.resolve("bob").fingerprint(), "bob is no longer ambiguous");

        clearOutput();
        headless.execute("/trust bob");
        JsonObject again = only(events());
        assertEquals("error", str(again, "event"));
        assertEquals("not-changed", str(again, "code"), "trusting an unchanged peer says so");
    }

    @Test
    void unverifyForgetAndCancelAreAnsweredOrRefused() {
        TestSession s = bobOnline();
        headless.ready(7447, List.of());
        clearOutput();
        headless.execute("/verify bob confirm");
        assertEquals("not-compared", str(only(events()), "code"), "the number was never shown");
        clearOutput();
        headless.execute("/unverify bob");
        assertEquals("not-verified", str(only(events()), "code"));
        headless.execute("/verify bob");
        headless.execute("/verify bob confirm");
        clearOutput();
        headless.execute("/unverify bob");
        assertEquals("known", str(only(events()), "trust"));

        engine.sessionDown(s, "gone");
        headless.execute("/msg bob later");
        clearOutput();
        headless.execute("/cancel bob");
        assertEquals("failed", str(only(events()), "status"));

        clearOutput();
        headless.execute("/forget bob");
        JsonObject removed = only(events());
        assertEquals("peer-removed", str(removed, "event"));
        assertTrue(stored.stream().noneMatch(k -> k.fingerprint().equals(bob.fingerprint())));
        clearOutput();
        headless.execute("/msg bob hello?");
        assertEquals("unknown-peer", str(only(events()), "code"));
    }

    @Test
    void awayAndBackAreAnsweredAndSent() {
        TestSession s = bobOnline();
        headless.ready(7447, List.of());
        clearOutput();
        headless.execute("/away");
        headless.execute("/back");
        List<JsonObject> e = events();
        assertEquals("away", str(e.get(0), "presence"));
        assertEquals("online", str(e.get(1), "presence"));
        assertEquals(List.of(new ChatRecord.PresenceChange(Presence.AWAY), new ChatRecord.PresenceChange(Presence.ONLINE)),
                s.sent);
    }

    @Test
    void helpListsTheCommands() {
        headless.ready(7447, List.of());
        clearOutput();
        headless.execute("/help");
        JsonObject h = only(events());
        assertEquals("help", str(h, "event"));
        assertTrue(h.getAsJsonArray("lines").size() > 5);
        assertTrue(h.getAsJsonArray("lines").get(0).getAsString().startsWith("/msg"));
    }

    @Test
    void helpListsTheRoomCommandsWhenRoomsAreOn() {
        dev.parley.rooms.RoomsEngine rooms = new dev.parley.rooms.RoomsEngine(alice.fingerprint(), alice.key(), "alice",
                body -> new byte[64], Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
        headless = Headless.attach(engine, rooms, new StringReader(""), out, output);
        headless.ready(7447, List.of());
        clearOutput();
        headless.execute("/help");
        List<String> lines = new ArrayList<>();
        only(events()).getAsJsonArray("lines").forEach(l -> lines.add(l.getAsString()));
        assertTrue(lines.get(0).startsWith("/msg"), "the chat's commands first");
        for (String command : List.of("/room create", "/rooms", "/invite", "/join", "/decline", "/leave", "/kick",
                "/topic", "/members", "/msg #ROOM")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(command) || l.contains(", " + command)),
                    command + " in " + lines);
        }
    }

    @Test
    void typingAndWarningsBecomeEvents() {
        TestSession s = bobOnline();
        headless.ready(7447, List.of());
        clearOutput();
        engine.received(s, new ChatRecord.Typing(true));
        engine.dialFailed(new InetSocketAddress("10.77.0.9", 7447), "no route to host");
        List<JsonObject> e = events();
        assertEquals("typing", str(e.get(0), "event"));
        assertEquals(bob.fingerprint(), str(e.get(0), "peer"));
        assertTrue(e.get(0).get("active").getAsBoolean());
        assertEquals("dial-failed", str(e.get(1), "code"));
        assertEquals("10.77.0.9:7447", str(e.get(1), "address"));
    }

    @Test
    void connectDials() {
        headless.ready(7447, List.of());
        clearOutput();
        headless.execute("/connect [fd00::1]:7500");
        assertEquals(1, dials.size());
        assertEquals(7500, dials.get(0).getPort());
        assertTrue(events().isEmpty());
    }

    @Test
    void quitWarnsAboutUndeliveredMessagesAndStopsReading() throws Exception {
        TestSession s = bobOnline();
        engine.sessionDown(s, "gone");
        headless = Headless.attach(engine, new StringReader("/msg bob one\n\n/msg bob two\n/quit\n/msg bob three\n"), out, output);
        headless.ready(7447, List.of());
        headless.run();
        List<JsonObject> e = eventsAfterReady().stream().filter(o -> !str(o, "event").equals("peer")).toList();
        assertEquals(List.of("status", "status", "warning"), e.stream().map(o -> str(o, "event")).toList());
        JsonObject w = e.get(2);
        assertEquals("undelivered", str(w, "code"));
        assertEquals(2, w.get("count").getAsInt());
        assertEquals(2, engine.undelivered().size(), "the line after /quit was not run");
    }

    @Test
    void endOfInputEndsQuietlyWhenEverythingWasDelivered() throws Exception {
        headless = Headless.attach(engine, new StringReader("/help\n"), out, output);
        headless.ready(7447, List.of());
        headless.run();
        assertEquals(List.of("help"), eventsAfterReady().stream().map(o -> str(o, "event")).toList());
    }

    @Test
    void endOfInputAlsoWarnsAboutUndeliveredMessages() throws Exception {
        TestSession s = bobOnline();
        headless = Headless.attach(engine, new StringReader("/msg bob unacknowledged"), out, output);
        headless.ready(7447, List.of());
        headless.run();
        List<JsonObject> e = eventsAfterReady();
        JsonObject last = e.get(e.size() - 1);
        assertEquals("undelivered", str(last, "code"));
        assertEquals(1, last.get("count").getAsInt());
        assertEquals(1, s.sent.size());
    }

    @Test
    void inviteAnswersRoomInvitedSentOrPendingUntilThePeersSessionIsUp() {
        dev.parley.rooms.RoomsEngine rooms = roomsEngine(1, "alice", new ArrayList<>());
        headless = Headless.attach(engine, rooms, new StringReader(""), out, output);
        bobOnline(); // the chat knows bob; the rooms have no session with him yet
        headless.ready(7447, List.of());
        headless.execute("/room create lunch");
        clearOutput();
        headless.execute("/invite #lunch bob");
        JsonObject held = only(events());
        assertEquals("room-invited", str(held, "event"));
        assertEquals("lunch", str(held, "name"));
        assertEquals(bob.fingerprint(), str(held, "peer"));
        assertEquals("bob", str(held, "nick"));
        assertEquals("pending", str(held, "state"), "held until bob's rooms session is up");
        assertEquals(32, str(held, "room").length());

        RoomsSession s = new RoomsSession(bob.fingerprint(), bob.key());
        rooms.sessionUp(s, null);
        assertEquals(1, s.roomRecords().size(), "the held invitation went on the new session");
        clearOutput();
        headless.execute("/invite #lunch bob");
        JsonObject now = only(events());
        assertEquals("room-invited", str(now, "event"));
        assertEquals("sent", str(now, "state"));
        assertEquals(2, s.roomRecords().size());
    }

    @Test
    void joinAnswersRoomJoinSentOrPendingUntilTheOwnerIsOnline() throws Exception {
        List<byte[]> keys = new ArrayList<>();
        dev.parley.rooms.RoomsEngine rooms = roomsEngine(1, "alice", keys);
        dev.parley.rooms.RoomsEngine owner = roomsEngine(2, "bob", keys);
        String aliceFp = dev.parley.crypto.Fingerprints.of(keys.get(0));
        String bobFp = dev.parley.crypto.Fingerprints.of(keys.get(1));
        headless = Headless.attach(engine, rooms, new StringReader(""), out, output);
        headless.ready(7447, List.of());
        String id = owner.create("lunch", "").id();
        owner.invite(id, aliceFp, "");
        RoomsSession toAlice = new RoomsSession(aliceFp, keys.get(0));
        owner.sessionUp(toAlice, null);
        RoomsSession fromBob = new RoomsSession(bobFp, keys.get(1));
        rooms.sessionUp(fromBob, null);
        toAlice.roomRecords().forEach(r -> rooms.received(fromBob, r)); // the invitation
        assertEquals(1, rooms.invitations().size());
        rooms.sessionDown(fromBob); // bob goes offline
        clearOutput();

        headless.execute("/join #lunch");
        JsonObject held = only(events());
        assertEquals("room-join", str(held, "event"));
        assertEquals(id, str(held, "room"));
        assertEquals("lunch", str(held, "name"));
        assertEquals(bobFp, str(held, "owner"));
        assertEquals("pending", str(held, "state"), "held, not refused as offline");
        assertTrue(fromBob.roomRecords().isEmpty());

        RoomsSession again = new RoomsSession(bobFp, keys.get(1));
        rooms.sessionUp(again, null);
        assertEquals(1, again.roomRecords().size(), "the held ROOM_JOIN went when bob came online");
        clearOutput();
        headless.execute("/join #lunch"); // asked again, bob online
        assertEquals("sent", str(only(events()), "state"));
        assertEquals(2, again.roomRecords().size());
    }

    private static JsonObject named(List<JsonObject> events, String event) {
        List<JsonObject> found = events.stream().filter(o -> event.equals(str(o, "event"))).toList();
        assertEquals(1, found.size(), "one " + event + " in " + events);
        return found.get(0);
    }

    /** Hands {@code from}'s records from index {@code seen} on to {@code to} as if they came on {@code on}; the new count. */
    private static int deliver(RoomsSession from, int seen, dev.parley.rooms.RoomsEngine to, RoomsSession on) {
        List<ChatRecord.RoomRecord> records = from.roomRecords();
        records.subList(seen, records.size()).forEach(r -> to.received(on, r));
        return records.size();
    }

    @Test
    void kickOfAWaitingInvitationAnswersRoomKickedInvitationWithdrawn() {
        dev.parley.rooms.RoomsEngine rooms = roomsEngine(1, "alice", new ArrayList<>());
        headless = Headless.attach(engine, rooms, new StringReader(""), out, output);
        bobOnline();
        headless.ready(7447, List.of());
        headless.execute("/room create lunch");
        headless.execute("/invite #lunch bob"); // pending: no rooms session with bob
        clearOutput();

        headless.execute("/kick #lunch bob");
        JsonObject k = only(events());
        assertEquals("room-kicked", str(k, "event"));
        assertEquals("lunch", str(k, "name"));
        assertEquals(bob.fingerprint(), str(k, "peer"));
        assertEquals("bob", str(k, "nick"));
        assertEquals("invitation-withdrawn", str(k, "state"));

        RoomsSession s = new RoomsSession(bob.fingerprint(), bob.key());
        rooms.sessionUp(s, null);
        assertTrue(s.roomRecords().isEmpty(), "a withdrawn invitation is not sent");
        clearOutput();
        headless.execute("/kick #lunch bob");
        JsonObject again = only(events());
        assertEquals("error", str(again, "event"));
        assertEquals("not-member", str(again, "code"));
    }

    @Test
    void kickOfAMemberAnswersRoomKickedRemovedAndTheRoomEventFollows() throws Exception {
        List<byte[]> keys = new ArrayList<>();
        dev.parley.rooms.RoomsEngine rooms = roomsEngine(1, "alice", keys);
        dev.parley.rooms.RoomsEngine bobRooms = roomsEngine(2, "bob", keys);
        String aliceFp = dev.parley.crypto.Fingerprints.of(keys.get(0));
        String bobFp = dev.parley.crypto.Fingerprints.of(keys.get(1));
        headless = Headless.attach(engine, rooms, new StringReader(""), out, output);
        headless.ready(7447, List.of());
        String id = rooms.create("lunch", "").id();
        RoomsSession toBob = new RoomsSession(bobFp, keys.get(1));
        RoomsSession fromAlice = new RoomsSession(aliceFp, keys.get(0));
        rooms.sessionUp(toBob, new dev.parley.chat.PeerInfo(bobFp, "bob", List.of(), dev.parley.chat.PeerState.ONLINE,
                dev.parley.chat.Trust.KNOWN, Presence.ONLINE, null));
        bobRooms.sessionUp(fromAlice, null);
        assertTrue(rooms.invite(id, bobFp, ""));
        int toBobSeen = deliver(toBob, 0, bobRooms, fromAlice);
        bobRooms.join(id);
        deliver(fromAlice, 0, rooms, toBob);
        assertEquals(2, rooms.room(id).members().size(), "bob joined");
        clearOutput();

        headless.execute("/kick #lunch bob"); // bob is known to the roster only, not to the chat
        List<JsonObject> e = events();
        JsonObject k = named(e, "room-kicked");
        assertEquals(id, str(k, "room"));
        assertEquals(bobFp, str(k, "peer"));
        assertEquals("bob", str(k, "nick"));
        assertEquals("removed", str(k, "state"));
        JsonObject room = named(e, "room");
        assertEquals(1, room.getAsJsonArray("members").size(), "the room event lists alice alone");
        deliver(toBob, toBobSeen, bobRooms, fromAlice);
        assertTrue(bobRooms.rooms().isEmpty(), "bob was told");
    }

    @Test
    void declineAnswersRoomDeclinedAndAHeldJoinIsListedByRoomsUntilDeclined() throws Exception {
        List<byte[]> keys = new ArrayList<>();
        dev.parley.rooms.RoomsEngine rooms = roomsEngine(1, "alice", keys);
        dev.parley.rooms.RoomsEngine owner = roomsEngine(2, "bob", keys);
        String aliceFp = dev.parley.crypto.Fingerprints.of(keys.get(0));
        String bobFp = dev.parley.crypto.Fingerprints.of(keys.get(1));
        headless = Headless.attach(engine, rooms, new StringReader(""), out, output);
        headless.ready(7447, List.of());
        String lunch = owner.create("lunch", "").id();
        String tea = owner.create("tea", "").id();
        RoomsSession toAlice = new RoomsSession(aliceFp, keys.get(0));
        owner.sessionUp(toAlice, null);
        owner.invite(lunch, aliceFp, "");
        owner.invite(tea, aliceFp, "");
        RoomsSession fromBob = new RoomsSession(bobFp, keys.get(1));
        rooms.sessionUp(fromBob, null);
        deliver(toAlice, 0, rooms, fromBob);
        assertEquals(2, rooms.invitations().size());
        clearOutput();

        headless.execute("/decline #lunch");
        JsonObject d = only(events());
        assertEquals("room-declined", str(d, "event"));
        assertEquals(lunch, str(d, "room"));
        assertEquals("lunch", str(d, "name"));
        assertEquals(bobFp, str(d, "from"));
        assertFalse(d.get("rejoin").getAsBoolean());
        assertEquals(1, fromBob.roomRecords().size(), "the owner was told");

        rooms.sessionDown(fromBob); // bob goes offline
        headless.execute("/join #tea");
        clearOutput();
        headless.execute("/rooms");
        List<JsonObject> listed = events();
        JsonObject held = named(listed, "room-join");
        assertEquals(tea, str(held, "room"));
        assertEquals("pending", str(held, "state"));
        JsonObject summary = named(listed, "rooms");
        assertEquals(0, summary.get("count").getAsInt());
        assertEquals(0, summary.get("invitations").getAsInt());
        assertEquals(1, summary.get("joining").getAsInt(), "the held /join is counted");

        clearOutput();
        headless.execute("/decline #tea"); // withdraws the held /join
        assertEquals("room-declined", str(only(events()), "event"));
        clearOutput();
        headless.execute("/rooms");
        JsonObject after = only(events());
        assertEquals(0, after.get("joining").getAsInt());
    }

    @Test
    void leaveIsAnsweredByRoomLeftAndTopicByTheRoomEvent() {
        dev.parley.rooms.RoomsEngine rooms = roomsEngine(1, "alice", new ArrayList<>());
        headless = Headless.attach(engine, rooms, new StringReader(""), out, output);
        headless.ready(7447, List.of());
        headless.execute("/room create lunch");
        clearOutput();
        headless.execute("/topic #lunch friday plans");
        JsonObject room = only(events());
        assertEquals("room", str(room, "event"));
        assertEquals("friday plans", str(room, "topic"));
        clearOutput();
        headless.execute("/leave #lunch");
        JsonObject left = only(events());
        assertEquals("room-left", str(left, "event"));
        assertEquals("lunch", str(left, "name"));
        assertEquals("left", str(left, "reason"));
    }
}
