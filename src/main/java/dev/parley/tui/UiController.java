package dev.parley.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.Chat;
import dev.parley.chat.ChatEngine;
import dev.parley.chat.ChatException;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Sanitizer;
import dev.parley.chat.Trust;
import dev.parley.chat.Warning;
import dev.parley.rooms.RoomInfo;
import dev.parley.rooms.RoomInvite;
import dev.parley.rooms.RoomMessage;
import dev.parley.rooms.RoomsEngine;

import java.time.Clock;
import java.util.List;

/**
 * Turns keys into UI changes and chat requests, and chat events into model changes, notices, unread counts
 * and the bell. Knows the layout only to scroll by a page. UI thread only; not thread-safe.
 */
final class UiController implements CommandRunner.Navigator {
    private final Chat chat;
    /** Null when the UI shows no rooms. */
    private final RoomsEngine rooms;
    private final UiModel model;
    private final UiState state;
    private final Clock clock;
    private final TranscriptView view;
    private final CommandRunner commands;
    private final HandOver handOver;
    /** Peers whose pane already says how long a queued message waits (until they are online again). */
    private final java.util.Set<String> queuedNoted = new java.util.HashSet<>();
    private final Completer completer;
    /** A paste of more lines than this asks before it goes into the input. */
    static final int PASTE_ASK_LINES = 5;
    /** At most this much of one paste goes into the input; the rest is dropped, and the user told. */
    static final int MAX_PASTE_CHARS = 64 * 1024;

    private enum Pasting { NO, BRACKETED, BURST }

    private Layout layout = new Layout(Layout.MIN_COLUMNS, Layout.MIN_ROWS);
    private Pasting pasting = Pasting.NO;
    private final StringBuilder paste = new StringBuilder();
    private int pasteCut;
    private boolean quit;
    private boolean redrawAll;
    private boolean suspend;
    private boolean bell;
    /** A transfer's progress changed the screen, and no frame showed it yet. */
    private boolean progressOwed;
    private Notice notice;
    private dev.parley.chat.NetworkStatus networkStatus = new dev.parley.chat.NetworkStatus(java.time.Clock.systemUTC());

    UiController(Chat chat, UiModel model, UiState state, Clock clock, TranscriptView view, HandOver handOver) {
        this(chat, null, model, state, clock, view, handOver);
    }

    UiController(Chat chat, RoomsEngine rooms, UiModel model, UiState state, Clock clock, TranscriptView view,
                 HandOver handOver) {
        this.chat = chat;
        this.rooms = rooms;
        this.handOver = handOver;
        this.model = model;
        this.state = state;
        this.clock = clock;
        this.view = view;
        this.commands = new CommandRunner(chat, rooms, model, state, clock, this);
        this.completer = new Completer(() -> model.peers().sorted().stream().map(PeerDirectory::nick).toList());
        if (rooms != null) {
            completer.rooms(prefix -> model.rooms().names());
            completer.roomCommands();
        }
    }

    /**
     * Takes the engine's current peers and conversations (their received messages count as handed over);
     * call once, after the listener is registered.
     */
    void load() {
        loadSnapshot();
        selectFirstIfNone();
        model.console().add(Entry.Kind.SYSTEM, clock.instant(), "welcome to Parley, " + model.ourNickname()
                + ". Pick a peer with ↑/↓ and Enter, or type /help");
    }

    /**
     * The event queue overflowed ({@code dropped} events lost): takes the engines' snapshots again, as
     * {@link #load} does. What the model holds stays; what the snapshot has anew or newer is added (every
     * message, the latest statuses, peers, rooms, transfers), and peers and rooms the engines no longer
     * have go. Lost are the lines that told of each change (a peer going offline, a member joining), the
     * dropped warnings and typing notices.
     */
    void resync(long dropped) {
        java.util.Set<String> present = new java.util.HashSet<>();
        for (PeerInfo p : chat.peers()) {
            present.add(p.fingerprint());
        }
        for (PeerInfo known : model.peers().sorted()) {
            if (!present.contains(known.fingerprint())) {
                peerRemoved(known.fingerprint());
            }
        }
        if (rooms != null) {
            java.util.Set<String> held = new java.util.HashSet<>();
            for (RoomInfo r : rooms.rooms()) {
                held.add(r.id());
            }
            for (RoomInfo known : model.rooms().sorted()) {
                if (!held.contains(known.id()) && model.rooms().goneReason(RoomDirectory.key(known.id())) == null) {
                    roomLeft(known.id(), known.name(), "its news was dropped while the screen fell behind");
                }
            }
        }
        model.ourNickname(chat.ourNickname());
        loadSnapshot();
        selectFirstIfNone();
        model.console().add(Entry.Kind.WARNING, clock.instant(), "the screen fell behind: " + dropped
                + " events were dropped, and it was reloaded from the engine (warnings among them are lost)");
    }

    private void loadSnapshot() {
        for (PeerInfo p : chat.peers()) {
            model.peers().put(p);
            for (ChatMessage m : chat.conversation(p.fingerprint())) {
                // Received before the UI showed anything (queued for us while we were offline, say): unread,
                // unless we answered after them.
                Entry entry = model.conversation(p.fingerprint()).put(m, shownAt(m));
                if (entry == null) {
                    // held already (a resync): its unread state stands
                } else if (m.outgoing()) {
                    state.replied(p.fingerprint());
                } else {
                    state.arrived(p.fingerprint(), entry); // no bell: the user is looking, it just started
                }
                handOver.snapshotted(m);
            }
        }
        if (rooms != null) {
            loadRooms();
        }
        for (dev.parley.chat.TransferInfo t : chat.transfers().list()) {
            model.transfer(t);
            model.conversation(t.peer()).putTransfer(t.id(), clock.instant(), TransferFormat.line(t),
                    TransferFormat.style(t));
        }
    }

