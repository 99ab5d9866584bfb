package dev.parley.tui;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 17 (4): notifications through the terminal, wrapped for tmux and screen, without the text by default. */
class NotifierTest {
    private final List<String> written = new ArrayList<>();
    private final AtomicInteger bells = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();

    private Notifier notifier(Notify kind, boolean content, Map<String, String> env) {
        return new Notifier(kind, content, env, written::add, bells::incrementAndGet, now::get);
    }

    @Test
    void theKindIsDetectedFromTheTerminal() {
        assertEquals(Notify.OSC99, Notify.detect(Map.of("TERM", "xterm-kitty")));
        assertEquals(Notify.OSC9, Notify.detect(Map.of("TERM_PROGRAM", "iTerm.app")));
        assertEquals(Notify.OSC9, Notify.detect(Map.of("TERM_PROGRAM", "WezTerm")));
        assertEquals(Notify.OSC777, Notify.detect(Map.of("TERM", "foot")));
        assertEquals(Notify.OSC777, Notify.detect(Map.of("TERM", "xterm-256color", "VTE_VERSION", "7200")));
        assertEquals(Notify.BELL, Notify.detect(Map.of("TERM", "xterm-256color")));
        assertEquals(Notify.BELL, Notify.detect(Map.of()));
    }

    @Test
    void byDefaultOnlyWhoWroteNotTheText() {
        notifier(Notify.OSC9, false, Map.of()).message("bob", "my secret");
        assertEquals(List.of("\033]9;Parley: message from bob\007"), written);
        assertFalse(written.get(0).contains("secret"));
    }

    @Test
    void notifyContentIncludesTheTextCleanedOfControlCharacters() {
        notifier(Notify.OSC777, true, Map.of()).message("bob", "hi\007\033]0;pwned\007 there; ok");
        assertEquals(List.of("\033]777;notify;Parley;bob: hi]0,pwned there, ok\007"), written);
    }

    @Test
    void kittysOsc99HasATitleAndABody() {
        notifier(Notify.OSC99, false, Map.of()).message("bob", "x");
        assertEquals(List.of("\033]99;i=parley:d=0;Parley\033\\\033]99;i=parley:d=1:p=body;message from bob\033\\"),
                written);
    }

    @Test
    void insideTmuxTheSequenceIsWrappedForPassthroughAndInsideScreenForScreen() {
        notifier(Notify.OSC9, false, Map.of("TMUX", "/tmp/tmux-0/default,1,0")).message("bob", "x");
        notifier(Notify.OSC9, false, Map.of("STY", "1.pts")).message("carl", "x");
        now.addAndGet(Notifier.MIN_INTERVAL_NANOS);
        assertEquals("\033Ptmux;\033\033]9;Parley: message from bob\007\033\\", written.get(0));
        assertEquals("\033P\033]9;Parley: message from carl\007\033\\", written.get(1));
    }

    @Test
    void theBellKindRingsTheBellAndOffDoesNothing() {
        notifier(Notify.BELL, false, Map.of()).message("bob", "x");
        notifier(Notify.OFF, false, Map.of()).message("bob", "x");
        assertEquals(1, bells.get());
        assertTrue(written.isEmpty());
    }

    @Test
    void atMostOneASecond() {
        Notifier n = notifier(Notify.OSC9, false, Map.of());
        n.message("bob", "1");
        n.message("carl", "2");
        assertEquals(1, written.size());
        now.addAndGet(Notifier.MIN_INTERVAL_NANOS);
        n.message("carl", "3");
        assertEquals(2, written.size());
    }
}
