package dev.parley.tui;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 17 (7): theme = dark | light | none, and NO_COLOR. */
class ThemeTest {
    private static final String BOB = FakeChat.fp("BOBfp123");

    private static Harness with(Theme theme) {
        FakeChat chat = new FakeChat("alice", Harness.ALICE_FP);
        chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        Harness h = new Harness(80, 24, chat,
                new UiOptions("10.0.0.1", 7447, true, true, true, Notify.BELL, false, theme)).start();
        h.key(KeyType.Enter);
        h.chat.receive(BOB, "hi");
        h.settle();
        return h;
    }

    private static TextColor nickColour(Harness h) {
        int col = h.columnOf(2, "bob: hi");
        return h.at(col, 2).getForegroundColor();
    }

    @Test
    void darkIsTheStylesOwnColours() {
        assertEquals(TextColor.ANSI.GREEN, nickColour(with(Theme.DARK)));
    }

    @Test
    void noneHasNoColourButKeepsBold() {
        Harness h = with(Theme.NONE);
        assertEquals(TextColor.ANSI.DEFAULT, nickColour(h));
        assertTrue(h.at(h.columnOf(2, "bob: hi"), 2).isBold());
        for (int row = 0; row < h.rows(); row++) {
            for (int col = 0; col < h.columns(); col++) {
                assertEquals(TextColor.ANSI.DEFAULT, h.at(col, row).getForegroundColor(), row + "," + col);
            }
        }
    }

    @Test
    void lightSwapsWhatALightBackgroundWashesOut() {
        assertEquals(TextColor.ANSI.MAGENTA, Canvas.themed(Style.PENDING, Theme.LIGHT).foreground());
        assertEquals(TextColor.ANSI.BLUE, Canvas.themed(Style.OURS, Theme.LIGHT).foreground());
        assertEquals(TextColor.ANSI.BLACK, Canvas.themed(Style.DIM, Theme.LIGHT).foreground());
    }
}
