package dev.parley.tui;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A transcript's bounds, the line that stands for what it dropped, and what scrolling and unread do then. */
class TranscriptTest {
    private static final Instant T = Instant.parse("2025-01-02T10:15:00Z");
    private static final String DROPPED = "── older messages dropped from memory ──";
    private final TranscriptView view = new TranscriptView(new EntryFormatter(ZoneOffset.UTC), new Wrapper());

    private static ChatMessage msg(int i, boolean outgoing, String text) {
        return new ChatMessage(String.format("%032x", i), "SHA256:bob", outgoing, outgoing ? "alice" : "bob", text,
                T, outgoing ? MessageStatus.SENT : MessageStatus.DELIVERED);
    }

    /** Puts bob's messages "m{from}".."m{to - 1}". */
    private static void receive(Transcript t, int from, int to) {
        for (int i = from; i < to; i++) {
            t.put(msg(i, false, "m" + i));
        }
    }

    private List<String> rows(Transcript t, Entry marker, Scroll s, int height) {
        List<String> out = new ArrayList<>();
        for (List<Glyph> r : view.visible(t, marker, s, 50, height)) {
            out.add(Glyph.plain(r));
        }
        return out;
    }

    @Test
    void itHoldsAtMostItsBoundAndADroppedLineStandsAtTheTopForTheRest() {
        Transcript t = new Transcript(10, 1_000_000);
        receive(t, 0, 11);
        assertFalse(t.droppedAny(), "a tenth more is allowed before it trims");
        assertEquals(11, t.size());
        t.put(msg(11, false, "m11"));
        assertTrue(t.droppedAny());
        assertEquals(11, t.size(), "the newest 10 and the dropped line");
        assertEquals(List.of(DROPPED, "10:15 bob: m2", "10:15 bob: m3"), rows(t, null, new Scroll(t.begin(), 0), 3));
        receive(t, 12, 1_000);
        assertTrue(t.size() <= 1 + 11, "never more than the bound and a tenth: " + t.size());
        assertEquals("10:15 bob: m999", rows(t, null, null, 1).get(0));
    }

    @Test
    void largeMessagesAreBoundedByTheirText() {
        Transcript t = new Transcript(1_000, 1_000);
        String big = "x".repeat(300);
        for (int i = 0; i < 10; i++) {
            t.put(msg(i, false, big + i));
        }
        int held = t.size() - 1;
        assertTrue(held >= 1 && held * 301 <= 1_000, "held " + held);
        assertEquals(Entry.Kind.DROPPED, t.get(0).kind());
        assertEquals(big + 9, t.get(t.size() - 1).text());
    }

    @Test
    void aScrollAnchorStaysOnItsLineWhileOlderOnesDropAndGoesToTheTopWhenItsOwnLineGoes() {
        Transcript t = new Transcript(10, 1_000_000);
        receive(t, 0, 10);
        Scroll s = view.up(t, null, null, 50, 3, 4); // rows m3 m4 m5
        assertEquals(List.of("10:15 bob: m3", "10:15 bob: m4", "10:15 bob: m5"), rows(t, null, s, 3));
        receive(t, 10, 12); // m0 and m1 leave
        assertTrue(t.droppedAny());
        assertEquals(List.of("10:15 bob: m3", "10:15 bob: m4", "10:15 bob: m5"), rows(t, null, s, 3));
        receive(t, 12, 16); // m2..m5 leave: the anchor's line is gone
        assertEquals(List.of(DROPPED, "10:15 bob: m6", "10:15 bob: m7"), rows(t, null, s, 3));
        Scroll down = view.down(t, null, s, 50, 3, 1);
        assertEquals(List.of("10:15 bob: m6", "10:15 bob: m7", "10:15 bob: m8"), rows(t, null, down, 3));
        assertNull(view.down(t, null, down, 50, 3, 100), "the end is in view again");
    }

