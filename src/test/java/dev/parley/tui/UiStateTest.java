package dev.parley.tui;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UiStateTest {
    private static Entry line() {
        return Entry.line(Entry.Kind.SYSTEM, Instant.EPOCH, "x");
    }

    @Test
    void aMessageForAClosedConversationIsUnreadAndMarksWhereUnreadBegins() {
        UiState s = new UiState();
        Entry first = line();
        assertTrue(s.arrived("bob", first));
        assertFalse(s.arrived("bob", line()), "only the first unread message rings");
        assertEquals(2, s.unread("bob"));
        assertSame(first, s.unreadMarker("bob"));
    }

    @Test
    void theOpenConversationHasNoUnread() {
        UiState s = new UiState();
        s.open("bob");
        assertFalse(s.arrived("bob", line()));
        assertEquals(0, s.unread("bob"));
        assertNull(s.unreadMarker("bob"));
    }

    @Test
    void openingClearsTheCountKeepsTheMarkerAndLeavingDropsIt() {
        UiState s = new UiState();
        Entry first = line();
        s.arrived("bob", first);
        s.open("bob");
        assertEquals(0, s.unread("bob"));
        assertSame(first, s.unreadMarker("bob"));
        assertEquals("bob", s.selected(), "the list cursor follows the open conversation");
        s.open("carl");
        assertNull(s.unreadMarker("bob"));
    }

    @Test
    void theViewIsTheHelpThenTheOpenConversationThenTheStatusView() {
        UiState s = new UiState();
        assertEquals(UiState.CONSOLE, s.viewKey());
        s.open("bob");
        assertEquals("bob", s.viewKey());
        s.helpVisible(true);
        assertEquals(UiState.HELP, s.viewKey());
        s.open("carl");
        assertFalse(s.helpVisible(), "opening a conversation closes the help");
    }

    @Test
    void theQuitQuestionCountsUndeliveredMessages() {
        UiState s = new UiState();
        assertNull(s.quitQuestion());
        s.askQuit(1);
        assertEquals("1 message undelivered; press Ctrl-C again or /quit to leave", s.quitQuestion());
        s.askQuit(3);
        assertEquals("3 messages undelivered; press Ctrl-C again or /quit to leave", s.quitQuestion());
        s.cancelQuit();
        assertFalse(s.quitPending());
    }
}
