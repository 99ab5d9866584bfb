package dev.parley.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: web and mail addresses in messages are OSC 8 hyperlinks where the terminal shows them, plain text
 * elsewhere; a link's visible text is always all of its target, which is printable ASCII only.
 */
class LinksTest {
    private static final String BOB = FakeChat.fp("BOBfp123");
    private static final int PANE = 22;

    private static Harness bobOpen(Links links) {
        FakeChat chat = new FakeChat("alice", Harness.ALICE_FP);
        chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        Harness h = new Harness(80, 24, chat, new UiOptions("10.0.0.1", 7447, false, true, true, Notify.OFF, false,
                Theme.DARK, links)).start();
        h.key(KeyType.Enter);
        return h;
    }

    private static String found(String text) {
        return String.join(" ", Urls.find(text).stream().map(s -> text.substring(s.start(), s.end())).toList());
    }

    private static String opening(String url) {
        return "\033]8;id=[0-9a-z]+;" + java.util.regex.Pattern.quote(url) + "\033\\\\";
    }

    // ---- which text is an address

    @Test
    void webAndMailAddressesAreFoundWithoutTheSentencesPunctuation() {
        assertEquals("https://example.org/a?b=c#d", found("see https://example.org/a?b=c#d."));
        assertEquals("http://10.0.0.2:8080/x", found("(http://10.0.0.2:8080/x), ok"));
        assertEquals("https://en.wikipedia.org/wiki/Tea_(drink)", found("https://en.wikipedia.org/wiki/Tea_(drink)!"));
        assertEquals("mailto:bob@example.org", found("write to mailto:bob@example.org; thanks"));
        assertEquals("HTTPS://EXAMPLE.ORG https://b.example", found("HTTPS://EXAMPLE.ORG and https://b.example"));
    }

    @Test
    void notAddresses() {
        assertEquals("", found("https:// nothing"));
        assertEquals("", found("xhttps://example.org"));
        assertEquals("", found("mailto:nobody"));
        assertEquals("", found("ftp://example.org javascript:alert(1) file:///etc/passwd"));
        assertEquals("", found("https://" + "a".repeat(Urls.MAX_LENGTH)));
    }

    @Test
    void aMessageFullOfClosingBracketsCostsWorkLinearInItsLength() {
        // Within the 32,000-byte text limit; trimming it once bracket at a time, recounting, took seconds.
        String text = "https://a" + ")".repeat(31_990);
        long[] work = {0};
        assertEquals("", String.join(" ", Urls.find(text, work).stream()
                .map(s -> text.substring(s.start(), s.end())).toList()), "longer than MAX_LENGTH: no link");
        assertTrue(work[0] <= text.length() + 4L * (Urls.MAX_LENGTH + 1),
                "characters looked at: " + work[0] + " for " + text.length());
        long[] brackets = {0};
        String many = ("https://ab" + ")".repeat(Urls.MAX_LENGTH - 20) + " ").repeat(15);
        assertEquals(15, Urls.find(many, brackets).size(), "each trimmed back to https://ab");
        assertTrue(brackets[0] <= many.length() * 4L, "characters looked at: " + brackets[0]);
    }

    @Test
    void anAddressLongerThanTheLimitIsNoLinkNorArePartsOfIt() {
        String text = "https://" + "a".repeat(Urls.MAX_LENGTH) + "/https://b.example x https://c.example";
        assertEquals("https://c.example", found(text));
        assertEquals("https://ab", found("https://ab" + ")".repeat(Urls.MAX_LENGTH - 10)));
        assertEquals("(https://a.example/b_(c))", "(" + found("(https://a.example/b_(c)))") + ")");
    }

    @Test
    void anAddressEndsAtTheFirstCharacterThatCannotBeInAUri() {
        // the escape ends the first; the second is an address of its own, shown as what it is
        assertEquals("https://example.org/ https://evil.example",
                found("https://example.org/\033]8;;https://evil.example\033\\x"));
        assertEquals("https://example.org/a", found("https://example.org/a\u0007b"));
        assertEquals("https://example.org/caf", found("https://example.org/café"), "not IDN, not Unicode");
        assertEquals("https://exa", found("https://exa\u200Bmple.org"), "no invisible characters either");
    }

    @Test
    void onlyPrintableAsciiCanBeALinksTarget() {
        assertThrows(IllegalArgumentException.class, () -> new Link("https://example.org/\033", "1"));
        assertThrows(IllegalArgumentException.class, () -> new Link("https://example.org/ x", "1"));
        assertThrows(IllegalArgumentException.class, () -> new Link("https://example.org/é", "1"));
        assertThrows(IllegalArgumentException.class, () -> new Link("https://example.org/", "1;x"));
    }

