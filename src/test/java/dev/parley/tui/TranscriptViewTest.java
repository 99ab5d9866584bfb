package dev.parley.tui;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscriptViewTest {
    private static final Instant T = Instant.parse("2025-01-02T10:15:00Z");
    private final Wrapper wrapper = new Wrapper();
    private final TranscriptView view = new TranscriptView(new EntryFormatter(ZoneOffset.UTC), wrapper);

    private static ChatMessage msg(int i, boolean outgoing, String text, MessageStatus s) {
        return new ChatMessage(String.format("%032x", i), "SHA256:bob", outgoing, outgoing ? "alice" : "bob", text,
                T, s);
    }

    /** A transcript of single-row messages "m0".."m(n-1)". */
    private static Transcript numbered(int n) {
        Transcript t = new Transcript();
        for (int i = 0; i < n; i++) {
            t.put(msg(i, false, "m" + i, MessageStatus.DELIVERED));
        }
        return t;
    }

    private static List<String> text(List<List<Glyph>> rows) {
        List<String> out = new ArrayList<>();
        for (List<Glyph> r : rows) {
            out.add(Glyph.plain(r));
        }
        return out;
    }

    @Test
    void messagesAreTimeNickTextAndOursCarryTheirDeliveryMark() {
        Transcript t = new Transcript();
        t.put(msg(1, false, "hi", MessageStatus.DELIVERED));
        t.put(msg(2, true, "queued", MessageStatus.QUEUED));
        t.put(msg(3, true, "sent", MessageStatus.SENT));
        t.put(msg(4, true, "delivered", MessageStatus.DELIVERED));
        t.put(msg(5, true, "failed", MessageStatus.FAILED));
        t.add(Entry.Kind.SYSTEM, T, "bob is online");
        t.add(Entry.Kind.ERROR, T, "no peer x");
        assertEquals(List.of("10:15 bob: hi", "10:15 alice: queued …", "10:15 alice: sent ✓",
                        "10:15 alice: delivered ✓✓", "10:15 alice: failed ✗", "10:15 -- bob is online --",
                        "10:15 ! no peer x"),
                text(view.visible(t, null, null, 60, 10)));
    }

    @Test
    void aStatusChangeUpdatesTheLineInPlace() {
        Transcript t = new Transcript();
        ChatMessage m = msg(1, true, "hello", MessageStatus.SENT);
        assertNotNull(t.put(m));
        assertNull(t.put(m.withStatus(MessageStatus.DELIVERED)));
        assertEquals(List.of("10:15 alice: hello ✓✓"), text(view.visible(t, null, null, 60, 10)));
        t.put(m.withStatus(MessageStatus.SENT)); // a late, older status must not undo the receipt
        assertEquals(List.of("10:15 alice: hello ✓✓"), text(view.visible(t, null, null, 60, 10)));
    }

    @Test
    void longMessagesWrapWithAHangingIndentAfterTheNick() {
        Transcript t = new Transcript();
        t.put(msg(1, false, "one two three four five six", MessageStatus.DELIVERED));
        assertEquals(List.of("10:15 bob: one two", "           three four", "           five six"),
                text(view.visible(t, null, null, 22, 10)));
    }

    @Test
    void aHangingIndentWiderThanHalfThePaneFallsBackToSixColumns() {
        Transcript t = new Transcript();
        t.put(msg(1, false, "one two three four", MessageStatus.DELIVERED));
        assertEquals(List.of("10:15 bob: one two", "      three four"), text(view.visible(t, null, null, 20, 10)));
    }

    @Test
    void followingTheEndShowsTheLastRows() {
        assertEquals(List.of("10:15 bob: m7", "10:15 bob: m8", "10:15 bob: m9"),
                text(view.visible(numbered(10), null, null, 40, 3)));
    }

    @Test
    void scrollingUpAndBackDown() {
        Transcript t = numbered(10);
        Scroll s = view.up(t, null, null, 40, 3, 2);
        assertEquals(new Scroll(5, 0), s);
        assertEquals(List.of("10:15 bob: m5", "10:15 bob: m6", "10:15 bob: m7"), text(view.visible(t, null, s, 40, 3)));
        s = view.up(t, null, s, 40, 3, 100);
        assertEquals(new Scroll(0, 0), s);
        s = view.down(t, null, s, 40, 3, 6);
        assertEquals(new Scroll(6, 0), s);
        assertNull(view.down(t, null, s, 40, 3, 1), "the end is in view again: follow it");
    }

    @Test
    void scrollingMovesByRowsInsideWrappedEntries() {
        Transcript t = new Transcript();
        t.put(msg(1, false, "aaaa bbbb cccc dddd eeee ffff", MessageStatus.DELIVERED)); // 3 rows at width 22
        t.put(msg(2, false, "z", MessageStatus.DELIVERED));
        Scroll s = view.up(t, null, null, 22, 2, 1);
        assertEquals(new Scroll(0, 1), s);
        assertEquals(List.of("           cccc dddd", "           eeee ffff"), text(view.visible(t, null, s, 22, 2)));
    }

    @Test
    void topIsTheFirstLineUnlessEverythingFits() {
        assertEquals(new Scroll(0, 0), view.top(numbered(10), null, 40, 3));
        assertNull(view.top(numbered(3), null, 40, 3));
        assertNull(view.up(numbered(3), null, null, 40, 3, 5));
    }

    @Test
    void theUnreadMarkerIsARowBeforeTheFirstUnreadEntry() {
        Transcript t = numbered(3);
        Entry first = t.get(1);
        List<String> rows = text(view.visible(t, first, null, 20, 10));
        assertEquals(4, rows.size());
        assertEquals("10:15 bob: m0", rows.get(0));
        assertTrue(rows.get(1).startsWith("── unread ─"), rows.get(1));
        assertEquals(20, DisplayText.width(rows.get(1)));
        assertEquals("10:15 bob: m1", rows.get(2));
    }

    @Test
    void clearHidesWhatIsThereButNotWhatComesAfter() {
        Transcript t = numbered(3);
        t.clear();
        assertEquals(List.of(), text(view.visible(t, null, null, 40, 5)));
        t.put(msg(99, false, "after", MessageStatus.DELIVERED));
        assertEquals(List.of("10:15 bob: after"), text(view.visible(t, null, null, 40, 5)));
    }

    @Test
    void tenThousandMessagesWrapOnlyWhatIsVisible() {
        Transcript t = numbered(10_000);
        long before = wrapper.calls();
        List<String> rows = text(view.visible(t, null, null, 60, 20));
        assertEquals("10:15 bob: m9999", rows.get(19));
        assertTrue(wrapper.calls() - before <= 20, "wrapped " + (wrapper.calls() - before));

        before = wrapper.calls();
        view.visible(t, null, null, 60, 20);
        assertEquals(before, wrapper.calls(), "a redraw at the same width reuses the wrapped rows");

        Scroll s = view.up(t, null, null, 60, 20, 19);
        assertEquals(new Scroll(9961, 0), s);
        assertTrue(wrapper.calls() - before <= 40, "wrapped " + (wrapper.calls() - before));

        before = wrapper.calls();
        s = view.top(t, null, 60, 20);
        assertEquals(List.of("── older messages dropped from memory ──", "10:15 bob: m7839"),
                text(view.visible(t, null, s, 60, 20)).subList(0, 2), "the newest 2,000 (and up to a tenth more)");
        assertTrue(wrapper.calls() - before <= 21, "wrapped " + (wrapper.calls() - before));

        before = wrapper.calls();
        view.visible(t, null, null, 61, 20);
        assertTrue(wrapper.calls() - before <= 20, "a new width re-wraps only what is visible");
    }
}