    /** The rooms held and the invitations waiting, as the chat's peers above. */
    private void loadRooms() {
        for (RoomInfo r : rooms.rooms()) {
            model.rooms().put(r);
            String key = RoomDirectory.key(r.id());
            List<RoomMessage> messages;
            try {
                messages = rooms.messages(r.id());
            } catch (ChatException gone) {
                continue; // left since the list was taken
            }
            for (RoomMessage m : messages) {
                Entry entry = putRoomMessage(m);
                if (m.outgoing()) {
                    if (entry != null) {
                        state.replied(key);
                    }
                } else {
                    if (entry != null) {
                        state.arrived(key, entry);
                    }
                    handOver.snapshotted(RoomsEngine.forHandOver(m));
                }
            }
        }
        for (RoomInvite i : rooms.invitations()) {
            invited(i, false);
        }
    }

    void layout(Layout l) {
        layout = l;
    }

    boolean quitRequested() {
        return quit;
    }

    /** True once after Ctrl-Z. */
    boolean takeSuspend() {
        boolean z = suspend;
        suspend = false;
        return z;
    }

    /** True once after Ctrl-L. */
    boolean takeRedrawAll() {
        boolean r = redrawAll;
        redrawAll = false;
        return r;
    }

    /** Time-driven changes (typing indicators that ran out); true when the screen needs a redraw. */
    boolean tick() {
        return state.expireTyping(clock.instant());
    }

    /** Who wrote the first message that became unread since the last call, and what; null for none. */
    record Notice(String nick, String text) {}

    Notice takeNotice() {
        Notice n = notice;
        notice = null;
        return n;
    }

    /** True once after one or more unread messages arrived. */
    boolean takeBell() {
        boolean b = bell;
        bell = false;
        return b;
    }

    // ---- keys

    /**
     * Keys that arrived together, before they are handed over one by one. Several lines at once (an Enter
     * with more text after it) cannot have been typed: they are a paste from a terminal without bracketed
     * paste, and go into the input like one, so that no line is sent and no command among them runs.
     */
    void arriving(List<KeyStroke> batch) {
        if (pasting != Pasting.NO) {
            return;
        }
        boolean enter = false;
        for (KeyStroke k : batch) {
            if (k instanceof TerminalKeys.PasteMark) {
                return; // the terminal marks its pastes itself
            }
            if (k.getKeyType() == KeyType.Enter) {
                enter = true;
            } else if (enter && k.getKeyType() == KeyType.Character) {
                pasting = Pasting.BURST;
                paste.setLength(0);
                pasteCut = 0;
                return;
            }
        }
    }

    /** No more keys are waiting: a paste without brackets ends here. */
    void inputDrained() {
        if (pasting == Pasting.BURST) {
            endPaste();
        }
    }

    /** Whether a paste is coming in (its keys are text, whatever they are). */
    boolean pasting() {
        return pasting != Pasting.NO;
    }

    void onKey(KeyStroke k) {
        if (k.getKeyType() == KeyType.EOF) {
            quit = true;
            return;
        }
        if (TerminalKeys.isPasteStart(k)) {
            if (pasting == Pasting.NO) {
                paste.setLength(0);
                pasteCut = 0;
            }
            pasting = Pasting.BRACKETED;
            return;
        }
        if (TerminalKeys.isPasteEnd(k)) {
            if (pasting == Pasting.BRACKETED) {
                endPaste();
            }
            return;
        }
        if (pasting != Pasting.NO) {
            pasteKey(k);
            return;
        }
        state.clearStatus();
        if (state.pendingPaste() != null && !isCtrl(k, 'c')) {
            answerPaste(k);
            return;
        }
        if (state.search().incremental() && !isCtrl(k, 'c') && searchKey(k)) {
            return;
        }
        boolean asked = state.quitPending();
        if (isCtrl(k, 'c')) {
            requestQuit();
        } else if (layout.tooSmall()) {
            // Nothing is shown but the "too small" message: keys typed blind would send or open unseen things.
            redrawAll |= isCtrl(k, 'l');
        } else if (asked && k.getKeyType() == KeyType.Escape) {
            state.cancelQuit();
        } else if (!global(k)) {
            if (state.focus() == UiState.Focus.LIST) {
                listKey(k);
            } else {
                inputKey(k);
            }
            if (asked && k.getKeyType() == KeyType.Enter && !quit) {
                state.cancelQuit(); // something other than /quit was submitted: the user stays
            }
        }
    }

