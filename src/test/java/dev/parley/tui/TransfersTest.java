package dev.parley.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.TransferInfo;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File transfers on the full-screen UI (a virtual terminal): a line per transfer in its conversation,
 * rewritten in place as it goes; offers answered from the conversation; the running count in the footer;
 * progress drawn at most twice a second.
 */
class TransfersTest {
    private static final String BOB = FakeChat.fp("BOBfp123");
    private static final long MB = 1_000_000;

    /** 120x24 (no wrapping of the lines under test) with bob online. */
    private static Harness withBob() {
        Harness h = new Harness(120, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.VERIFIED));
        h.start();
        return h;
    }

    private static String pane(Harness h, int row) {
        String r = h.row(row);
        int border = r.indexOf('│');
        return border < 0 ? "" : r.substring(border + 1).strip();
    }

    /** Rows of the pane that show a transfer's line (it must be on one row only: rewritten, not repeated). */
    private static List<Integer> rowsWith(Harness h, String text) {
        List<Integer> rows = new java.util.ArrayList<>();
        for (int r = 0; r < h.rows(); r++) {
            if (pane(h, r).contains(text)) {
                rows.add(r);
            }
        }
        return rows;
    }

    private static String footer(Harness h) {
        return h.trimmed(h.rows() - 1);
    }

    private static TransferInfo incoming(FakeChat.FakeTransfers t, String state, long bytes, long rate, Long eta,
                                         String reason, String savedTo) {
        return t.info(3, BOB, true, state, "q3.pdf", 100 * MB, bytes, rate, eta, reason, savedTo);
    }

    @Test
    void transfersSaysHowManyPartialFilesEarlierTransfersLeft() {
        Harness h = withBob();
        h.enter("/transfers");
        assertTrue(h.dump().lines().noneMatch(l -> l.contains("left by earlier")), "none left: " + h.dump());
        h.chat.transfers.leftovers = new dev.parley.chat.Transfers.Leftovers(2, 25_200_000);
        h.enter("/transfers");
        assertTrue(h.dump().contains("2 partial file(s) left by earlier transfers (25.2 MB): /transfers clean"),
                h.dump());
    }

    @Test
    void anIncomingOfferIsALineThatNamesAcceptAndDeclineAndCountsAsUnread() {
        Harness h = withBob();
        FakeChat.FakeTransfers t = h.chat.transfers;
        t.change(incoming(t, "offered", 0, 0, null, null, null));
        h.settle();
        assertEquals(1, h.bells, "an offer rings as a message does");
        assertTrue(h.row(1).contains("bob") && h.row(1).contains("1"), "bob's unread count: " + h.row(1));
        h.key(KeyType.Enter); // open bob
        List<Integer> rows = rowsWith(h, "#3 ⇣ q3.pdf");
        assertEquals(1, rows.size(), h.dump());
        assertEquals("09:05 #3 ⇣ q3.pdf (100 MB) offered · /accept 3 [DIR] or /decline 3", pane(h, rows.get(0)));
        assertFalse(footer(h).contains("transfer"), "an offer is not running yet: " + footer(h));

        h.enter("/accept 3");
        assertEquals("accept 3 null", h.chat.calls.get(h.chat.calls.size() - 1));
        h.enter("/decline 3");
        assertEquals("decline 3", h.chat.calls.get(h.chat.calls.size() - 1));
        assertTrue(h.dump().lines().noneMatch(l -> l.contains("! ")), "no error shown: " + h.dump());
    }

    @Test
    void theProgressLineIsRewrittenInPlaceAndTheFooterCountsRunningTransfers() {
        Harness h = withBob();
        FakeChat.FakeTransfers t = h.chat.transfers;
        h.key(KeyType.Enter);
        t.change(incoming(t, "offered", 0, 0, null, null, null));
        h.settle();
        int row = rowsWith(h, "#3 ⇣").get(0);
        t.change(incoming(t, "accepted", 0, 0, null, null, null));
        h.settle();
        assertEquals("09:05 #3 ⇣ q3.pdf 0 % accepted, connecting", pane(h, row));
        assertEquals(" ⇅ 1 transfer · " + Renderer.FOOTER_INPUT, footer(h));

        t.change(incoming(t, "active", 45 * MB, 12_300_000, 14L, null, null));
        h.settle();
        assertEquals("09:05 #3 ⇣ q3.pdf 45 % · 12.3 MB/s · 0:14 left", pane(h, row));
        assertEquals(List.of(row), rowsWith(h, "#3 ⇣"), "one line, rewritten in place");

        TransferInfo out = t.info(4, BOB, false, "active", "slides.tar", 10 * MB, 1 * MB, 2_000_000, 4500L, null, null);
        t.change(out);
        h.settle();
        assertEquals(" ⇅ 2 transfers · " + Renderer.FOOTER_INPUT, footer(h));
        int outRow = rowsWith(h, "#4 ⇡").get(0);
        assertEquals("09:05 #4 ⇡ slides.tar 10 % · 2.0 MB/s · 1:15:00 left", pane(h, outRow));

        t.change(incoming(t, "done", 100 * MB, 0, null, null, "/home/alice/Downloads/q3.pdf"));
        h.settle();
        assertEquals("09:05 #3 ⇣ q3.pdf ✓ saved to /home/alice/Downloads/q3.pdf", pane(h, row));
        assertEquals(com.googlecode.lanterna.TextColor.ANSI.GREEN, h.at(h.columnOf(row, "saved"), row).getForegroundColor());
        assertEquals(" ⇅ 1 transfer · " + Renderer.FOOTER_INPUT, footer(h));
        t.change(t.info(4, BOB, false, "failed", "slides.tar", 10 * MB, 1 * MB, 0, null, "write-error", null));
        h.settle();
        assertEquals("09:05 #4 ⇡ slides.tar ✗ failed: write-error", pane(h, outRow));
        assertEquals(com.googlecode.lanterna.TextColor.ANSI.RED, h.at(h.columnOf(outRow, "failed"), outRow).getForegroundColor());
        t.change(t.info(5, BOB, true, "active", "✗ ✓.bin", MB, 0, 0, null, null, null)); // marks in a name mean nothing
        h.settle();
        int named = rowsWith(h, "#5 ⇣").get(0);
        assertEquals(com.googlecode.lanterna.TextColor.ANSI.DEFAULT, h.at(h.columnOf(named, "✓.bin"), named).getForegroundColor());
        t.change(t.info(5, BOB, true, "cancelled", "✗ ✓.bin", MB, 0, 0, null, "cancelled by you", null));
        h.settle();
        assertEquals(" " + Renderer.FOOTER_INPUT, footer(h), "nothing runs: no count");
    }

    @Test
    void progressAloneIsDrawnAtMostTwiceASecond() {
        Harness h = withBob();
        FakeChat.FakeTransfers t = h.chat.transfers;
        h.key(KeyType.Enter);
        t.change(incoming(t, "active", 10 * MB, MB, 90L, null, null));
        h.settle();
        t.change(incoming(t, "active", 20 * MB, MB, 80L, null, null));
        h.settle();
        int row = rowsWith(h, "#3 ⇣").get(0);
        assertTrue(pane(h, row).contains("20 %"), pane(h, row));
        long draws = h.ui.draws();
        for (int p = 21; p <= 40; p++) { // many progress events (many transfers, say) in less than 500 ms
            t.change(incoming(t, "active", p * MB, MB, 100L - p, null, null));
            h.settle();
        }
        assertEquals(draws, h.ui.draws(), "no frame for progress within 500 ms of the last");
        assertTrue(pane(h, row).contains("20 %"), pane(h, row));
        h.clock.advance(Duration.ofMillis(500));
        h.settle();
        assertEquals(draws + 1, h.ui.draws());
        assertEquals("09:05 #3 ⇣ q3.pdf 40 % · 1.0 MB/s · 1:00 left", pane(h, row));

        t.change(incoming(t, "paused", 40 * MB, 0, null, "paused by you", null)); // a change of state: at once
        h.settle();
        assertEquals(draws + 2, h.ui.draws());
        assertEquals("09:05 #3 ⇣ q3.pdf 40 % paused: paused by you · /resume 3", pane(h, row));
    }

    @Test
    void sendInTheOpenConversationOffersToItsPeerAndShowsOneLine() {
        Harness h = withBob();
        h.key(KeyType.Enter);
        h.enter("/send \"/tmp/my report.pdf\"");
        assertEquals("send-files " + BOB + " [/tmp/my report.pdf]", h.chat.calls.get(h.chat.calls.size() - 1));
        assertEquals(1, rowsWith(h, "⇡ /tmp/my report.pdf").size(), h.dump());
        assertTrue(h.dump().contains("#1 ⇡ /tmp/my report.pdf (1.0 kB) offered, waiting for an answer · /cancel 1"),
                h.dump());

        h.key(KeyType.Escape);
        h.key(KeyType.Escape); // the status view: no conversation is open
        h.enter("/send /tmp/x");
        assertTrue(h.dump().contains("open a conversation first, or /send PEER PATH..."), h.dump());
        h.enter("/send bob /tmp/x");
        assertTrue(h.dump().contains("offered to bob: #2 ⇡ /tmp/x"), "a note where the user is: " + h.dump());
    }

    @Test
    void cancelWithDigitsStopsATransferAndWithANameGivesUpMessages() {
        Harness h = withBob();
        h.key(KeyType.Enter);
        h.enter("/cancel 3");
        assertEquals("cancel-transfer 3", h.chat.calls.get(h.chat.calls.size() - 1));
        h.enter("/cancel bob");
        assertEquals("cancel " + BOB, h.chat.calls.get(h.chat.calls.size() - 1));
    }

    @Test
    void aBareAcceptOrDeclineTakesTheOneOfferWaitingInTheOpenConversation() {
        Harness h = withBob();
        FakeChat.FakeTransfers t = h.chat.transfers;
        h.enter("/accept");
        assertTrue(h.dump().contains("usage: /accept ID, or /accept alone in the conversation of the offer"), h.dump());
        h.key(KeyType.Escape); // the list
        h.key(KeyType.Enter); // open bob
        h.enter("/accept");
        assertTrue(h.dump().contains("no offer waits in this conversation"), h.dump());
        t.change(incoming(t, "offered", 0, 0, null, null, null));
        h.settle();
        h.enter("/accept");
        assertEquals("accept 3 null", h.chat.calls.get(h.chat.calls.size() - 1));
        h.enter("/decline");
        assertEquals("decline 3", h.chat.calls.get(h.chat.calls.size() - 1));
        t.change(t.info(7, BOB, true, "offered", "b.bin", MB, 0, 0, null, null, null));
        t.change(t.info(8, BOB, false, "offered", "ours.bin", MB, 0, 0, null, null, null)); // ours: not an offer to us
        h.settle();
        int calls = h.chat.calls.size();
        h.enter("/accept");
        assertTrue(h.dump().contains("2 offers wait here: name one, /accept 3 or /accept 7"), h.dump());
        assertEquals(calls, h.chat.calls.size(), "nothing accepted");
    }

    @Test
    void theHelpExplainsTheTransferLinesAndTheCancelRule() {
        String help = String.join("\n", HelpText.lines());
        assertTrue(help.contains("transfers: ⇣ incoming  ⇡ outgoing"), help);
        assertTrue(help.contains("/cancel N             stop transfer N, either side: digits only (or a 32-hex id) name a transfer"),
                help);
        assertTrue(help.contains("/accept, /decline     (full-screen UI) the one offer waiting in the open conversation"),
                help);
    }

    @Test
    void transfersFromBeforeTheUiStartedAreShownOnce() {
        Harness h = new Harness(120, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.VERIFIED));
        FakeChat.FakeTransfers t = h.chat.transfers;
        t.change(incoming(t, "offered", 0, 0, null, null, null)); // queued for the UI, and in the engine's list
        t.change(incoming(t, "active", 50 * MB, MB, 50L, null, null));
        h.start();
        h.key(KeyType.Enter);
        assertEquals(1, rowsWith(h, "#3 ⇣").size(), h.dump());
        assertTrue(pane(h, rowsWith(h, "#3 ⇣").get(0)).endsWith("#3 ⇣ q3.pdf 50 % · 1.0 MB/s · 0:50 left"), h.dump());
        assertEquals(" ⇅ 1 transfer · " + Renderer.FOOTER_INPUT, footer(h));
    }
}
