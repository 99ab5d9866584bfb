package dev.parley.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.chat.ChatException;
import dev.parley.chat.TransferInfo;
import dev.parley.chat.Transfers;
import dev.parley.rooms.RoomsEngine;
import java.io.StringReader;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the file engine reports comes out as {@code transfer} events, with rooms attached (as the app runs
 * headless) or without: the rooms variant of {@link Headless#attach} once forgot to listen to the transfers,
 * so a headless receiver never showed an offer (found by {@code bench/run files}, issue 15).
 */
class TransferEventsTest {
    private final TestThreads writers = new TestThreads();
    private final FakeChat chat = new FakeChat();
    private final GatedWriter out = new GatedWriter(true);
    private final RecordingTransfers transfers = new RecordingTransfers();

    @AfterEach
    void tearDown() {
        writers.close();
    }

    @Test
    void transferEventsAreWrittenWithRooms() throws Exception {
        chat.transfers = transfers;
        RoomsEngine rooms = new RoomsEngine("SHA256:alice", new byte[32], "alice", m -> new byte[64],
                Clock.systemUTC(), new SecureRandom());
        Headless h = Headless.attach(chat, rooms, new StringReader(""), out, writers);
        offerArrives(h);
    }

    @Test
    void transferEventsAreWrittenWithoutRooms() throws Exception {
        chat.transfers = transfers;
        Headless h = Headless.attach(chat, new StringReader(""), out, writers);
        offerArrives(h);
    }

    private void offerArrives(Headless h) throws InterruptedException {
        h.ready(7447, List.of());
        assertEquals(1, transfers.listeners.size(), "the front end listens to the file engine");
        TransferInfo offer = new TransferInfo("0123456789abcdef0123456789abcdef", 1, "SHA256:bob", true, "offered",
                List.of(new TransferInfo.FileEntry("q3.pdf", false, 1234)), 1234, 0, 0, null, null, null, null);
        transfers.listeners.get(0).accept(offer);
        assertTrue(h.awaitWritten(Duration.ofSeconds(30)));
        List<JsonObject> shown = out.lines().stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(e -> e.get("event").getAsString().equals("transfer")).toList();
        assertEquals(1, shown.size(), "one transfer event: " + out.lines());
        JsonObject e = shown.get(0);
        assertEquals(offer.id(), e.get("id").getAsString());
        assertEquals("in", e.get("direction").getAsString());
        assertEquals("offered", e.get("state").getAsString());
        assertEquals("q3.pdf", e.getAsJsonArray("files").get(0).getAsJsonObject().get("path").getAsString());
    }

    @Test
    void transfersCountsThePartialFilesEarlierTransfersLeft() throws Exception {
        transfers.leftovers = new Transfers.Leftovers(2, 345);
        chat.transfers = transfers;
        Headless h = Headless.attach(chat, new StringReader(""), out, writers);
        h.ready(7447, List.of());
        h.execute("/transfers");
        assertTrue(h.awaitWritten(Duration.ofSeconds(30)));
        List<JsonObject> answer = out.lines().stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(e -> e.get("event").getAsString().equals("transfers")).toList();
        assertEquals(1, answer.size(), out.lines().toString());
        assertEquals(0, answer.get(0).get("count").getAsInt());
        assertEquals(2, answer.get(0).get("leftover_files").getAsInt());
        assertEquals(345, answer.get(0).get("leftover_bytes").getAsLong());
    }

    /** Keeps the listeners the front end adds; every command fails (none is used here). */
    private static final class RecordingTransfers implements Transfers {
        final List<Consumer<TransferInfo>> listeners = new CopyOnWriteArrayList<>();

        @Override public void addListener(Consumer<TransferInfo> listener) { listeners.add(listener); }
        @Override public TransferInfo send(String peer, List<String> paths) throws ChatException { throw off(); }
        @Override public void accept(String id, String dir) throws ChatException { throw off(); }
        @Override public void decline(String id) throws ChatException { throw off(); }
        @Override public void cancel(String id) throws ChatException { throw off(); }
        @Override public void pause(String id) throws ChatException { throw off(); }
        @Override public void resume(String id) throws ChatException { throw off(); }
        @Override public List<TransferInfo> list() { return List.of(); }
        @Override public int clean() { return 0; }
        volatile Leftovers leftovers = Leftovers.NONE;
        @Override public Leftovers leftovers() { return leftovers; }

        private static ChatException off() {
            return new ChatException("no-transfers", "not in this test");
        }
    }
}
