package dev.parley.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import dev.parley.rooms.RoomInfo;
import dev.parley.rooms.RoomInvite;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a whole frame (see {@link Layout}) from the UI state and model onto a TextGraphics of any size,
 * and says where the cursor goes. Draws only what is visible. UI thread only; not thread-safe.
 */
final class Renderer {
    static final String TOO_SMALL = "Terminal too small (need " + Layout.MIN_COLUMNS + "x" + Layout.MIN_ROWS + ")";
    static final String FOOTER_LIST = "↑↓ select · Enter open · Tab input · Alt-N unread · F1 help · Ctrl-C quit";
    static final String FOOTER_INPUT = "Enter send · Esc list · ↑↓ history · PgUp/PgDn scroll · F1 help · Ctrl-C quit";
    static final String FOOTER_HELP = "Esc/F1 close help · PgUp/PgDn scroll";
    static final String FOOTER_QUIT = "Ctrl-C or /quit: leave · Esc: stay";
    private static final int PROMPT_NICK_COLUMNS = 12;
    private static final int HEADER_NICK_COLUMNS = 24;

    private final Canvas canvas = new Canvas();
    private Theme theme = Theme.DARK;
    private final TranscriptView view;

    Renderer(TranscriptView view) {
        this.view = view;
    }

    /** Draws everything; returns the cursor position, or null to hide the cursor. */
    TerminalPosition draw(TextGraphics graphics, Layout l, UiState s, UiModel m) {
        if (m.options().theme() != theme) {
            theme = m.options().theme();
            canvas.theme(theme);
        }
        canvas.target(graphics);
        for (int row = 0; row < l.rows(); row++) {
            canvas.fill(0, l.columns(), row, " ", Style.NORMAL);
        }
        if (l.tooSmall()) {
            tooSmall(l);
            canvas.finish();
            return null;
        }
        header(l, s, m);
        peerList(l, s, m);
        frame(l);
        pane(l, s, m);
        rule(l, s, m);
        footer(l, s, m);
        TerminalPosition cursor = input(l, s, m);
        canvas.finish();
        return cursor;
    }

    /** Whether the addresses in messages are drawn as links (OSC 8). */
    void links(boolean on) {
        canvas.links(on);
    }

    /** The message, centred; on two lines when one is too narrow for it. */
    private void tooSmall(Layout l) {
        int cut = TOO_SMALL.indexOf(" (");
        List<String> lines = TOO_SMALL.length() <= l.columns() || l.rows() < 2
                ? List.of(TOO_SMALL)
                : List.of(TOO_SMALL.substring(0, cut), TOO_SMALL.substring(cut + 2, TOO_SMALL.length() - 1));
        int row = Math.max(0, (l.rows() - lines.size()) / 2);
        for (String line : lines) {
            List<Glyph> text = Glyph.fit(Glyph.of(line, Style.BOLD), l.columns());
            canvas.put(Math.max(0, (l.columns() - Glyph.width(text)) / 2), row++, text, l.columns());
        }
    }

    private void header(Layout l, UiState s, UiModel m) {
        UiOptions o = m.options();
        String text = " Parley · " + DisplayText.plain(DisplayText.fit(m.ourNickname(), HEADER_NICK_COLUMNS)) + " · " + UiModel.shortFingerprint(m.ourFingerprint())
                + " · " + o.listenHostPort() + " · " + (o.networkKeyInUse() ? "network key on" : "no network key")
                + " · " + m.peers().onlineCount() + " online" + (s.away() ? " · away" : "");
        bar(l, 0, text);
    }

    private void footer(Layout l, UiState s, UiModel m) {
        String text;
        if (s.quitPending()) {
            text = FOOTER_QUIT;
        } else if (s.helpVisible()) {
            text = FOOTER_HELP;
        } else {
            text = s.focus() == UiState.Focus.LIST ? FOOTER_LIST : FOOTER_INPUT;
        }
        int running = m.runningTransfers();
        bar(l, l.footerRow(), " " + (running == 0 ? "" : transfers(running) + " · ") + text);
    }

