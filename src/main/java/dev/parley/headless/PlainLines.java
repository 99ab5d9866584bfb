package dev.parley.headless;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import dev.parley.chat.Sanitizer;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --plain}: the headless event lines as plain text for people, screen readers and terminals that
 * cannot do full screen: {@code 12:03 bob: hi}, {@code -- bob is online --}, {@code ! unknown peer …}; no
 * escape sequences, no box drawing, no redraws. A {@link Writer} between the headless writer and standard
 * output: each JSON line written to it becomes one or more text lines (nothing for typing and the like).
 * Text from peers was sanitised by the engine. Used by the headless writer's one thread; not thread-safe.
 */
public final class PlainLines extends Writer {
    /** A JSON line longer than this is passed on as it is: no event of ours is that long but a 32 KB text. */
    static final int MAX_LINE = 1 << 20;

    private final Writer out;
    private final DateTimeFormatter hhmm;
    private final StringBuilder line = new StringBuilder();
    /** Nicknames by fingerprint, from peer events, for status lines. Bounded like the engine's peers. */
    private final Map<String, String> nicks = new HashMap<>();
    private final Map<String, String> states = new HashMap<>();

    public PlainLines(Writer out, ZoneId zone) {
        this.out = out;
        this.hhmm = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            char c = cbuf[i];
            if (c == '\n') {
                out.write(plain(line.toString()));
                line.setLength(0);
            } else if (line.length() < MAX_LINE) {
                line.append(c);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** One JSON event as text lines, each ending in a newline; empty for events people need not see. */
    String plain(String json) {
        JsonObject e;
        try {
            e = JsonParser.parseString(json).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException notJson) {
            return json + "\n";
        }
        String event = str(e, "event");
        return switch (event == null ? "" : event) {
            case "ready" -> "-- Parley: " + str(e, "nick") + " (" + shortFp(str(e, "fingerprint")) + "), port "
                    + num(e, "port") + " on " + join(e.getAsJsonArray("addresses")) + "; /help for the commands --\n";
            case "peer" -> peer(e);
            case "message" -> message(e);
            case "status" -> status(e);
            case "verify" -> "-- safety number with " + str(e, "nick") + ": " + str(e, "safety_number")
                    + (bool(e, "verified") ? " (verified)" : "; if they see the same: /verify " + str(e, "nick")
                    + " confirm") + " --\n";
            case "nick" -> "-- you are now " + str(e, "nick") + " --\n";
            case "presence" -> "-- you are " + ("away".equals(str(e, "presence")) ? "away" : "back") + " --\n";
            case "peers" -> "-- " + num(e, "count") + " peers --\n";
            case "help" -> lines(e.getAsJsonArray("lines"));
            case "warning" -> "!! " + str(e, "message") + "\n";
            case "error" -> "! " + str(e, "message") + "\n";
            case "room-invited" -> "-- invited " + str(e, "nick") + " to #" + str(e, "name")
                    + ("pending".equals(str(e, "state")) ? "; will be delivered when " + str(e, "nick") + " is online" : "")
                    + " --\n";
            case "room-join" -> switch (String.valueOf(str(e, "state"))) {
                case "rejoined" -> "-- took #" + str(e, "name") + " back --\n";
                case "pending" -> "-- " + str(e, "nick") + " is offline: will join #" + str(e, "name") + " when "
                        + str(e, "nick") + " is online --\n";
                default -> "-- asked " + str(e, "nick") + " to join #" + str(e, "name") + " --\n";
            };
            case "room-declined" -> "-- declined " + (bool(e, "rejoin") ? "to take #" + str(e, "name") + " back"
                    : "#" + str(e, "name")) + " --\n";
            case "room-kicked" -> "invitation-withdrawn".equals(str(e, "state"))
                    ? "-- withdrew the invitation of " + str(e, "nick") + " to #" + str(e, "name") + " --\n"
                    : "-- removed " + str(e, "nick") + " from #" + str(e, "name") + " --\n";
            case "typing", "peer-removed" -> "";
            default -> json + "\n";
        };
    }

    private String peer(JsonObject e) {
        String fp = str(e, "fingerprint");
        String nick = str(e, "nick");
        String state = str(e, "state");
        if (fp != null && nicks.size() < 4096) {
            nicks.put(fp, nick);
        }
        String before = fp == null ? null : states.size() < 4096 || states.containsKey(fp) ? states.put(fp, state) : null;
        if (state == null || state.equals(before)) {
            return "";
        }
        String who = nick + " (" + shortFp(fp) + ")";
        return switch (state) {
            case "online" -> "-- " + who + " is online" + ("changed".equals(str(e, "trust"))
                    ? "; its key changed: compare safety numbers with /verify before you /trust it" : "") + " --\n";
            case "offline" -> "online".equals(before) ? "-- " + who + " went offline --\n" : "";
            case "discovered" -> "-- " + who + " is on the network --\n";
            case "lost" -> "-- " + who + " left the network --\n";
            default -> "";
        };
    }

    private String message(JsonObject e) {
        String time = hhmm.format(Instant.ofEpochMilli(e.get("time").getAsLong()));
        String prefix = time + " " + str(e, "nick") + ": ";
        String text = str(e, "text");
        if (text != null && text.startsWith("/me ")) {
            prefix = time + " * " + str(e, "nick") + " ";
            text = text.substring(4);
        }
        if (Sanitizer.nothingPrintable(text)) {
            text = Sanitizer.NOTHING_PRINTABLE;
        }
        String indent = " ".repeat(prefix.length());
        return prefix + String.join("\n" + indent, (text == null ? "" : text).split("\n", -1)) + "\n";
    }

    private String status(JsonObject e) {
        String s = str(e, "status");
        String to = nicks.getOrDefault(str(e, "to"), shortFp(str(e, "to")));
        return switch (s == null ? "" : s) {
            case "queued" -> "-- queued for " + to + " (offline); sent when they are back --\n";
            case "failed" -> "! not delivered to " + to + "\n";
            default -> ""; // sent and delivered: the common case says nothing
        };
    }

    private static String lines(JsonArray a) {
        StringBuilder b = new StringBuilder();
        if (a != null) {
            for (JsonElement l : a) {
                b.append(l.getAsString()).append('\n');
            }
        }
        return b.toString();
    }

    private static String join(JsonArray a) {
        if (a == null || a.isEmpty()) {
            return "no address";
        }
        StringBuilder b = new StringBuilder();
        for (JsonElement x : a) {
            b.append(b.length() == 0 ? "" : ", ").append(x.getAsString());
        }
        return b.toString();
    }

    private static String shortFp(String fp) {
        if (fp == null) {
            return "?";
        }
        int start = fp.indexOf(':') + 1;
        return fp.substring(start, Math.min(fp.length(), start + 8));
    }

    private static String str(JsonObject e, String k) {
        JsonElement v = e.get(k);
        return v == null || v.isJsonNull() ? null : v.getAsString();
    }

    private static String num(JsonObject e, String k) {
        return String.valueOf(str(e, k));
    }

    private static boolean bool(JsonObject e, String k) {
        JsonElement v = e.get(k);
        return v != null && !v.isJsonNull() && v.getAsBoolean();
    }
}