    @Test
    void theUnreadRuleMovesToTheOldestLineHeldOnceItsOwnLineIsDropped() {
        Transcript t = new Transcript(10, 1_000_000);
        receive(t, 0, 3);
        Entry firstUnread = t.put(msg(3, false, "m3"));
        receive(t, 4, 6);
        assertEquals(List.of("10:15 bob: m2", "── unread ─────", "10:15 bob: m3"),
                trimmedTo(rows(t, firstUnread, new Scroll(2, 0), 3), 15));
        receive(t, 6, 20); // m3 is dropped; all that is held came after it
        assertEquals(List.of(DROPPED.substring(0, 15), "── unread ─────", "10:15 bob: m10"),
                trimmedTo(rows(t, firstUnread, view.top(t, firstUnread, 50, 3), 3), 15));
    }

    @Test
    void aClearHidesTheDroppedLineUntilSomethingShownIsDropped() {
        Transcript t = new Transcript(10, 1_000_000);
        receive(t, 0, 12);
        assertTrue(t.droppedAny());
        t.clear();
        assertEquals(0, t.size());
        receive(t, 12, 15);
        assertEquals(List.of("10:15 bob: m12", "10:15 bob: m13", "10:15 bob: m14"), rows(t, null, null, 5));
        receive(t, 15, 30);
        assertEquals(DROPPED, rows(t, null, view.top(t, null, 50, 3), 3).get(0),
                "lines that were shown after the clear have been dropped");
    }

    @Test
    void aStatusOfAMessageNoLongerHeldDoesNotBringItBack() {
        Transcript t = new Transcript(10, 1_000_000);
        ChatMessage ours = msg(1_000, true, "ours");
        assertNotNull(t.put(ours));
        receive(t, 0, 20);
        assertFalse(t.update(ours.withStatus(MessageStatus.DELIVERED)));
        assertEquals("10:15 bob: m19", rows(t, null, null, 1).get(0));
        for (int i = 0; i < t.size(); i++) {
            assertFalse(t.get(i).text().equals("ours"), "our dropped message came back");
        }
    }

    private static List<String> trimmedTo(List<String> rows, int columns) {
        List<String> out = new ArrayList<>();
        for (String r : rows) {
            out.add(r.length() > columns ? r.substring(0, columns) : r);
        }
        return out;
    }

    @Test
    void aTransferLineIsRewrittenInPlaceAndComesBackAsNewOnceDropped() {
        Transcript t = new Transcript(10, 1_000_000);
        Entry line = t.putTransfer("id1", T, "#1 ⇣ a 10 %");
        assertNotNull(line);
        receive(t, 0, 3);
        assertNull(t.putTransfer("id1", T, "#1 ⇣ a 20 %"), "a rewrite");
        assertEquals(4, t.size());
        assertEquals("#1 ⇣ a 20 %", t.get(0).text());
        assertEquals(Entry.Kind.TRANSFER, t.get(0).kind());
        assertEquals(List.of("10:15 #1 ⇣ a 20 %", "10:15 bob: m0"), rows(t, null, null, 12).subList(0, 2),
                "the old wrap is gone with the old text");
        receive(t, 3, 20); // the line is dropped from memory
        assertFalse(t.get(1).text().startsWith("#1"));
        assertNotNull(t.putTransfer("id1", T, "#1 ⇣ a done"), "a line dropped comes back, at the end");
        assertEquals("#1 ⇣ a done", t.get(t.size() - 1).text());
    }

    @Test
    void rewritingATransferLineKeepsTheTextBound() {
        Transcript t = new Transcript(1_000, 100);
        t.putTransfer("id1", T, "x");
        for (int i = 0; i < 1_000; i++) {
            t.putTransfer("id1", T, "y".repeat(1 + i % 60)); // the count of text held follows each rewrite
        }
        receive(t, 0, 5);
        assertEquals(6, t.size(), "nothing dropped: the rewrites did not add up as text held");
    }
}
