package dev.parley.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeysTest {
    private static final String BOB = FakeChat.fp("BOBfp123");
    private static final String CARL = FakeChat.fp("CARLfp12");
    private static final String DAVE = FakeChat.fp("DAVEfp12");

    /** bob and carl online, dave offline: the list reads bob, carl, dave. */
    private static Harness three() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("DAVEfp12", "dave", PeerState.OFFLINE, Trust.KNOWN));
        return h.start();
    }

    private static String title(Harness h) {
        return h.row(1).substring(22).stripTrailing();
    }

    private static String input(Harness h) {
        return h.trimmed(22);
    }

    private static int selectedRow(Harness h) {
        for (int row = 1; row <= 20; row++) {
            if (h.at(3, row).isReversed()) {
                return row;
            }
        }
        return -1;
    }

    private static TerminalPosition cursor(Harness h) {
        return h.terminal.getCursorPosition();
    }

    @Test
    void upAndDownMoveTheSelectionWithinTheList() {
        Harness h = three();
        assertEquals(1, selectedRow(h));
        h.key(KeyType.ArrowDown);
        assertEquals(2, selectedRow(h));
        for (int i = 0; i < 5; i++) {
            h.key(KeyType.ArrowDown);
        }
        assertEquals(3, selectedRow(h));
        for (int i = 0; i < 5; i++) {
            h.key(KeyType.ArrowUp);
        }
        assertEquals(1, selectedRow(h));
        assertEquals("Parley · status", title(h), "moving the selection does not open anything");
    }

    @Test
    void enterOpensTheSelectedConversationAndFocusesTheInput() {
        Harness h = three();
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter);
        assertEquals("carl CARLfp12 · online · known", title(h));
        assertEquals("carl>", input(h));
        assertEquals(" " + Renderer.FOOTER_INPUT, h.trimmed(23));
        assertTrue(h.terminal.isCursorVisible());
        assertEquals(new TerminalPosition(6, 22), cursor(h));
    }

    @Test
    void tabSwitchesFocusBetweenListAndInput() {
        Harness h = three();
        assertFalse(h.terminal.isCursorVisible(), "no cursor while the list has focus");
        h.key(KeyType.Tab);
        assertEquals(" " + Renderer.FOOTER_INPUT, h.trimmed(23));
        assertTrue(h.terminal.isCursorVisible());
        assertEquals(-1, selectedRow(h));
        h.key(KeyType.Tab);
        assertEquals(" " + Renderer.FOOTER_LIST, h.trimmed(23));
        assertEquals(1, selectedRow(h));
    }

    @Test
    void escGoesBackToTheListThenToTheStatusView() {
        Harness h = three();
        h.key(KeyType.Enter);
        assertEquals("bob>", input(h));
        h.key(KeyType.Escape);
        assertEquals(" " + Renderer.FOOTER_LIST, h.trimmed(23));
        assertTrue(title(h).startsWith("bob "), "the conversation stays open");
        h.key(KeyType.Escape);
        assertEquals("Parley · status", title(h));
        assertEquals(">", input(h));
    }

    @Test
    void ctrlNAndAltNOpenTheNextConversationWithUnreadMessages() {
        Harness h = three();
        h.chat.receive(BOB, "1");
        h.chat.receive(DAVE, "2");
        h.settle();
        h.ctrl('n');
        assertTrue(title(h).startsWith("bob "), title(h));
        h.alt('n');
        assertTrue(title(h).startsWith("dave "), title(h));
        h.alt('n');
        assertTrue(title(h).startsWith("dave "), "nothing unread left");
        assertTrue(h.row(21).contains(" no unread messages "), h.row(21));
    }

    @Test
    void ctrlPAndAltPOpenThePreviousConversationWithUnreadMessages() {
        Harness h = three();
        h.key(KeyType.ArrowDown);
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter); // dave
        h.chat.receive(BOB, "1");
        h.chat.receive(CARL, "2");
        h.settle();
        h.alt('p');
        assertTrue(title(h).startsWith("carl "), title(h));
        h.ctrl('p');
        assertTrue(title(h).startsWith("bob "), title(h));
    }

    @Test
    void f1AndHelpShowTheHelpAndEscOrF1CloseIt() {
        Harness h = three();
        h.key(KeyType.F1);
        assertEquals("Help · Esc or F1 closes", title(h));
        assertEquals("Keys", h.row(2).substring(22).stripTrailing());
        assertEquals(" " + Renderer.FOOTER_HELP, h.trimmed(23));
        h.key(KeyType.F1);
        assertEquals("Parley · status", title(h));
        h.key(KeyType.Tab);
        h.enter("/help");
        assertEquals("Help · Esc or F1 closes", title(h));
        h.key(KeyType.Escape);
        assertEquals("Parley · status", title(h));
        assertEquals(" " + Renderer.FOOTER_INPUT, h.trimmed(23), "Esc closed the help, not the input");
    }

    @Test
    void ctrlLRedrawsWhatADeltaRefreshWouldNotRepair() {
        Harness h = three();
        h.terminal.setCursorPosition(40, 10);
        h.terminal.putCharacter('X'); // something else scribbled on the terminal
        h.key(KeyType.ArrowDown);
        assertEquals("X", h.charAt(40, 10), "a delta refresh only rewrites what changed on the screen");
        h.ctrl('l');
        assertEquals(" ", h.charAt(40, 10));
        assertEquals(2, selectedRow(h));
    }

    @Test
    void aDoubleSlashSendsTheTextWithOneSlashInsteadOfRunningACommand() {
        Harness h = three();
        h.key(KeyType.Enter);
        h.enter("//away is a command, this is not");
        assertEquals(1, h.chat.sent.size(), "sent, not run");
        assertEquals("/away is a command, this is not", h.chat.sent.get(0).text());
        h.enter("/peers");
        assertEquals(1, h.chat.sent.size(), "a single slash is still a command");
    }

    @Test
    void ctrlCLeavesAtOnceWhenEverythingIsDelivered() {
        Harness h = three();
        assertFalse(h.ctrl('c'));
    }

    @Test
    void ctrlCAsksOnceWhileMessagesAreUndelivered() {
        Harness h = three();
        h.key(KeyType.Enter);
        h.enter("one");
        h.chat.undelivered(h.chat.sent.get(0));
        assertTrue(h.ctrl('c'));
        assertTrue(h.row(21).contains(" 1 message undelivered; press Ctrl-C again or /quit to leave "), h.row(21));
        assertEquals(" " + Renderer.FOOTER_QUIT, h.trimmed(23));
        assertFalse(h.ctrl('c'));
    }

    @Test
    void slashQuitAnswersTheQuestionToo() {
        Harness h = three();
        h.key(KeyType.Enter);
        h.enter("one");
        h.enter("two");
        h.chat.undelivered(h.chat.sent.get(0), h.chat.sent.get(1));
        assertTrue(h.enter("/quit"));
        assertTrue(h.row(21).contains(" 2 messages undelivered; press Ctrl-C again or /quit to leave "));
        assertFalse(h.enter("/quit"));
    }

    @Test
    void escOrSendingSomethingElseMeansStay() {
        Harness h = three();
        h.key(KeyType.Enter);
        h.enter("one");
        h.chat.undelivered(h.chat.sent.get(0));
        h.ctrl('c');
        h.key(KeyType.Escape);
        assertFalse(h.row(21).contains("undelivered"));
        assertTrue(h.ctrl('c'), "asks again rather than leaving");
        assertTrue(h.enter("never mind"));
        assertFalse(h.row(21).contains("undelivered"));
        assertTrue(h.ctrl('c'), "asks again");
    }

    @Test
    void endOfInputLeaves() {
        Harness h = three();
        assertFalse(h.key(KeyType.EOF));
    }

    @Test
    void homeAndEndInTheListScrollTheConversation() {
        Harness h = three();
        for (int i = 0; i < 30; i++) {
            h.chat.receive(BOB, "line " + i);
        }
        h.settle();
        h.key(KeyType.Enter);
        h.key(KeyType.Escape);
        assertTrue(h.row(2).substring(22).startsWith("── unread"), "opened at the rule: " + h.row(2));
        h.key(KeyType.End);
        assertEquals("10:15 bob: line 29", h.row(20).substring(22).stripTrailing());
        h.key(KeyType.Home);
        assertTrue(h.row(2).substring(22).startsWith("── unread"), h.row(2));
        assertEquals("10:15 bob: line 0", h.row(3).substring(22).stripTrailing());
        h.key(KeyType.End);
        assertEquals("10:15 bob: line 29", h.row(20).substring(22).stripTrailing());
    }

    @Test
    void ctrlHomeAndCtrlEndScrollFromTheInput() {
        Harness h = three();
        h.key(KeyType.Enter);
        for (int i = 0; i < 30; i++) {
            h.chat.receive(BOB, "line " + i);
        }
        h.settle();
        h.keys(new KeyStroke(KeyType.Home, true, false));
        assertEquals("10:15 bob: line 0", h.row(2).substring(22).stripTrailing());
        h.keys(new KeyStroke(KeyType.End, true, false));
        assertEquals("10:15 bob: line 29", h.row(20).substring(22).stripTrailing());
    }

    @Test
    void inputEditingKeys() {
        Harness h = three();
        h.key(KeyType.Enter);
        h.type("hello world");
        assertEquals("bob> hello world", input(h));
        assertEquals(new TerminalPosition(16, 22), cursor(h));
        h.key(KeyType.Home);
        assertEquals(new TerminalPosition(5, 22), cursor(h));
        h.key(KeyType.Delete);
        assertEquals("bob> ello world", input(h));
        h.key(KeyType.End);
        h.key(KeyType.Backspace);
        assertEquals("bob> ello worl", input(h));
        h.key(KeyType.ArrowLeft);
        h.key(KeyType.ArrowLeft);
        h.type("X");
        assertEquals("bob> ello woXrl", input(h));
        assertEquals(new TerminalPosition(13, 22), cursor(h));
        h.key(KeyType.ArrowRight);
        h.ctrl('w');
        assertEquals("bob> ello l", input(h));
        h.ctrl('a');
        assertEquals(new TerminalPosition(5, 22), cursor(h));
        h.ctrl('e');
        h.key(KeyType.ArrowLeft);
        h.ctrl('u');
        assertEquals("bob> l", input(h));
        assertEquals(new TerminalPosition(5, 22), cursor(h));
    }

    @Test
    void upAndDownInTheInputWalkTheHistory() {
        Harness h = three();
        h.key(KeyType.Enter);
        h.enter("first");
        h.enter("second");
        h.type("draft");
        h.key(KeyType.ArrowUp);
        assertEquals("bob> second", input(h));
        h.key(KeyType.ArrowUp);
        assertEquals("bob> first", input(h));
        h.key(KeyType.ArrowDown);
        assertEquals("bob> second", input(h));
        h.key(KeyType.ArrowDown);
        assertEquals("bob> draft", input(h));
    }

    @Test
    void wideCharactersInTheInputMoveTheCursorByTwoColumns() {
        Harness h = three();
        h.key(KeyType.Enter);
        h.type("日本👍");
        assertEquals("bob> 日本👍", input(h));
        assertEquals(new TerminalPosition(11, 22), cursor(h));
        h.key(KeyType.ArrowLeft);
        assertEquals(new TerminalPosition(9, 22), cursor(h));
        h.key(KeyType.Backspace);
        assertEquals("bob> 日👍", input(h));
    }

    @Test
    void aLongInputWrapsOntoUpToFourRowsThenScrollsSoTheCursorStaysVisible() {
        Harness h = three();
        h.key(KeyType.Enter);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            b.append((char) ('a' + i % 26));
        }
        h.type(b.toString());
        assertEquals("bob> " + b.substring(0, 75), h.row(21), h.dump());
        assertEquals("     " + b.substring(75), h.trimmed(22));
        assertEquals(new TerminalPosition(30, 22), cursor(h));
        assertTrue(h.row(20).startsWith("────"), "the rule moved up to make room");
        h.type(b.toString().repeat(3)); // 400 characters: six rows, four shown
        assertEquals(new TerminalPosition(5 + 400 - 5 * 75, 22), cursor(h));
        assertTrue(h.row(18).startsWith("────"), h.dump());
        h.key(KeyType.Home);
        assertEquals(new TerminalPosition(5, 19), cursor(h));
        assertEquals("bob> " + b.substring(0, 75), h.row(19));
    }

    @Test
    void typingTellsThePeerButCommandsDoNot() {
        Harness h = three();
        h.key(KeyType.Enter);
        h.type("h");
        assertEquals("typing " + BOB, h.chat.calls.get(h.chat.calls.size() - 1));
        int calls = h.chat.calls.size();
        h.key(KeyType.Backspace);
        h.type("/pe");
        assertEquals(calls, h.chat.calls.size());
    }

    @Test
    void withTheTypingSettingOffPeersAreNotToldWeType() {
        Harness h = new Harness(80, 24, new FakeChat("alice", Harness.ALICE_FP),
                new UiOptions("10.0.0.1", 7447, false, true, false));
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        h.key(KeyType.Enter);
        h.enter("hello");
        assertEquals(List.of(), h.chat.calls.stream().filter(c -> c.startsWith("typing")).toList());
        assertEquals("hello", h.chat.sent.get(0).text(), "the message itself still goes");
    }

    @Test
    void typingWhileTheListHasFocusStartsTheInput() {
        Harness h = three();
        h.type("/he");
        assertEquals("> /he", input(h));
        assertEquals(" " + Renderer.FOOTER_INPUT, h.trimmed(23));
    }

    @Test
    void altAndADigitOpensThatConversationOfTheList() {
        Harness h = three();
        h.alt('3');
        assertEquals("dave DAVEfp12 · offline · known", title(h));
        h.alt('2');
        assertEquals("carl CARLfp12 · online · known", title(h));
        h.alt('9');
        assertTrue(h.dump().contains("no conversation 9 in the list"), h.dump());
    }

    @Test
    void theWindowTitleCountsUnreadMessages() {
        assertEquals("Parley", FullScreenUi.titleText(0));
        assertEquals("Parley (3)", FullScreenUi.titleText(3));
    }
}