    // ---- which terminals

    @Test
    void autoTurnsLinksOnInTerminalsKnownForOsc8Only() {
        assertTrue(Links.detect(Map.of("TERM", "xterm-kitty")));
        assertTrue(Links.detect(Map.of("TERM_PROGRAM", "iTerm.app")));
        assertTrue(Links.detect(Map.of("TERM_PROGRAM", "WezTerm")));
        assertTrue(Links.detect(Map.of("TERM", "foot")));
        assertTrue(Links.detect(Map.of("TERM", "xterm-256color", "VTE_VERSION", "7600")));
        assertFalse(Links.detect(Map.of("TERM", "xterm-256color", "VTE_VERSION", "4803")), "VTE before 0.50");
        assertFalse(Links.detect(Map.of("TERM", "xterm-256color")));
        assertFalse(Links.detect(Map.of("TERM", "linux")), "the console would print the sequence");
        assertFalse(Links.detect(Map.of()));
    }

    @Test
    void insideTmuxOnlyFromTmux34AndNeverInsideScreen() {
        assertTrue(Links.detect(Map.of("TMUX", "/tmp/tmux-0/default,1,0", "TERM", "tmux-256color",
                "TERM_PROGRAM", "tmux", "TERM_PROGRAM_VERSION", "3.4")));
        assertTrue(Links.detect(Map.of("TMUX", "x", "TERM_PROGRAM", "tmux", "TERM_PROGRAM_VERSION", "next-3.6")));
        assertFalse(Links.detect(Map.of("TMUX", "x", "TERM", "screen", "TERM_PROGRAM", "tmux",
                "TERM_PROGRAM_VERSION", "3.3a")), "tmux 3.3 drops OSC 8");
        assertFalse(Links.detect(Map.of("TMUX", "x", "KITTY_WINDOW_ID", "1")),
                "kitty outside does not mean tmux passes links on");
        assertFalse(Links.detect(Map.of("STY", "1.pts-0", "TERM", "screen", "KITTY_WINDOW_ID", "1")));
    }

    @Test
    void theSettingWinsOverTheTerminal() {
        assertTrue(Links.ON.enabled(Map.of()));
        assertFalse(Links.OFF.enabled(Map.of("TERM", "xterm-kitty")));
        assertTrue(Links.AUTO.enabled(Map.of("TERM", "xterm-kitty")));
        assertEquals(Links.ON, Links.parse(" On "));
        assertNull(Links.parse("yes"));
    }

    // ---- on the screen

    @Test
    void anAddressInAMessageIsOneLinkWhoseTextIsItsTarget() {
        Harness h = bobOpen(Links.ON);
        h.chat.receive(BOB, "see https://example.org/a. ok");
        h.settle();
        int col = h.columnOf(2, "https://");
        String url = "https://example.org/a";
        for (int i = 0; i < url.length(); i++) {
            String open = h.terminal.linkAt(col + i, 2);
            assertNotNull(open, "cell " + i + " is part of the link");
            assertTrue(open.matches(opening(url)), open.replace("\033", "ESC"));
        }
        assertTrue(h.at(col, 2).getModifiers().contains(com.googlecode.lanterna.SGR.UNDERLINE), "underlined");
        assertNull(h.terminal.linkAt(col - 1, 2), "the space before is not");
        assertNull(h.terminal.linkAt(col + url.length(), 2), "the full stop after is not");
        assertEquals("see https://example.org/a. ok", h.trimmed(2).substring(PANE + "10:15 bob: ".length()));
        String stream = h.terminal.cellStream();
        assertTrue(java.util.regex.Pattern.compile(opening(url) + java.util.regex.Pattern.quote(url)
                + "\033\\]8;;\033\\\\").matcher(stream).find(), "opened once, closed right after: "
                + stream.replace("\033", "ESC"));
    }

    @Test
    void aWrappedAddressIsOneLinkOnBothRows() {
        Harness h = bobOpen(Links.ON);
        String url = "https://example.org/" + "abcdefghij".repeat(5);
        h.chat.receive(BOB, url);
        h.settle();
        String head = h.trimmed(2).substring(PANE + "10:15 bob: ".length());
        String tail = h.trimmed(3).substring(PANE).strip();
        assertEquals(url, head + tail, h.dump());
        String first = h.terminal.linkAt(PANE + "10:15 bob: ".length(), 2);
        String last = h.terminal.linkAt(h.columnOf(3, tail) + tail.length() - 1, 3);
        assertNotNull(first);
        assertEquals(first, last, "the same id and target: the terminal treats both rows as one link");
    }

