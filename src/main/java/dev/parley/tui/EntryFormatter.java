package dev.parley.tui;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.Sanitizer;
import dev.parley.rooms.RoomMessage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an entry into glyphs and a hanging indent: {@code HH:MM nick: text} for messages (ours with a
 * delivery mark; in a room, with per-member counts: {@code ✓ 2/3}, {@code ✓✓ 3/3}), {@code HH:MM -- text --}
 * for notices, {@code ── text ──} (a rule, no time) for the line that stands for dropped entries and for a
 * room's messages that did not arrive. The web and mail addresses in a message's text are {@link Link}s,
 * each occurrence its own. Stateless apart from the zone and the links' numbering; thread-safe.
 */
final class EntryFormatter {
    /** Nicknames in the conversation pane are cut to this many columns. */
    static final int NICK_COLUMNS = 16;
    private static final int NOTICE_INDENT = 6;

    /** A formatted entry: its glyphs and the indent of its continuation rows. */
    record Formatted(List<Glyph> glyphs, int indent) {}

    /** A message that starts so is an action ({@code /me waves}): shown {@code * bob waves}. */
    static final String ME = "/me ";
    /** A message whose author wrote it more than this before it reached us says when it was written. */
    static final Duration LATE = Duration.ofMinutes(1);

    private final DateTimeFormatter hhmm;
    private final DateTimeFormatter dayMonthHhmm;
    private final DateTimeFormatter dayLine;
    private final ZoneId zone;
    /** Numbers the links, so that each occurrence has its own OSC 8 id. */
    private final java.util.concurrent.atomic.AtomicLong links = new java.util.concurrent.atomic.AtomicLong();

    EntryFormatter(ZoneId zone) {
        this.zone = zone;
        this.hhmm = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
        this.dayMonthHhmm = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH).withZone(zone);
        this.dayLine = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH);
    }

    /** The local day of an entry, or null for one without a time of its own (help, the dropped line). */
    LocalDate day(Entry e) {
        if (e.kind() == Entry.Kind.PLAIN || e.kind() == Entry.Kind.DROPPED) {
            return null;
        }
        return e.time().atZone(zone).toLocalDate();
    }

    /** The rule that stands where the day changes: {@code ── Thursday 3 December 2026 ──}. */
    List<Glyph> dayRow(LocalDate day, int width) {
        StringBuilder b = new StringBuilder("── ").append(dayLine.format(day)).append(' ');
        while (b.length() < width) {
            b.append('─');
        }
        return Glyph.fit(Glyph.of(b.toString(), Style.DIM), width);
    }

    Formatted format(Entry e) {
        return switch (e.kind()) {
            case MESSAGE -> message(e);
            case SYSTEM -> notice(e, "-- " + e.text() + " --", Style.DIM);
            case ERROR -> notice(e, "! " + e.text(), Style.ERROR);
            case WARNING -> notice(e, "!! " + e.text(), Style.ALERT);
            case PLAIN -> plain(e.text());
            case DROPPED, GAP -> new Formatted(Glyph.of("── " + e.text() + " ──", Style.DIM), NOTICE_INDENT);
            case TRANSFER -> notice(e, e.text(), e.transferStyle());
        };
    }

    private Formatted message(Entry e) {
        ChatMessage m = e.message();
        List<Glyph> out = new ArrayList<>(Glyph.of(hhmm.format(e.time()) + " ", Style.DIM));
        String author = m.author() == null || m.author().isBlank() ? "?" : m.author();
        boolean action = m.text().startsWith(ME);
        if (action) {
            out.addAll(Glyph.of("* ", Style.NORMAL));
        }
        out.addAll(Glyph.of(DisplayText.fit(author, NICK_COLUMNS), m.outgoing() ? Style.OURS : Style.THEIRS));
        out.addAll(Glyph.of(action ? " " : ": ", Style.NORMAL));
        int indent = Glyph.width(out);
        String body = action ? m.text().substring(ME.length()) : m.text();
        if (Sanitizer.nothingPrintable(body)) {
            out.addAll(Glyph.of(Sanitizer.NOTHING_PRINTABLE, Style.DIM));
        } else {
            out.addAll(linked(body, Style.NORMAL));
        }
        RoomMessage room = e.room();
        if (m.outgoing()) {
            out.add(new Glyph(" ", 1, Style.NORMAL));
            out.addAll(room == null ? mark(m) : RoomFormat.marks(room));
        } else if (room != null && room.late()) {
            out.addAll(Glyph.of(" (late · written " + written(m.time(), e.time()) + ")", Style.PENDING));
        } else if (m.time().plus(LATE).isBefore(e.time())) {
            out.addAll(Glyph.of(" (written " + written(m.time(), e.time()) + ")", Style.DIM));
        }
        return new Formatted(out, indent);
    }

    private String written(Instant written, Instant shown) {
        boolean sameDay = written.atZone(zone).toLocalDate().equals(shown.atZone(zone).toLocalDate());
        return (sameDay ? hhmm : dayMonthHhmm).format(written);
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

    /** A message's text: as {@link #text}, with each address in it a {@link Link}. */
    private List<Glyph> linked(String text, Style style) {
        List<Urls.Span> spans = Urls.find(text);
        if (spans.isEmpty()) {
            return text(text, style);
        }
        List<Glyph> out = new ArrayList<>();
        int at = 0;
        for (Urls.Span span : spans) {
            out.addAll(text(text.substring(at, span.start()), style));
            Link link = new Link(text.substring(span.start(), span.end()),
                    Long.toString(links.incrementAndGet(), Character.MAX_RADIX));
            out.addAll(Glyph.of(link, style));
            at = span.end();
        }
        out.addAll(text(text.substring(at), style));
        return out;
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