    private boolean global(KeyStroke k) {
        KeyType t = k.getKeyType();
        if (t != KeyType.Tab) {
            completer.reset();
        }
        if (isCtrl(k, 'r')) {
            if (state.search().active()) {
                searchMoved(state.search().older(model.view(state.viewKey())));
            } else {
                state.search().start("", true);
            }
        } else if (isCtrl(k, 's') && state.search().active()) {
            searchMoved(state.search().newer(model.view(state.viewKey())));
        } else if (t == KeyType.Escape && state.search().active()) {
            endSearch();
        } else if (t == KeyType.F1) {
            if (state.helpVisible()) {
                state.helpVisible(false);
            } else {
                showHelp();
            }
        } else if (isCtrl(k, 'l')) {
            redrawAll = true;
        } else if (isCtrl(k, 'z')) {
            suspend = true;
        } else if (t == KeyType.Character && k.isAltDown() && !k.isCtrlDown() && k.getCharacter() >= '1'
                && k.getCharacter() <= '9') {
            jumpTo(k.getCharacter() - '1');
        } else if (isCtrlOrAlt(k, 'n')) {
            nextUnread(1);
        } else if (isCtrlOrAlt(k, 'p')) {
            nextUnread(-1);
        } else if (t == KeyType.PageUp) {
            scrollUp(page());
        } else if (t == KeyType.PageDown) {
            scrollDown(page());
        } else if ((t == KeyType.Home || t == KeyType.End) && k.isCtrlDown()) {
            scrollEnd(t == KeyType.Home);
        } else if (t == KeyType.Escape) {
            escape();
        } else if (t == KeyType.Tab && state.focus() == UiState.Focus.INPUT && !state.input().isEmpty()) {
            complete();
        } else if (t == KeyType.Tab || t == KeyType.ReverseTab) {
            state.focus(state.focus() == UiState.Focus.LIST ? UiState.Focus.INPUT : UiState.Focus.LIST);
        } else {
            return false;
        }
        return true;
    }

    /** Tab in a non-empty input: completes the word before the cursor; several candidates show on the rule. */
    private void complete() {
        List<String> found = completer.complete(state.input());
        if (found == null) {
            state.status("nothing to complete", false);
        } else if (!found.isEmpty()) {
            state.status(String.join(" · ", found.subList(0, Math.min(found.size(), 12)).stream()
                    .map(String::strip).toList()) + (found.size() > 12 ? " · …" : ""), false);
        }
    }

    void status(dev.parley.chat.NetworkStatus s) {
        networkStatus = s;
    }

    /** /status: why a peer may not show, into the pane that shows. */
    private void status() {
        commands.note(Entry.Kind.SYSTEM, "status (why don't I see a peer?)");
        Transcript t = model.view(state.viewKey());
        for (String line : networkStatus.lines()) {
            t.add(Entry.Kind.PLAIN, clock.instant(), "      " + line);
        }
        state.scroll(state.viewKey(), null);
    }

    Completer completer() {
        return completer;
    }

    private void escape() {
        if (state.helpVisible()) {
            state.helpVisible(false);
        } else if (state.focus() == UiState.Focus.INPUT) {
            state.focus(UiState.Focus.LIST);
        } else if (state.open() != null) {
            state.open(null);
            pruneGone();
        }
    }

    private void listKey(KeyStroke k) {
        switch (k.getKeyType()) {
            case ArrowUp -> moveSelection(-1);
            case ArrowDown -> moveSelection(1);
            case Enter -> {
                if (state.selected() != null) {
                    openConversation(state.selected());
                }
            }
            case Home -> scrollEnd(true);
            case End -> scrollEnd(false);
            case Character -> {
                if (!k.isCtrlDown() && !k.isAltDown()) {
                    state.focus(UiState.Focus.INPUT);
                    typed(k.getCharacter());
                }
            }
            default -> { }
        }
    }

    /** A key while a Ctrl-R search is typed; false for one that ends the typing and acts as itself. */
    private boolean searchKey(KeyStroke k) {
        Search search = state.search();
        Transcript t = model.view(state.viewKey());
        KeyType type = k.getKeyType();
        if (type == KeyType.Character && !k.isCtrlDown() && !k.isAltDown()) {
            search.typed().insert(k.getCharacter());
            searchMoved(search.newest(t));
        } else if (type == KeyType.Backspace) {
            search.typed().backspace();
            searchMoved(search.newest(t));
        } else if (isCtrl(k, 'r')) {
            searchMoved(search.older(t));
        } else if (isCtrl(k, 's')) {
            searchMoved(search.newer(t));
        } else if (type == KeyType.Enter) {
            search.stopTyping();
        } else if (type == KeyType.Escape) {
            endSearch();
        } else {
            search.stopTyping();
            return false;
        }
        return true;
    }

    /** /search TEXT: the newest match in the pane that shows. */
    private void search(String query) {
        if (query.isBlank()) {
            state.search().start("", true);
            return;
        }
        state.search().start(query.strip(), false);
        searchMoved(state.search().newest(model.view(state.viewKey())));
    }

    /** Shows the hit, if the search found one (else it stays where it was). */
    private void searchMoved(boolean found) {
        Search search = state.search();
        if (!found || search.hit() < 0 || layout.tooSmall()) {
            return;
        }
        String key = state.viewKey();
        state.scroll(key, view.showing(model.view(key), marker(), search.hit(), layout.paneWidth(),
                layout.transcriptHeight()));
    }

    private void endSearch() {
        state.search().end();
        state.scroll(state.viewKey(), null);
    }

    /** A key of a paste: its text is kept; line breaks and tabs too; anything else is no text, and dropped. */
    private void pasteKey(KeyStroke k) {
        String text = switch (k.getKeyType()) {
            case Character -> k.isCtrlDown() || k.isAltDown() ? "" : String.valueOf(k.getCharacter());
            case Enter -> "\n";
            case Tab -> "\t";
            default -> "";
        };
        if (paste.length() + text.length() > MAX_PASTE_CHARS) {
            pasteCut += text.length();
        } else {
            paste.append(text);
        }
    }