    @Test
    void anAddressPartlyScrolledOutOfViewIsNoLink() {
        Harness h = bobOpen(Links.ON);
        String url = "https://example.org/" + "abcdefghij".repeat(5);
        h.chat.receive(BOB, url);
        h.settle();
        String tail = h.trimmed(3).substring(PANE).strip();
        int tailRow = 3;
        assertNotNull(h.terminal.linkAt(h.columnOf(tailRow, tail), tailRow), "all in view: a link");
        int n = 0;
        while (h.rowOf("10:15 bob: https://") >= 0) { // until the first row of the address is scrolled away
            h.chat.receive(BOB, "line " + n++);
            h.settle();
            assertTrue(n < 100, h.dump());
        }
        tailRow = h.rowOf(tail);
        assertEquals(2, tailRow, "its second row is the pane's first:\n" + h.dump());
        for (int i = 0; i < tail.length(); i++) {
            assertNull(h.terminal.linkAt(h.columnOf(tailRow, tail) + i, tailRow),
                    "what shows is not all of the target: plain text");
        }
    }

    @Test
    void whenLinksAreOffOrUnknownAddressesArePlainText() {
        for (Links l : List.of(Links.OFF, Links.AUTO)) { // the harness's environment is empty: no known terminal
            Harness h = bobOpen(l);
            h.chat.receive(BOB, "see https://example.org/a");
            h.settle();
            int col = h.columnOf(2, "https://");
            assertNull(h.terminal.linkAt(col, 2));
            assertFalse(h.terminal.cellStream().contains("\033]8;"), l.toString());
            assertFalse(h.at(col, 2).getModifiers().contains(com.googlecode.lanterna.SGR.UNDERLINE), "not underlined");
            assertTrue(h.trimmed(2).endsWith("see https://example.org/a"));
        }
    }

    @Test
    void aSearchHitInAnAddressKeepsTheLink() {
        Harness h = bobOpen(Links.ON);
        h.chat.receive(BOB, "see https://example.org/a");
        h.settle();
        h.enter("/search example");
        int col = h.columnOf(2, "example.org");
        assertTrue(h.at(col, 2).getModifiers().contains(com.googlecode.lanterna.SGR.REVERSE), "highlighted");
        assertNotNull(h.terminal.linkAt(col, 2), "and still a link");
    }

    // ---- the cells as a terminal gets them

    @Test
    void theWriterOpensALinkOnceForARunOfItsCellsAndClosesItBeforeAnythingElse() {
        Link a = new Link("https://a.example", "1");
        Link b = new Link("https://b.example", "2");
        Hyperlink.Writer w = new Hyperlink.Writer();
        StringBuilder out = new StringBuilder();
        for (String cell : List.of(Hyperlink.cell(a, "h"), Hyperlink.cell(a, "t"), Hyperlink.cell(b, "x"), " ")) {
            Hyperlink.Writer.Out o = w.cell(cell);
            out.append(o.control()).append(o.text());
        }
        out.append(w.close());
        assertEquals("\033]8;id=1;https://a.example\033\\ht\033]8;;\033\\\033]8;id=2;https://b.example\033\\x"
                + "\033]8;;\033\\ ", out.toString());
        assertEquals("", w.close(), "nothing open: nothing to close");
    }

    @Test
    void aLinkDrawnOverOrCutAtTheEdgeIsPlainText() {
        com.googlecode.lanterna.graphics.TextImage image = new com.googlecode.lanterna.graphics.BasicTextImage(40, 3);
        com.googlecode.lanterna.graphics.TextGraphics g = image.newTextGraphics();
        Canvas canvas = new Canvas();
        canvas.links(true);
        Link whole = new Link("https://a.example", "1");
        Link over = new Link("https://b.example", "2");
        Link cut = new Link("https://c.example", "3");
        canvas.target(g);
        canvas.put(0, 0, Glyph.of(whole, Style.NORMAL), 40);
        canvas.put(0, 1, Glyph.of(over, Style.NORMAL), 40);
        canvas.put(5, 1, "X", Style.NORMAL, 40); // something else drawn over one of its cells
        canvas.put(30, 2, Glyph.of(cut, Style.NORMAL), 40); // only 10 of its 17 cells fit
        canvas.finish();
        assertTrue(image.getCharacterAt(0, 0) instanceof LinkCharacter);
        assertTrue(image.getCharacterAt(16, 0) instanceof LinkCharacter);
        for (int col = 0; col < 17; col++) {
            assertFalse(image.getCharacterAt(col, 1) instanceof LinkCharacter, "drawn over: no link at " + col);
        }
        for (int col = 30; col < 40; col++) {
            assertFalse(image.getCharacterAt(col, 2) instanceof LinkCharacter, "cut: no link at " + col);
        }
        assertEquals("X", image.getCharacterAt(5, 1).getCharacterString());
    }
}
