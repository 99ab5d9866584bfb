package dev.parley.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BellTest {
    private static final String BOB = FakeChat.fp("BOBfp123");
    private static final String CARL = FakeChat.fp("CARLfp12");

    private static Harness bobOpen(boolean bell) {
        FakeChat chat = new FakeChat("alice", Harness.ALICE_FP);
        chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        Harness h = new Harness(80, 24, chat, bell).start();
        h.key(KeyType.Enter);
        return h;
    }

    @Test
    void aMessageForAnotherConversationCountsAsUnreadAndRingsOnce() {
        Harness h = bobOpen(true);
        h.chat.receive(CARL, "psst");
        h.settle();
        assertEquals(1, h.bells);
        assertEquals(" ● carl           1 │", h.row(2).substring(0, 21));
        h.chat.receive(CARL, "again");
        h.settle();
        assertEquals(1, h.bells, "not again while carl's conversation is still unread");
        assertEquals(" ● carl           2 │", h.row(2).substring(0, 21));
    }

    @Test
    void onceReadTheNextMessageRingsAgain() {
        Harness h = bobOpen(true);
        h.chat.receive(CARL, "psst");
        h.settle();
        h.key(KeyType.Escape);
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter); // carl read
        h.key(KeyType.Escape);
        h.key(KeyType.ArrowUp);
        h.key(KeyType.Enter); // back to bob
        h.clock.advance(java.time.Duration.ofSeconds(2)); // notifications come at most once a second
        h.chat.receive(CARL, "again");
        h.settle();
        assertEquals(2, h.bells);
    }

    @Test
    void twentyMessagesArrivingOneByOneRingOnce() {
        Harness h = bobOpen(true);
        for (int i = 0; i < 20; i++) {
            h.chat.receive(CARL, "one by one " + i);
            h.settle();
        }
        assertEquals(1, h.bells);
        assertEquals(" ● carl          20 │", h.row(2).substring(0, 21));
    }

    @Test
    void theOpenConversationNeverRings() {
        Harness h = bobOpen(true);
        h.chat.receive(BOB, "hi");
        h.settle();
        assertEquals(0, h.bells);
        assertEquals(" ● bob              │", h.row(1).substring(0, 21));
    }

    @Test
    void ourOwnMessagesNeverRing() {
        Harness h = bobOpen(true);
        h.enter("/msg carl hello");
        assertEquals(0, h.bells);
    }

    @Test
    void aBurstRingsOnceNotOncePerMessage() {
        Harness h = bobOpen(true);
        for (int i = 0; i < 5; i++) {
            h.chat.receive(CARL, "burst " + i);
        }
        h.settle();
        assertEquals(1, h.bells);
        assertEquals(" ● carl           5 │", h.row(2).substring(0, 21));
    }

    @Test
    void openingTheConversationClearsItsCount() {
        Harness h = bobOpen(true);
        h.chat.receive(CARL, "psst");
        h.settle();
        h.key(KeyType.Escape);
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter);
        assertEquals(" ● carl             │", h.row(2).substring(0, 21));
    }

    @Test
    void theSettingTurnsTheBellOffButNotTheCount() {
        Harness h = bobOpen(false);
        h.chat.receive(CARL, "psst");
        h.settle();
        assertEquals(0, h.bells);
        assertEquals(" ● carl           1 │", h.row(2).substring(0, 21));
    }

    @Test
    void withoutAnInjectedBellTheTerminalRings() throws IOException {
        FakeChat chat = new FakeChat("alice", Harness.ALICE_FP);
        chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(80, 24));
        AtomicInteger rings = new AtomicInteger();
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() { }

            @Override
            public void onBell() {
                rings.incrementAndGet();
            }

            @Override
            public void onClose() { }

            @Override
            public void onResized(Terminal t, TerminalSize size) { }
        });
        FullScreenUi ui = new FullScreenUi(chat, new UiOptions("10.0.0.1", 7447, false, true, true));
        ui.start(new TerminalScreen(terminal));
        chat.receive(BOB, "ring");
        ui.processPending();
        assertEquals(1, rings.get());
        ui.stop();
    }
}