    /** A paste is complete: into the input at the cursor, or (a long one) asked about first. */
    private void endPaste() {
        pasting = Pasting.NO;
        String text = paste.toString().replace("\r\n", "\n").replace('\r', '\n').stripTrailing();
        paste.setLength(0);
        if (pasteCut > 0) {
            state.status("the paste was cut to its first " + MAX_PASTE_CHARS + " characters", true);
        }
        pasteCut = 0;
        if (text.isEmpty() || layout.tooSmall()) {
            return;
        }
        state.focus(UiState.Focus.INPUT);
        if (text.chars().filter(c -> c == '\n').count() + 1 > PASTE_ASK_LINES) {
            state.pendingPaste(text);
        } else {
            insertPaste(text);
        }
    }

    private void answerPaste(KeyStroke k) {
        if (k.getKeyType() == KeyType.Enter || isCtrl(k, 'y')) {
            insertPaste(state.pendingPaste());
            state.pendingPaste(null);
        } else if (k.getKeyType() == KeyType.Escape || isCtrl(k, 'n')) {
            state.pendingPaste(null);
            state.status("paste dropped", false);
        }
    }

    private void insertPaste(String text) {
        LineEditor in = state.input();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                in.newline();
            }
            in.insert(lines[i]);
        }
        if (openPeer() && model.options().sendTyping() && !in.text().startsWith("/")) {
            chat.typing(state.open());
        }
    }

    private void inputKey(KeyStroke k) {
        LineEditor in = state.input();
        switch (k.getKeyType()) {
            case Enter -> {
                if (k.isAltDown() || k.isShiftDown()) {
                    in.newline(); // Alt-Enter, Shift-Enter: a line break in the message
                } else {
                    submit();
                }
            }
            case ArrowLeft -> {
                if (k.isCtrlDown() || k.isAltDown()) {
                    in.wordLeft();
                } else {
                    in.left();
                }
            }
            case ArrowRight -> {
                if (k.isCtrlDown() || k.isAltDown()) {
                    in.wordRight();
                } else {
                    in.right();
                }
            }
            case Home -> in.home();
            case End -> in.end();
            case Backspace -> {
                if (k.isAltDown() || k.isCtrlDown()) {
                    in.deleteAlnumWordBefore();
                } else {
                    in.backspace();
                }
            }
            case Delete -> in.delete();
            case ArrowUp -> in.historyUp();
            case ArrowDown -> in.historyDown();
            case Character -> inputCharacter(k);
            default -> { }
        }
    }

    private void inputCharacter(KeyStroke k) {
        LineEditor in = state.input();
        if (k.isAltDown() && !k.isCtrlDown()) {
            switch (Character.toLowerCase(k.getCharacter())) {
                case 'b' -> in.wordLeft();
                case 'f' -> in.wordRight();
                default -> { }
            }
            return;
        }
        if (!k.isCtrlDown()) {
            typed(k.getCharacter());
            return;
        }
        switch (Character.toLowerCase(k.getCharacter())) {
            case 'w' -> in.deleteWordBefore();
            case 'u' -> in.deleteToStart();
            case 'k' -> in.deleteToEnd();
            case 'y' -> in.yank();
            case 't' -> in.transpose();
            case 'd' -> in.delete();
            case 'a' -> in.home();
            case 'e' -> in.end();
            default -> { }
        }
    }

    private void typed(char c) {
        state.input().insert(c);
        if (openPeer() && model.options().sendTyping() && !state.input().text().startsWith("/")) {
            chat.typing(state.open());
        }
    }

    /** Whether a peer's conversation is open (not a room's, not the status view). */
    private boolean openPeer() {
        return state.open() != null && !RoomDirectory.isRoom(state.open());
    }

    private void submit() {
        String line = state.input().submit();
        if (line.isBlank()) {
            return;
        }
        state.helpVisible(false);
        String start = line.stripLeading();
        // A command is one line: text of several lines (pasted, or with Alt-Enter) is a message, even when
        // its first line looks like a command, so a paste can never run one.
        boolean oneLine = !line.contains("\n");
        if (oneLine && start.equals("/status")) {
            status();
        } else if (oneLine && (start.equals("/search") || start.startsWith("/search "))) {
            search(start.substring("/search".length()));
        } else if (oneLine && start.startsWith("/me ") && state.open() != null) {
            send(state.open(), start); // sent as "/me ACTION", shown as "* nick ACTION" (IRC's convention)
        } else if (start.startsWith("/") && !start.startsWith("//") && oneLine) {
            commands.run(line);
        } else if (state.open() == null) {
            commands.note(Entry.Kind.ERROR, rooms == null
                    ? "no conversation is open: pick a peer with ↑/↓ and Enter, or use /msg PEER TEXT"
                    : "no conversation is open: pick a room or a peer with ↑/↓ and Enter, or use /msg PEER TEXT"
                            + " or /msg #ROOM TEXT");
        } else {
            // "//" sends text that starts with a slash, as in irssi and weechat
            send(state.open(), start.startsWith("//") ? start.substring(1) : line);
        }
    }

    private void send(String fingerprint, String text) {
        if (RoomDirectory.isRoom(fingerprint)) {
            sendToRoom(fingerprint, text);
            return;
        }
        try {
            ChatMessage sent = chat.send(fingerprint, text);
            model.conversation(fingerprint).put(sent);
            if (sent.status() == MessageStatus.QUEUED && queuedNoted.add(fingerprint)) {
                String nick = model.peers().get(fingerprint).map(PeerDirectory::nick).orElse("the peer");
                model.conversation(fingerprint).add(Entry.Kind.SYSTEM, clock.instant(), nick + " is not online: queued (…),"
                        + " sent when " + nick + " is back; it fails (✗) if not delivered within "
                        + ChatEngine.QUEUED_LIFETIME_MILLIS / 3_600_000 + " h. /cancel gives it up");
            }
            state.replied(fingerprint);
            state.scroll(fingerprint, null);
        } catch (ChatException e) {
            commands.note(Entry.Kind.ERROR, e.getMessage());
        }
    }

    /** Typed in an open room: to every member, each over its own session. */
    private void sendToRoom(String key, String text) {
        if (rooms == null || model.rooms().goneReason(key) != null) {
            commands.note(Entry.Kind.ERROR, "you are no longer in this room; nothing was sent");
            return;
        }
        try {
            putRoomMessage(rooms.send(RoomDirectory.id(key), text));
            state.replied(key);
            state.scroll(key, null);
        } catch (ChatException e) {
            commands.note(Entry.Kind.ERROR, e.getMessage());
        }
    }

    /**
     * A room message into its pane, after a line for each member whose messages did not arrive before it;
     * returns its entry, or null when the pane had it already (then only its marks change).
     */
    Entry putRoomMessage(RoomMessage m) {
        String key = RoomDirectory.key(m.room());
        Transcript t = model.conversation(key);
        if (t.update(m)) {
            return null;
        }
        java.time.Instant latest = t.latest();
        java.time.Instant shown = m.outgoing() || !latest.isAfter(m.time()) ? m.time() : latest;
        for (String line : RoomFormat.missing(m)) {
            t.add(Entry.Kind.GAP, shown, line);
        }
        return t.put(m, shown);
    }

    @Override
    public void openConversation(String fingerprint) {
        if (RoomDirectory.isInvite(fingerprint)) {
            openInvitation(fingerprint);
            return;
        }
        boolean wasOpen = fingerprint.equals(state.open());
        state.open(fingerprint);
        if (RoomDirectory.isRoom(fingerprint) && rooms != null) {
            rooms.read(RoomDirectory.id(fingerprint)); // the engine's count, for /rooms, goes too
        }
        pruneGone();
        state.focus(UiState.Focus.INPUT);
        if (!wasOpen && !layout.tooSmall() && state.scroll(fingerprint) == null) {
            state.scroll(fingerprint, view.opening(model.conversation(fingerprint), state.unreadMarker(fingerprint),
                    layout.paneWidth(), layout.transcriptHeight()));
        }
    }

    /** An invitation has no conversation: the status view shows it, the rule says how to answer. */
    private void openInvitation(String key) {
        RoomInvite i = model.rooms().invitation(key).orElse(null);
        state.select(key);
        state.open(null);
        pruneGone();
        state.scroll(UiState.CONSOLE, null);
        if (i != null) {
            String label = model.rooms().label(i);
            state.status((RoomFormat.untrustedInviter(i) ? i.fromNick() + "'s key is " + i.fromTrust() + " · " : "")
                    + "/join " + label + " or /decline " + label, RoomFormat.untrustedInviter(i));
        }
    }

    /** Rooms we no longer hold leave the list once their pane is closed. */
    private void pruneGone() {
        for (String key : model.rooms().pruneGone(state.open())) {
            boolean selected = key.equals(state.selected());
            model.forget(key);
            state.forget(key);
            if (selected) {
                selectFirstIfNone();
            }
        }
    }

    /** Shows the help from its first line. */
    @Override
    public void showHelp() {
        state.helpVisible(true);
        scrollEnd(true);
    }

    /** Ctrl-C or /quit: leaves, but asks once first while messages are undelivered. */
    @Override
    public void requestQuit() {
        int undelivered = state.quitPending() ? 0
                : chat.undelivered().size() + (rooms == null ? 0 : rooms.undelivered().size());
        if (undelivered == 0) {
            quit = true;
        } else {
            state.askQuit(undelivered);
        }
    }

    private void moveSelection(int delta) {
        List<String> keys = model.listKeys();
        if (keys.isEmpty()) {
            return;
        }
        int i = keys.indexOf(state.selected());
        int next = i < 0 ? 0 : Math.max(0, Math.min(keys.size() - 1, i + delta));
        state.select(keys.get(next));
    }

    /** Alt-1..9: opens the n-th conversation of the list (rooms first, then peers). */
    private void jumpTo(int index) {
        List<String> keys = model.listKeys();
        if (index < keys.size()) {
            openConversation(keys.get(index));
        } else {
            state.status("no conversation " + (index + 1) + " in the list", false);
        }
    }

    private void nextUnread(int direction) {
        List<String> keys = model.listKeys();
        int n = keys.size();
        int start = state.open() == null ? (direction > 0 ? -1 : n) : keys.indexOf(state.open());
        for (int k = 1; k <= n; k++) {
            int i = Math.floorMod(start + direction * k, n);
            if (state.unread(keys.get(i)) > 0) {
                openConversation(keys.get(i));
                return;
            }
        }
        state.status("no unread messages", false);
    }

    private int page() {
        return Math.max(1, layout.transcriptHeight() - 1);
    }

    private void scrollUp(int rows) {
        if (!layout.tooSmall()) {
            String key = state.viewKey();
            state.scroll(key, view.up(model.view(key), marker(), state.scroll(key), layout.paneWidth(),
                    layout.transcriptHeight(), rows));
        }
    }

    private void scrollDown(int rows) {
        if (!layout.tooSmall()) {
            String key = state.viewKey();
            state.scroll(key, view.down(model.view(key), marker(), state.scroll(key), layout.paneWidth(),
                    layout.transcriptHeight(), rows));
        }
    }

    private void scrollEnd(boolean top) {
        String key = state.viewKey();
        if (!top || layout.tooSmall()) {
            state.scroll(key, null);
        } else {
            state.scroll(key, view.top(model.view(key), marker(), layout.paneWidth(), layout.transcriptHeight()));
        }
    }

    private Entry marker() {
        return state.helpVisible() || state.open() == null ? null : state.unreadMarker(state.open());
    }

    private static boolean isCtrl(KeyStroke k, char c) {
        return k.getKeyType() == KeyType.Character && k.isCtrlDown() && !k.isAltDown()
                && Character.toLowerCase(k.getCharacter()) == c;
    }

    private static boolean isCtrlOrAlt(KeyStroke k, char c) {
        return k.getKeyType() == KeyType.Character && (k.isCtrlDown() || k.isAltDown())
                && Character.toLowerCase(k.getCharacter()) == c;
    }

    // ---- chat events

    /**
     * Applies a chat event. Returns false for a transfer's progress alone (the same state, more bytes):
     * the screen owes it a redraw only at the pace of {@link #progressOwed()}, not at once.
     */
    boolean onEvent(UiEvent e) {
        if (e instanceof UiEvent.TransferChanged tc) {
            return transfer(tc.transfer());
        }
        apply(e);
        return true;
    }

    /** Whether a transfer's progress changed what the screen shows since {@link #progressDrawn()}. */
    boolean progressOwed() {
        return progressOwed;
    }

    void progressDrawn() {
        progressOwed = false;
    }

    private void apply(UiEvent e) {
        if (e instanceof UiEvent.PeerChanged pc) {
            peerChanged(pc.peer());
        } else if (e instanceof UiEvent.PeerRemoved pr) {
            peerRemoved(pr.fingerprint());
        } else if (e instanceof UiEvent.PeerReplaced r) {
            peerReplaced(r.oldFingerprint(), r.replacement());
        } else if (e instanceof UiEvent.MessageReceived mr) {
            try {
                messageReceived(mr.message());
            } finally {
                handOver.received(mr.message()); // also when it failed: else its sender would stall
            }
        } else if (e instanceof UiEvent.StatusChanged sc) {
            knowPeer(sc.message().peer());
            // Our messages enter the pane from send(); a status of one the pane no longer holds (dropped from
            // memory) must not bring it back as if new.
            model.conversation(sc.message().peer()).update(sc.message());
        } else if (e instanceof UiEvent.Typing t) {
            state.typing(t.peer(), t.active(), clock.instant());
        } else if (e instanceof UiEvent.NicknameChanged nc) {
            model.ourNickname(nc.nickname());
        } else if (e instanceof UiEvent.WarningRaised w) {
            warning(w.warning());
        } else {
            roomEvent(e);
        }
    }

    // ---- rooms engine events

    private void roomEvent(UiEvent e) {
        if (e instanceof UiEvent.RoomChanged rc) {
            roomChanged(rc.room());
        } else if (e instanceof UiEvent.RoomInvited ri) {
            invited(ri.invite(), true);
        } else if (e instanceof UiEvent.RoomMessageReceived rm) {
            try {
                roomMessageReceived(rm.message());
            } finally {
                handOver.received(RoomsEngine.forHandOver(rm.message())); // else its author would stall
            }
        } else if (e instanceof UiEvent.RoomMessageChanged mc) {
            model.conversation(RoomDirectory.key(mc.message().room())).update(mc.message());
        } else if (e instanceof UiEvent.RoomLeft rl) {
            roomLeft(rl.room(), rl.name(), rl.reason());
        } else if (e instanceof UiEvent.RoomWarning w) {
            model.console().add(Entry.Kind.WARNING, clock.instant(), w.message());
            if (w.room() != null && model.rooms().get(RoomDirectory.key(w.room())).isPresent()) {
                model.conversation(RoomDirectory.key(w.room())).add(Entry.Kind.WARNING, clock.instant(), w.message());
            }
            state.status("warning: " + w.message(), true);
        }
    }

    /** A room's new snapshot; its pane says who joined or left and a new topic. */
    private void roomChanged(RoomInfo r) {
        String key = RoomDirectory.key(r.id());
        RoomInfo before = model.rooms().put(r).orElse(null);
        Transcript t = model.conversation(key);
        String label = model.rooms().label(r);
        java.time.Instant now = clock.instant();
        if (before == null) {
            t.add(Entry.Kind.SYSTEM, now, "you are in " + label + " · " + RoomFormat.counts(r)
                    + (r.weOwn() ? " · /invite " + label + " PEER adds a member" : ""));
        } else {
            java.util.Set<String> was = new java.util.HashSet<>();
            before.members().forEach(m -> was.add(m.fingerprint()));
            java.util.Set<String> is = new java.util.HashSet<>();
            for (RoomInfo.Member m : r.members()) {
                is.add(m.fingerprint());
                if (!was.contains(m.fingerprint())) {
                    t.add(Entry.Kind.SYSTEM, now, m.nick() + " joined " + label);
                }
            }
            for (RoomInfo.Member m : before.members()) {
                if (!is.contains(m.fingerprint())) {
                    t.add(Entry.Kind.SYSTEM, now, m.nick() + " is no longer in " + label);
                }
            }
            if (!before.topic().equals(r.topic())) {
                t.add(Entry.Kind.SYSTEM, now, r.topic().isEmpty() ? "the topic was cleared"
                        : "topic: " + r.topic());
            }
        }
        selectFirstIfNone();
    }

    /** An invitation or an offer of a room back: in the status view and the inviter's pane, and on the rule. */
    private void invited(RoomInvite i, boolean live) {
        if (!model.rooms().invite(i)) {
            return; // the same one again (an event the snapshot had)
        }
        String label = model.rooms().label(i);
        String text = RoomFormat.invitation(i, label, model.ourFingerprint());
        java.time.Instant now = clock.instant();
        model.console().add(Entry.Kind.SYSTEM, now, text);
        if (RoomFormat.untrustedInviter(i)) {
            model.console().add(Entry.Kind.WARNING, now, RoomFormat.untrustedNote(i));
        }
        if (model.peers().get(i.from()).isPresent()) {
            model.conversation(i.from()).add(Entry.Kind.SYSTEM, now, text);
        }
        if (live) {
            state.status((i.rejoin() ? "offered back: " : "invitation: ") + label + " from " + i.fromNick()
                    + " · /join " + label + " or /decline " + label, false);
            bell = true;
        }
        selectFirstIfNone();
    }

    private void roomMessageReceived(RoomMessage m) {
        String key = RoomDirectory.key(m.room());
        if (model.rooms().get(key).isEmpty()) {
            try {
                model.rooms().put(rooms.room(m.room()));
            } catch (ChatException | RuntimeException gone) {
                return; // no longer held: nothing to show it in
            }
        }
        Entry entry = putRoomMessage(m);
        if (entry == null || m.outgoing()) {
            return;
        }
        if (state.arrived(key, entry)) {
            bell = true;
            if (notice == null) {
                String label = model.rooms().get(key).map(model.rooms()::label).orElse("a room");
                notice = new Notice(m.nick() + " in " + label, m.text());
            }
        }
    }

    /** We no longer hold a room: its pane (if open) and the status view say why; its row goes once closed. */
    private void roomLeft(String id, String name, String reason) {
        String key = RoomDirectory.key(id);
        boolean open = key.equals(state.open());
        String label = model.rooms().get(key).map(model.rooms()::label).orElse("#" + name);
        String text = label + ": " + RoomFormat.gone(reason);
        Entry.Kind kind = reason.equals("left") ? Entry.Kind.SYSTEM : Entry.Kind.WARNING;
        if (open) {
            model.conversation(key).add(kind, clock.instant(), text);
        }
        model.console().add(kind, clock.instant(), text);
        model.rooms().left(id, reason, open);
        if (!open) {
            boolean selected = key.equals(state.selected());
            model.forget(key);
            state.forget(key);
            if (selected) {
                selectFirstIfNone();
            }
        }
        if (!reason.equals("left")) {
            state.status(text, true);
        }
    }

    /**
     * A transfer's line in its peer's conversation, added or rewritten in place; an offer to us counts as
     * unread (and rings) as a message does. False when only its progress moved.
     */
    private boolean transfer(dev.parley.chat.TransferInfo t) {
        knowPeer(t.peer());
        dev.parley.chat.TransferInfo before = model.transfer(t);
        Entry entry = model.conversation(t.peer()).putTransfer(t.id(), clock.instant(), TransferFormat.line(t),
                    TransferFormat.style(t));
        if (entry != null && t.incoming() && t.state().equals("offered") && state.arrived(t.peer(), entry)) {
            bell = true;
            if (notice == null) {
                String name = t.files().isEmpty() ? "files" : t.files().get(0).path();
                notice = new Notice(model.peers().get(t.peer()).map(PeerDirectory::nick).orElse("a peer"),
                        "offers " + name + " (" + TransferFormat.bytes(t.total()) + ")");
            }
        }
        boolean progress = entry == null && before != null && before.state().equals(t.state())
                && java.util.Objects.equals(before.reason(), t.reason());
        progressOwed |= progress;
        return !progress;
    }

    private void peerChanged(PeerInfo p) {
        PeerInfo before = model.peers().put(p).orElse(null);
        if (p.state() == PeerState.ONLINE) {
            queuedNoted.remove(p.fingerprint()); // the next time it is away, say it again
            model.handshakeUnanswered(p.fingerprint(), false);
        }
        Transcript t = model.conversation(p.fingerprint());
        String nick = PeerDirectory.nick(p);
        boolean wasOnline = before != null && before.state() == PeerState.ONLINE;
        if (p.state() == PeerState.ONLINE && !wasOnline) {
            t.add(Entry.Kind.SYSTEM, clock.instant(), nick + " is online");
        } else if (wasOnline && p.state() != PeerState.ONLINE && p.state() != PeerState.CONNECTING) {
            t.add(Entry.Kind.SYSTEM, clock.instant(), nick + " went offline");
            state.typing(p.fingerprint(), false, clock.instant());
        }
        if (before != null && before.trust() != p.trust()) {
            if (p.trust() == Trust.VERIFIED) {
                t.add(Entry.Kind.SYSTEM, clock.instant(), nick + " is verified");
            } else if (p.trust() == Trust.CHANGED) {
                t.add(Entry.Kind.WARNING, clock.instant(), nick + "'s key changed; compare safety numbers with"
                        + " /verify before you /trust it");
            }
        }
        if (before != null && !PeerDirectory.nick(before).equals(nick)) {
            t.add(Entry.Kind.SYSTEM, clock.instant(), PeerDirectory.nick(before) + " is now known as " + nick);
        }
        selectFirstIfNone();
    }

    /** {@code /trust}: the conversation with the old key continues with the new one; the old row goes next. */
    private void peerReplaced(String oldFingerprint, PeerInfo p) {
        model.peers().put(p);
        model.replace(oldFingerprint, p.fingerprint());
        model.conversation(p.fingerprint()).add(Entry.Kind.SYSTEM, clock.instant(), PeerDirectory.nick(p)
                + " now has the key " + p.shortFingerprint() + "; the old key is retired");
        if (oldFingerprint.equals(state.open())) {
            state.open(p.fingerprint());
        }
        if (oldFingerprint.equals(state.selected())) {
            state.select(p.fingerprint());
        }
    }

    /** The engine forgot a peer we never talked to: its row goes; the cursor moves to the row now there. */
    private void peerRemoved(String fingerprint) {
        int row = model.peers().indexOf(fingerprint);
        PeerInfo gone = model.peers().remove(fingerprint).orElse(null);
        model.handshakeUnanswered(fingerprint, false);
        if (gone == null) {
            return;
        }
        boolean wasOpen = fingerprint.equals(state.open());
        boolean wasSelected = fingerprint.equals(state.selected());
        model.forget(fingerprint);
        state.forget(fingerprint);
        List<PeerInfo> rest = model.peers().sorted();
        if (wasSelected && !rest.isEmpty()) {
            state.select(rest.get(Math.min(row, rest.size() - 1)).fingerprint());
        }
        if (wasOpen) {
            state.status(PeerDirectory.nick(gone) + " has left the network", false);
        }
    }

    private void messageReceived(ChatMessage m) {
        knowPeer(m.peer());
        Entry entry = model.conversation(m.peer()).put(m, shownAt(m));
        if (entry == null || m.outgoing()) {
            return;
        }
        state.typing(m.peer(), false, clock.instant());
        if (state.arrived(m.peer(), entry)) {
            bell = true;
            if (notice == null) {
                notice = new Notice(model.peers().get(m.peer()).map(PeerDirectory::nick).orElse(m.author()),
                        Sanitizer.nothingPrintable(m.text()) ? Sanitizer.NOTHING_PRINTABLE : m.text());
            }
        }
    }

    /**
     * When a message is shown: ours when written; theirs when it reached us, but never before the latest line
     * of its pane (a message queued for us while we were away comes after the "is online" line, and says when
     * it was written). The engine keeps a peer's clock from running far ahead of ours.
     */
    private java.time.Instant shownAt(ChatMessage m) {
        java.time.Instant latest = model.conversation(m.peer()).latest();
        return m.outgoing() || !latest.isAfter(m.time()) ? m.time() : latest;
    }

    private void warning(Warning w) {
        if ("dial-failed".equals(w.code())) {
            networkStatus.dialFailed(w.message());
        } else if ("no-handshake-reply".equals(w.code()) || "other-network-key".equals(w.code())) {
            networkStatus.networkKeyHint(w.message());
            if (w.peer() != null) {
                model.handshakeUnanswered(w.peer(), true);
            }
        }
        model.console().add(Entry.Kind.WARNING, clock.instant(), w.message());
        if (w.peer() != null) {
            model.conversation(w.peer()).add(Entry.Kind.WARNING, clock.instant(), w.message());
        }
        state.status("warning: " + w.message(), true);
    }

    /** A message from a peer the directory has not heard of yet: ask the engine (non-blocking). */
    private void knowPeer(String fingerprint) {
        if (model.peers().get(fingerprint).isEmpty()) {
            chat.peer(fingerprint).ifPresent(p -> {
                model.peers().put(p);
                selectFirstIfNone();
            });
        }
    }

    private void selectFirstIfNone() {
        if (state.selected() == null) {
            List<String> keys = model.listKeys();
            if (!keys.isEmpty()) {
                state.select(keys.get(0));
            }
        }
    }

    /** The invitations as the engine has them now (after {@code /join} or {@code /decline}). */
    @Override
    public void invitationsChanged() {
        if (rooms != null) {
            model.rooms().invitations(rooms.invitations());
            if (RoomDirectory.isInvite(state.selected()) && model.rooms().invitation(state.selected()).isEmpty()) {
                state.select(null);
                selectFirstIfNone();
            }
        }
    }

    /** The room we just created or sent to: into the list now (its event follows), and open. */
    @Override
    public void openRoom(RoomInfo room) {
        if (model.rooms().get(RoomDirectory.key(room.id())).isEmpty()) {
            roomChanged(room);
        }
        openConversation(RoomDirectory.key(room.id()));
    }

    @Override
    public Entry roomMessage(RoomMessage m) {
        return putRoomMessage(m);
    }
}
