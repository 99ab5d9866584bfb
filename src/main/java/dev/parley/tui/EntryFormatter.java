package dev.parley.tui;

import dev.parley.chat.ChatMessage;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an entry into glyphs and a hanging indent: {@code HH:MM nick: text} for messages (ours with a
 * delivery mark), {@code HH:MM -- text --} for notices, {@code ── text ──} (a rule, no time) for the line
 * that stands for dropped entries. Stateless apart from the zone; thread-safe.
 */
final class EntryFormatter {
    /** Nicknames in the conversation pane are cut to this many columns. */
    static final int NICK_COLUMNS = 16;
    private static final int NOTICE_INDENT = 6;

    /** A formatted entry: its glyphs and the indent of its continuation rows. */
    record Formatted(List<Glyph> glyphs, int indent) {}

    private final DateTimeFormatter hhmm;

    EntryFormatter(ZoneId zone) {
        this.hhmm = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
    }

    Formatted format(Entry e) {
        return switch (e.kind()) {
            case MESSAGE -> message(e.message());
            case SYSTEM -> notice(e, "-- " + e.text() + " --", Style.DIM);
            case ERROR -> notice(e, "! " + e.text(), Style.ERROR);
            case WARNING -> notice(e, "!! " + e.text(), Style.ALERT);
            case PLAIN -> plain(e.text());
            case DROPPED -> new Formatted(Glyph.of("── " + e.text() + " ──", Style.DIM), NOTICE_INDENT);
        };
    }

    private Formatted message(ChatMessage m) {
        List<Glyph> out = new ArrayList<>(Glyph.of(hhmm.format(m.time()) + " ", Style.DIM));
        String author = m.author() == null || m.author().isBlank() ? "?" : m.author();
        out.addAll(Glyph.of(DisplayText.fit(author, NICK_COLUMNS), m.outgoing() ? Style.OURS : Style.THEIRS));
        out.addAll(Glyph.of(": ", Style.NORMAL));
        int indent = Glyph.width(out);
        out.addAll(text(m.text(), Style.NORMAL));
        if (m.outgoing()) {
            out.add(new Glyph(" ", 1, Style.NORMAL));
            out.addAll(mark(m));
        }
        return new Formatted(out, indent);
    }

    private static List<Glyph> mark(ChatMessage m) {
        return switch (m.status()) {
            case QUEUED -> Glyph.of("…", Style.PENDING);
            case SENT -> Glyph.of("✓", Style.DIM);
            case DELIVERED -> Glyph.of("✓✓", Style.GOOD);
            case FAILED -> Glyph.of("✗", Style.ALERT);
        };
    }

    private Formatted notice(Entry e, String text, Style style) {
        List<Glyph> out = new ArrayList<>(Glyph.of(hhmm.format(e.time()) + " ", Style.DIM));
        out.addAll(text(text, style));
        return new Formatted(out, NOTICE_INDENT);
    }

    /** Help-style text: continuation rows line up after the first run of two spaces, if there is one. */
    private static Formatted plain(String text) {
        int lead = 0;
        while (lead < text.length() && text.charAt(lead) == ' ') {
            lead++;
        }
        int gap = text.indexOf("  ", lead);
        int indent = lead + 2;
        if (gap >= 0) {
            int col = gap;
            while (col < text.length() && text.charAt(col) == ' ') {
                col++;
            }
            indent = DisplayText.width(text.substring(0, col));
        }
        return new Formatted(text(text, Style.NORMAL), indent);
    }

    /** Text with its line breaks kept as {@link Glyph#BREAK}. */
    private static List<Glyph> text(String text, Style style) {
        List<Glyph> out = new ArrayList<>();
        String[] lines = text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.add(Glyph.BREAK);
            }
            out.addAll(Glyph.of(lines[i], style));
        }
        return out;
    }
}
