package dev.parley.headless;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.HostPort;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Presence;
import dev.parley.chat.Trust;
import dev.parley.chat.Warning;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Each event of the interface as its JSON line (no newline at the end; see {@code package-info} for the
 * fields). Stateless and thread-safe.
 */
final class EventJson {
    /** Warning details never overwrite the fields every warning has. */
    private static final Set<String> RESERVED = Set.of("event", "code", "peer", "message");

    private EventJson() {}

    static String ready(String nick, String fingerprint, int port, List<String> addresses) {
        JsonObject e = event("ready");
        e.addProperty("nick", nick);
        e.addProperty("fingerprint", fingerprint);
        e.addProperty("port", port);
        e.add("addresses", strings(addresses));
        return JsonLine.of(e);
    }

    static String peer(PeerInfo p) {
        JsonObject e = event("peer");
        e.addProperty("state", lower(p.state()));
        e.addProperty("nick", p.nickname());
        e.addProperty("fingerprint", p.fingerprint());
        e.addProperty("address", p.addresses().isEmpty() ? null : HostPort.format(p.addresses().get(0)));
        e.add("addresses", strings(p.addresses().stream().map(HostPort::format).toList()));
        e.addProperty("trust", lower(p.trust()));
        e.addProperty("presence", lower(p.presence() == null ? Presence.ONLINE : p.presence()));
        e.addProperty("conflicts_with", p.conflictsWith());
        e.addProperty("ignored", p.ignored());
        return JsonLine.of(e);
    }

    /** The one {@code transfer} event: every state and each progress step (at most two a second). */
    static String transfer(dev.parley.chat.TransferInfo t) {
        JsonObject e = event("transfer");
        e.addProperty("id", t.id());
        e.addProperty("n", t.n());
        e.addProperty("peer", t.peer());
        e.addProperty("direction", t.incoming() ? "in" : "out");
        e.addProperty("state", t.state());
        JsonArray files = new JsonArray();
        for (dev.parley.chat.TransferInfo.FileEntry f : t.files()) {
            JsonObject o = new JsonObject();
            o.addProperty("path", f.path());
            o.addProperty("size", f.size());
            if (f.directory()) {
                o.addProperty("directory", true);
            }
            files.add(o);
        }
        e.add("files", files);
        e.addProperty("total", t.total());
        e.addProperty("bytes", t.bytes());
        e.addProperty("rate", t.rate());
        e.addProperty("eta_s", t.etaSeconds());
        e.addProperty("reason", t.reason());
        e.addProperty("saved_to", t.savedTo());
        e.addProperty("sha256", t.sha256());
        return JsonLine.of(e);
    }

    static String transfers(int count) {
        JsonObject e = event("transfers");
        e.addProperty("count", count);
        return JsonLine.of(e);
    }

    /** The answer to {@code /transfers}: how many it listed, and the partial files earlier transfers left. */
    static String transfers(int count, dev.parley.chat.Transfers.Leftovers left) {
        JsonObject e = event("transfers");
        e.addProperty("count", count);
        e.addProperty("leftover_files", left.files());
        e.addProperty("leftover_bytes", left.bytes());
        return JsonLine.of(e);
    }

    static String peerRemoved(String fingerprint) {
        JsonObject e = event("peer-removed");
        e.addProperty("fingerprint", fingerprint);
        return JsonLine.of(e);
    }

    /** {@code /trust} accepted {@code replacement} as the new key of {@code old}: the old key is retired. */
    static String peerReplaced(String old, PeerInfo replacement) {
        JsonObject e = event("peer-replaced");
        e.addProperty("old_fingerprint", old);
        e.addProperty("fingerprint", replacement.fingerprint());
        e.addProperty("nick", replacement.nickname());
        return JsonLine.of(e);
    }

    static String peers(int count) {
        JsonObject e = event("peers");
        e.addProperty("count", count);
        return JsonLine.of(e);
    }

    static String message(ChatMessage m) {
        JsonObject e = event("message");
        e.addProperty("id", m.id());
        e.addProperty("from", m.peer());
        e.addProperty("nick", m.author());
        e.addProperty("text", m.text());
        e.addProperty("time", m.time().toEpochMilli());
        return JsonLine.of(e);
    }

    /**
     * The most frequent line (three a message sent), so written directly when its values need no
     * escaping, as ids (hex) and fingerprints (base64) never do; the same text as through the tree.
     */
    static String status(ChatMessage m) {
        String status = lower(m.status());
        if (plain(m.id()) && plain(m.peer())) {
            return "{\"event\":\"status\",\"id\":\"" + m.id() + "\",\"to\":\"" + m.peer() + "\",\"status\":\""
                    + status + "\"}";
        }
        return statusTree(m);
    }

    /** Characters that JSON strings carry as they are, in what gson writes: no escape, no HTML-safe form. */
    private static boolean plain(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ':' || c == '+'
                    || c == '/' || c == '=' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static String statusTree(ChatMessage m) {
        JsonObject e = event("status");
        e.addProperty("id", m.id());
        e.addProperty("to", m.peer());
        e.addProperty("status", lower(m.status()));
        return JsonLine.of(e);
    }

    static String verify(PeerInfo p, String safetyNumber) {
        JsonObject e = event("verify");
        e.addProperty("peer", p.fingerprint());
        e.addProperty("nick", p.nickname());
        e.addProperty("safety_number", safetyNumber);
        e.addProperty("verified", p.trust() == Trust.VERIFIED);
        return JsonLine.of(e);
    }

    static String typing(String fingerprint, boolean active) {
        JsonObject e = event("typing");
        e.addProperty("peer", fingerprint);
        e.addProperty("active", active);
        return JsonLine.of(e);
    }

    static String nick(String nick) {
        JsonObject e = event("nick");
        e.addProperty("nick", nick);
        return JsonLine.of(e);
    }

    static String presence(Presence p) {
        JsonObject e = event("presence");
        e.addProperty("presence", lower(p));
        return JsonLine.of(e);
    }

    static String help(List<String> lines) {
        JsonObject e = event("help");
        e.add("lines", strings(lines));
        return JsonLine.of(e);
    }

    static String warning(Warning w) {
        JsonObject e = warning(w.code(), w.peer(), w.message());
        for (Map.Entry<String, String> d : w.details().entrySet()) {
            if (!RESERVED.contains(d.getKey())) {
                e.addProperty(d.getKey(), d.getValue());
            }
        }
        return JsonLine.of(e);
    }

    static String undelivered(List<ChatMessage> pending) {
        JsonObject e = warning("undelivered", null,
                pending.size() + " message(s) not delivered; they are lost when Parley exits");
        e.addProperty("count", pending.size());
        e.add("ids", strings(pending.stream().map(ChatMessage::id).toList()));
        return JsonLine.of(e);
    }

    static String eventsDropped(int count) {
        JsonObject e = warning("events-dropped", null, count
                + " event(s) were dropped while standard output was not read (warnings, or peers beyond the limit); /peers lists the peers as they are now");
        e.addProperty("count", count);
        return JsonLine.of(e);
    }

    static String error(String code, String message) {
        JsonObject e = event("error");
        e.addProperty("code", code);
        e.addProperty("message", message);
        return JsonLine.of(e);
    }

    private static JsonObject warning(String code, String peer, String message) {
        JsonObject e = event("warning");
        e.addProperty("code", code);
        e.addProperty("peer", peer);
        e.addProperty("message", message);
        return e;
    }

    private static JsonObject event(String name) {
        JsonObject e = new JsonObject();
        e.addProperty("event", name);
        return e;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
