package dev.parley.tui;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns "a message arrived for a conversation you are not reading" into what the terminal is sent: a bell,
 * or an OSC desktop notification wrapped for tmux ({@code ESC P tmux; … ESC \}, which tmux passes on when
 * {@code allow-passthrough} is on) or GNU screen. The text is "Parley: message from bob" unless
 * {@code notify_content} asks for the message itself; it is stripped of every control character, so a
 * peer's text cannot end the sequence and write to the terminal. At most one a second (the unread count
 * says the rest). UI thread only; not thread-safe.
 */
final class Notifier {
    static final long MIN_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
    /** Characters of a message's text a notification carries at most. */
    static final int MAX_TEXT = 120;

    private final Notify kind;
    private final boolean content;
    private final Consumer<String> terminal;
    private final Runnable bell;
    private final LongSupplier nanoTime;
    private final String wrapStart;
    private final String wrapEnd;
    private long last = Long.MIN_VALUE;

    Notifier(Notify kind, boolean content, Map<String, String> env, Consumer<String> terminal, Runnable bell,
             LongSupplier nanoTime) {
        this.kind = kind == Notify.AUTO ? Notify.detect(env) : kind;
        this.content = content;
        this.terminal = terminal;
        this.bell = bell;
        this.nanoTime = nanoTime;
        if (env.containsKey("TMUX")) {
            wrapStart = "\033Ptmux;";
            wrapEnd = "\033\\";
        } else if (env.containsKey("STY") || env.getOrDefault("TERM", "").startsWith("screen")) {
            wrapStart = "\033P";
            wrapEnd = "\033\\";
        } else {
            wrapStart = null;
            wrapEnd = null;
        }
    }

    Notify kind() {
        return kind;
    }

    /** A message from {@code nick} arrived unread; {@code text} is shown only with notify_content. */
    void message(String nick, String text) {
        if (kind == Notify.OFF) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (last != Long.MIN_VALUE && now - last < MIN_INTERVAL_NANOS) {
            return;
        }
        last = now;
        if (kind == Notify.BELL) {
            bell.run();
            return;
        }
        String body = clean(content ? nick + ": " + cut(text) : "message from " + nick);
        terminal.accept(wrap(sequence(body)));
    }

    private String sequence(String body) {
        return switch (kind) {
            case OSC9 -> "\033]9;Parley: " + body + "\007";
            case OSC777 -> "\033]777;notify;Parley;" + body + "\007";
            case OSC99 -> "\033]99;i=parley:d=0;Parley\033\\" + "\033]99;i=parley:d=1:p=body;" + body + "\033\\";
            default -> "";
        };
    }

    private String wrap(String sequence) {
        if (wrapStart == null) {
            return sequence;
        }
        // tmux wants every ESC inside doubled; screen passes the string on as it is
        return wrapStart + (wrapStart.startsWith("\033Ptmux") ? sequence.replace("\033", "\033\033") : sequence)
                + wrapEnd;
    }

    private static String cut(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT) + "…";
    }

    /** No control characters (C0, DEL, C1), and no ';' (a field separator in OSC 777). */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (!Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT) {
                b.appendCodePoint(cp == ';' ? ',' : cp);
            }
        });
        return b.toString();
    }
}