    /** What the footer says while transfers run: {@code ⇅ 2 transfers}. */
    static String transfers(int running) {
        return "⇅ " + running + (running == 1 ? " transfer" : " transfers");
    }

    private void bar(Layout l, int row, String text) {
        canvas.fill(0, l.columns(), row, " ", Style.BAR);
        canvas.put(0, row, Glyph.fit(Glyph.of(text, Style.BAR), l.columns()), l.columns());
    }

    /** One row of the list: a heading (key null), or what a key stands for. */
    private record ListRow(String key, String heading) {}

    private void peerList(Layout l, UiState s, UiModel m) {
        if (!m.rooms().isEmpty()) {
            sectionedList(l, s, m);
            return;
        }
        List<PeerInfo> peers = m.peers().sorted();
        if (peers.isEmpty()) {
            canvas.put(1, l.bodyTop(), "no peers yet", Style.DIM, l.listWidth());
            return;
        }
        int h = l.bodyHeight();
        int selected = Math.max(0, m.peers().indexOf(s.selected()));
        int top = selected < h ? 0 : selected - h + 1;
        for (int r = 0; r < h && top + r < peers.size(); r++) {
            peerRow(l, l.bodyTop() + r, peers.get(top + r), s, m);
        }
    }

    /** With rooms: a "Rooms" section (rooms, then invitations) above a "Peers" section. */
    private void sectionedList(Layout l, UiState s, UiModel m) {
        List<ListRow> rows = new ArrayList<>();
        rows.add(new ListRow(null, "Rooms"));
        m.rooms().keys().forEach(k -> rows.add(new ListRow(k, null)));
        rows.add(new ListRow(null, "Peers"));
        List<PeerInfo> peers = m.peers().sorted();
        peers.forEach(p -> rows.add(new ListRow(p.fingerprint(), null)));
        if (peers.isEmpty()) {
            rows.add(new ListRow(null, "no peers yet"));
        }
        int h = l.bodyHeight();
        int selected = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).key() != null && rows.get(i).key().equals(s.selected())) {
                selected = i;
            }
        }
        int top = selected < h ? 0 : selected - h + 1;
        for (int r = 0; r < h && top + r < rows.size(); r++) {
            ListRow row = rows.get(top + r);
            int y = l.bodyTop() + r;
            if (row.key() == null) {
                canvas.put(1, y, Glyph.fit(Glyph.of(row.heading(), Style.DIM), l.listWidth() - 1), l.listWidth());
            } else if (RoomDirectory.isRoom(row.key())) {
                roomRow(l, y, m.rooms().get(row.key()).orElseThrow(), s, m);
            } else if (RoomDirectory.isInvite(row.key())) {
                inviteRow(l, y, m.rooms().invitation(row.key()).orElseThrow(), s, m);
            } else {
                peerRow(l, y, m.peers().get(row.key()).orElseThrow(), s, m);
            }
        }
    }

    /** {@code # lunch 3/4} (online of members), its unread count on the right; dim once we left it. */
    private void roomRow(Layout l, int row, RoomInfo r, UiState s, UiModel m) {
        String key = RoomDirectory.key(r.id());
        String gone = m.rooms().goneReason(key);
        boolean open = key.equals(s.open());
        Style base = gone != null ? Style.DIM : open ? Style.BOLD : Style.NORMAL;
        String label = m.rooms().label(r).substring(1);
        String counts = gone != null ? " left" : " " + r.online() + "/" + r.members().size();
        listRow(l, row, key, s, new Glyph("#", 1, gone == null && r.online() > 1 ? Style.GOOD : Style.DIM),
                label, base, counts);
    }

    /** {@code ? lunch invited}: waits for /join or /decline. */
    private void inviteRow(Layout l, int row, RoomInvite i, UiState s, UiModel m) {
        String label = m.rooms().label(i).substring(1);
        listRow(l, row, RoomDirectory.inviteKey(i.room()), s, new Glyph("?", 1, Style.PENDING), label,
                Style.NORMAL, " invited");
    }

    private void listRow(Layout l, int row, String key, UiState s, Glyph glyph, String name, Style base,
                         String after) {
        boolean cursor = s.focus() == UiState.Focus.LIST && key.equals(s.selected());
        int w = l.listWidth();
        int unread = s.unread(key);
        String count = unread == 0 ? "" : unread > 99 ? "99+" : String.valueOf(unread);
        int area = w - 4 - (count.isEmpty() ? 0 : count.length() + 1);
        List<Glyph> cells = new ArrayList<>();
        cells.add(new Glyph(" ", 1, Style.NORMAL));
        cells.add(glyph);
        cells.add(new Glyph(" ", 1, Style.NORMAL));
        int afterWidth = DisplayText.width(after);
        if (area - afterWidth >= EntryFormatter.NICK_COLUMNS / 2 || area - afterWidth >= DisplayText.width(name)) {
            cells.addAll(Glyph.of(DisplayText.fit(name, area - afterWidth), base));
            cells.addAll(Glyph.of(after, Style.DIM));
        } else {
            cells.addAll(Glyph.of(DisplayText.fit(name, area), base));
        }
        while (Glyph.width(cells) < w - 1 - count.length()) {
            cells.add(new Glyph(" ", 1, Style.NORMAL));
        }
        cells.addAll(Glyph.of(count, Style.UNREAD));
        cells.add(new Glyph(" ", 1, Style.NORMAL));
        if (cursor) {
            cells.replaceAll(g -> new Glyph(g.text(), g.width(), g.style().reversed()));
        }
        canvas.put(0, row, cells, w);
    }

    private void peerRow(Layout l, int row, PeerInfo p, UiState s, UiModel m) {
        boolean cursor = s.focus() == UiState.Focus.LIST && p.fingerprint().equals(s.selected());
        boolean open = p.fingerprint().equals(s.open());
        Style base = p.trust() == Trust.CHANGED ? Style.ALERT : p.ignored() ? Style.DIM : open ? Style.BOLD : Style.NORMAL;
        int w = l.listWidth();
        int unread = s.unread(p.fingerprint());
        String count = unread == 0 ? "" : unread > 99 ? "99+" : String.valueOf(unread);
        int area = w - 4 - (count.isEmpty() ? 0 : count.length() + 1);

        List<Glyph> cells = new ArrayList<>();
        cells.add(new Glyph(" ", 1, Style.NORMAL));
        cells.add(PeerFormat.stateGlyph(p));
        cells.add(new Glyph(" ", 1, Style.NORMAL));
        cells.addAll(label(p, m.peers().nickShared(p), area, base));
        while (Glyph.width(cells) < w - 1 - count.length()) {
            cells.add(new Glyph(" ", 1, Style.NORMAL));
        }
        cells.addAll(Glyph.of(count, Style.UNREAD));
        cells.add(new Glyph(" ", 1, Style.NORMAL));
        if (cursor) {
            cells.replaceAll(g -> new Glyph(g.text(), g.width(), g.style().reversed()));
        }
        canvas.put(0, row, cells, w);
    }

    /** Nickname (and short fingerprint when the nickname is shared), cut to fit, then the trust mark. */
    private static List<Glyph> label(PeerInfo p, boolean shared, int area, Style style) {
        Glyph mark = PeerFormat.trustMark(p);
        int markWidth = mark == null ? 0 : 2;
        String nick = PeerDirectory.nick(p);
        String fp = " " + p.shortFingerprint();
        List<Glyph> out;
        if (shared && area - markWidth - fp.length() >= 2) {
            out = new ArrayList<>(Glyph.of(DisplayText.fit(nick, area - markWidth - fp.length()), style));
            out.addAll(Glyph.of(fp, Style.DIM));
        } else {
            out = new ArrayList<>(Glyph.of(DisplayText.fit(shared ? nick + fp : nick, area - markWidth), style));
        }
        if (mark != null) {
            out.add(new Glyph(" ", 1, style));
            out.add(mark);
        }
        return out;
    }

    private void frame(Layout l) {
        for (int row = l.bodyTop(); row <= l.bodyBottom(); row++) {
            canvas.put(l.border(), row, "│", Style.DIM, l.border() + 1);
        }
        canvas.fill(0, l.columns(), l.ruleRow(), "─", Style.DIM);
        canvas.put(l.border(), l.ruleRow(), "┴", Style.DIM, l.border() + 1);
    }

    private void pane(Layout l, UiState s, UiModel m) {
        canvas.put(l.paneLeft(), l.titleRow(), Glyph.fit(title(s, m, l.paneWidth()), l.paneWidth()), l.columns());
        String key = s.viewKey();
        Entry marker = s.helpVisible() || s.open() == null ? null : s.unreadMarker(s.open());
        List<List<Glyph>> rows = view.visible(m.view(key), marker, s.scroll(key), l.paneWidth(),
                l.transcriptHeight());
        String query = s.search().active() ? Search.fold(s.search().query()) : "";
        for (int i = 0; i < rows.size(); i++) {
            List<Glyph> row = query.isEmpty() ? rows.get(i) : highlighted(rows.get(i), query);
            canvas.put(l.paneLeft(), l.transcriptTop() + i, row, l.columns());
        }
    }

    /** The row with every match of the (folded) query in reverse video. */
    static List<Glyph> highlighted(List<Glyph> row, String query) {
        StringBuilder text = new StringBuilder();
        List<Integer> glyphAt = new ArrayList<>();
        for (int g = 0; g < row.size(); g++) {
            String t = Search.fold(row.get(g).text());
            text.append(t);
            for (int c = 0; c < t.length(); c++) {
                glyphAt.add(g);
            }
        }
        int from = text.indexOf(query);
        if (from < 0) {
            return row;
        }
        List<Glyph> out = new ArrayList<>(row);
        while (from >= 0) {
            int last = glyphAt.get(Math.min(glyphAt.size() - 1, from + query.length() - 1));
            for (int g = glyphAt.get(from); g <= last; g++) {
                Glyph glyph = out.get(g);
                out.set(g, glyph.restyled(glyph.style().reversed()));
            }
            from = text.indexOf(query, from + query.length());
        }
        return out;
    }

    private static List<Glyph> title(UiState s, UiModel m, int width) {
        List<Glyph> out = new ArrayList<>();
        if (s.helpVisible()) {
            out.addAll(Glyph.of("Help", Style.BOLD));
            out.addAll(Glyph.of(" · Esc or F1 closes", Style.DIM));
            return out;
        }
        RoomInfo room = m.rooms().get(s.open()).orElse(null);
        if (room != null) {
            return RoomFormat.title(room, m.rooms().label(room), m.rooms().goneReason(s.open()));
        }
        PeerInfo p = m.peers().get(s.open()).orElse(null);
        if (s.open() == null || p == null) {
            out.addAll(Glyph.of("Parley", Style.BOLD));
            out.addAll(Glyph.of(s.open() == null ? " · status" : " · " + UiModel.shortFingerprint(s.open()),
                    Style.DIM));
            return out;
        }
        Style alert = p.trust() == Trust.CHANGED ? Style.ALERT : Style.DIM;
        List<Glyph> rest = new ArrayList<>(Glyph.of(" " + p.shortFingerprint() + " · " + PeerFormat.stateWord(p)
                + " · ", Style.DIM));
        rest.addAll(Glyph.of(PeerFormat.trustWord(p), alert));
        if (p.state() != PeerState.ONLINE && m.handshakeUnanswered(p.fingerprint())) {
            rest.addAll(Glyph.of(" · no handshake reply (another network key, or busy)", Style.ALERT));
        }
        // A long nickname gives way, so that the fingerprint, state and trust stay readable.
        int nickColumns = Math.max(EntryFormatter.NICK_COLUMNS, width - Glyph.width(rest));
        out.addAll(Glyph.of(DisplayText.fit(PeerDirectory.nick(p), nickColumns),
                p.trust() == Trust.CHANGED ? Style.ALERT : Style.BOLD));
        out.addAll(rest);
        return out;
    }

    private void rule(Layout l, UiState s, UiModel m) {
        if (s.scroll(s.viewKey()) != null) {
            List<Glyph> hint = Glyph.of(" more below: PgDn ", Style.PENDING);
            canvas.put(Math.max(0, l.columns() - Glyph.width(hint) - 1), l.ruleRow(), hint, l.columns());
        }
        String status = s.quitPending() ? s.quitQuestion() : s.pendingPaste() != null ? s.pasteQuestion()
                : s.status() != null ? s.status() : s.search().active() ? searchStatus(s, m) : null;
        if (status != null) {
            Style style = s.statusIsError() || s.quitPending() || s.pendingPaste() != null ? Style.ALERT : Style.BOLD;
            canvas.put(1, l.ruleRow(), Glyph.fit(Glyph.of(" " + status + " ", style), l.columns() - 2),
                    l.columns() - 1);
        } else if (s.open() != null && s.isTyping(s.open())) {
            String nick = m.peers().get(s.open()).map(PeerDirectory::nick).orElse("peer");
            List<Glyph> typing = new ArrayList<>(Glyph.of(" ", Style.DIM));
            typing.addAll(Glyph.of(DisplayText.fit(nick, EntryFormatter.NICK_COLUMNS), Style.DIM));
            typing.addAll(Glyph.of(" is typing… ", Style.DIM));
            canvas.put(l.paneLeft() - 1, l.ruleRow(), typing, l.columns() - 1);
        }
    }

    private static String searchStatus(UiState s, UiModel m) {
        Search search = s.search();
        if (search.query().isEmpty()) {
            return "search: type what to find · Esc ends";
        }
        int[] found = search.count(m.view(s.viewKey()));
        String where = found[1] == 0 ? "no match" : found[0] == 0 ? found[1] + " matches"
                : found[0] + " of " + found[1] + " from the newest";
        return "search \"" + search.query() + "\": " + where + " · Ctrl-R older · Ctrl-S newer · Esc ends";
    }

    private TerminalPosition input(Layout l, UiState s, UiModel m) {
        if (s.search().incremental()) {
            int col = canvas.put(0, l.inputRow(), Glyph.of("search> ", Style.BOLD), l.columns());
            InputView.Shown shown = InputView.layout(s.search().typed(), l.columns() - col, 1);
            canvas.put(col, l.inputRow(), shown.rows().get(0), l.columns());
            return new TerminalPosition(col + shown.cursorColumn(), l.inputRow());
        }
        boolean focused = s.focus() == UiState.Focus.INPUT;
        List<Glyph> prompt = prompt(s, m);
        if (!focused) {
            prompt.replaceAll(g -> new Glyph(g.text(), g.width(), Style.DIM));
        }
        int col = canvas.put(0, l.inputRow(), prompt, l.columns());
        InputView.Shown shown = InputView.layout(s.input(), l.columns() - col, l.inputRows());
        for (int r = 0; r < shown.rows().size(); r++) {
            canvas.put(col, l.inputRow() + r, shown.rows().get(r), l.columns());
        }
        return focused ? new TerminalPosition(col + shown.cursorColumn(), l.inputRow() + shown.cursorRow()) : null;
    }

    private static List<Glyph> prompt(UiState s, UiModel m) {
        List<Glyph> prompt = new ArrayList<>();
        m.peers().get(s.open()).ifPresent(p -> prompt.addAll(
                Glyph.of(DisplayText.fit(PeerDirectory.nick(p), PROMPT_NICK_COLUMNS), Style.BOLD)));
        m.rooms().get(s.open()).ifPresent(r -> prompt.addAll(
                Glyph.of(DisplayText.fit(m.rooms().label(r), PROMPT_NICK_COLUMNS), Style.BOLD)));
        prompt.addAll(Glyph.of("> ", Style.BOLD));
        return prompt;
    }

    /** The layout for a screen of this size, with the rows the input needs now. */
    static Layout layout(com.googlecode.lanterna.TerminalSize size, UiState s, UiModel m) {
        int width = size.getColumns() - Glyph.width(prompt(s, m));
        return Layout.of(size, InputView.rowsNeeded(s.input(), width));
    }
}
