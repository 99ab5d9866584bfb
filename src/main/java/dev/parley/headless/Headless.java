package dev.parley.headless;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.parley.chat.Chat;
import dev.parley.chat.ChatException;
import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.Command;
import dev.parley.chat.CommandParser;
import dev.parley.chat.HostPort;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Presence;
import dev.parley.chat.Trust;
import dev.parley.chat.Warning;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-lines front end: slash commands in, one JSON object per line out (see {@code package-info}
 * for the whole interface). Events that happen before {@link #ready} are held back and written right
 * after it, so {@code ready} is always the first line.
 *
 * <p>Threads: {@link #run} on the one thread that reads commands; listener methods on engine threads;
 * {@link #ready} from the app. Every line is written and flushed whole under one lock. Thread-safe.
 */
public final class Headless implements ChatListener {
    /** Events held before {@code ready} beyond this are dropped, oldest first. */
    static final int MAX_HELD_EVENTS = 10_000;
    private static final Set<String> RESERVED = Set.of("event", "code", "peer", "message");
    private static final Logger log = LoggerFactory.getLogger(Headless.class);

    private final Chat chat;
    private final BufferedReader commands;
    private final Writer out;
    private final Object writeLock = new Object();
    private final Deque<String> held = new ArrayDeque<>();
    private boolean readySent;
    private boolean outputBroken;

    private Headless(Chat chat, Reader commands, Writer events) {
        this.chat = chat;
        this.commands = commands instanceof BufferedReader b ? b : new BufferedReader(commands);
        this.out = events;
    }

    /**
     * A headless front end listening to {@code chat}. The app passes UTF-8 readers and writers over
     * standard input and output.
     */
    public static Headless attach(Chat chat, Reader commands, Writer events) {
        Headless h = new Headless(chat, commands, events);
        chat.addListener(h);
        return h;
    }

    /** Writes {@code ready}, then any events held until now. Call once the listener is bound and discovery registered. */
    public void ready(int port, List<String> addresses) {
        JsonObject e = event("ready");
        e.addProperty("nick", chat.ourNickname());
        e.addProperty("fingerprint", chat.ourFingerprint());
        e.addProperty("port", port);
        e.add("addresses", strings(addresses));
        synchronized (writeLock) {
            if (readySent) {
                return;
            }
            readySent = true;
            write(JsonLine.of(e));
            while (!held.isEmpty()) {
                write(held.poll());
            }
        }
    }

    /**
     * Executes commands until end of input or {@code /quit}. Before returning, warns ({@code undelivered})
     * if messages are still queued or unacknowledged.
     */
    public void run() throws IOException {
        String line;
        while ((line = commands.readLine()) != null) {
            if (!line.isBlank() && !execute(line)) {
                break;
            }
        }
        warnUndelivered();
    }

    /** Runs one command line; false when it was {@code /quit}. */
    boolean execute(String line) {
        try {
            Command c = CommandParser.parse(line);
            if (c instanceof Command.Quit) {
                return false;
            }
            dispatch(c);
        } catch (ChatException e) {
            error(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("headless command failed", e);
            error("internal", "the command failed: " + e);
        }
        return true;
    }

    private void dispatch(Command c) throws ChatException {
        if (c instanceof Command.Msg m) {
            chat.send(chat.resolve(m.peer()).fingerprint(), m.text()); // status arrives as an event
        } else if (c instanceof Command.Connect k) {
            chat.connect(k.hostPort());
        } else if (c instanceof Command.Peers) {
            listPeers();
        } else if (c instanceof Command.Nick n) {
            chat.setNickname(n.name());
        } else if (c instanceof Command.Verify v) {
            verify(v);
        } else if (c instanceof Command.Trust t) {
            trust(t);
        } else if (c instanceof Command.SetPresence p) {
            chat.setPresence(p.presence());
            JsonObject e = event("presence");
            e.addProperty("presence", lower(p.presence()));
            emit(e);
        } else if (c instanceof Command.Help) {
            JsonObject e = event("help");
            e.add("lines", strings(CommandParser.HELP));
            emit(e);
        } else {
            throw new ChatException("bad-command", "this command is for the full-screen UI only");
        }
    }

    private void listPeers() {
        List<PeerInfo> all = chat.peers().stream()
                .sorted(Comparator.comparing((PeerInfo p) -> p.nickname().toLowerCase(Locale.ROOT))
                        .thenComparing(PeerInfo::fingerprint))
                .toList();
        all.forEach(this::peerChanged);
        JsonObject e = event("peers");
        e.addProperty("count", all.size());
        emit(e);
    }

    private void verify(Command.Verify v) throws ChatException {
        PeerInfo p = chat.resolve(v.peer());
        if (v.confirm()) {
            chat.markVerified(p.fingerprint()); // the peer event with trust "verified" follows
            return;
        }
        JsonObject e = event("verify");
        e.addProperty("peer", p.fingerprint());
        e.addProperty("nick", p.nickname());
        e.addProperty("safety_number", chat.safetyNumber(p.fingerprint()));
        e.addProperty("verified", p.trust() == Trust.VERIFIED);
        emit(e);
    }

    private void trust(Command.Trust t) throws ChatException {
        PeerInfo p = chat.resolve(t.peer());
        if (p.trust() == Trust.CHANGED) {
            chat.trust(p.fingerprint()); // the peer event with trust "known" follows
        } else {
            peerChanged(p); // nothing to accept: say where it stands
        }
    }

    private void warnUndelivered() {
        List<ChatMessage> pending = chat.undelivered();
        if (pending.isEmpty()) {
            return;
        }
        JsonObject e = event("warning");
        e.addProperty("code", "undelivered");
        e.add("peer", null);
        e.addProperty("message", pending.size() + " message(s) not delivered; they are lost when Parley exits");
        e.addProperty("count", pending.size());
        e.add("ids", strings(pending.stream().map(ChatMessage::id).toList()));
        emit(e);
    }

    // ---- ChatListener

    @Override
    public void peerChanged(PeerInfo p) {
        JsonObject e = event("peer");
        e.addProperty("state", lower(p.state()));
        e.addProperty("nick", p.nickname());
        e.addProperty("fingerprint", p.fingerprint());
        e.addProperty("address", p.addresses().isEmpty() ? null : HostPort.format(p.addresses().get(0)));
        e.add("addresses", strings(p.addresses().stream().map(HostPort::format).toList()));
        e.addProperty("trust", lower(p.trust()));
        e.addProperty("presence", lower(p.presence() == null ? Presence.ONLINE : p.presence()));
        e.addProperty("conflicts_with", p.conflictsWith());
        emit(e);
    }

    @Override
    public void peerRemoved(String fingerprint) {
        JsonObject e = event("peer-removed");
        e.addProperty("fingerprint", fingerprint);
        emit(e);
    }

    @Override
    public void messageReceived(ChatMessage m) {
        JsonObject e = event("message");
        e.addProperty("id", m.id());
        e.addProperty("from", m.peer());
        e.addProperty("nick", m.author());
        e.addProperty("text", m.text());
        e.addProperty("time", m.time().toEpochMilli());
        emit(e);
    }

    @Override
    public void messageStatusChanged(ChatMessage m) {
        JsonObject e = event("status");
        e.addProperty("id", m.id());
        e.addProperty("to", m.peer());
        e.addProperty("status", lower(m.status()));
        emit(e);
    }

    @Override
    public void typing(String peerFingerprint, boolean active) {
        JsonObject e = event("typing");
        e.addProperty("peer", peerFingerprint);
        e.addProperty("active", active);
        emit(e);
    }

    @Override
    public void nicknameChanged(String ourNickname) {
        JsonObject e = event("nick");
        e.addProperty("nick", ourNickname);
        emit(e);
    }

    @Override
    public void warning(Warning w) {
        JsonObject e = event("warning");
        e.addProperty("code", w.code());
        e.addProperty("peer", w.peer());
        e.addProperty("message", w.message());
        for (Map.Entry<String, String> d : w.details().entrySet()) {
            if (!RESERVED.contains(d.getKey())) {
                e.addProperty(d.getKey(), d.getValue());
            }
        }
        emit(e);
    }

    // ---- output

    private void error(String code, String message) {
        JsonObject e = event("error");
        e.addProperty("code", code);
        e.addProperty("message", message);
        emit(e);
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

    private void emit(JsonObject e) {
        String line = JsonLine.of(e);
        synchronized (writeLock) {
            if (readySent) {
                write(line);
            } else {
                if (held.size() >= MAX_HELD_EVENTS) {
                    held.poll();
                }
                held.add(line);
            }
        }
    }

    /** One line, flushed; the JSON has no raw newlines (JsonWriter escapes them). Caller holds the lock. */
    private void write(String line) {
        if (outputBroken) {
            return;
        }
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            outputBroken = true;
            log.error("cannot write events any more", e);
        }
    }
}
