package dev.parley.tui;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import dev.parley.rooms.RoomInfo;
import dev.parley.rooms.RoomInvite;
import dev.parley.rooms.RoomJoin;
import dev.parley.rooms.RoomMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * The words and glyphs that describe rooms: the marks of our messages ({@code … 0/3} queued for every
 * member, {@code ✓ 2/3} sent to 2 of the 3 other members, {@code ✓✓ 3/3} delivered to all of them), the
 * lines for messages that did not arrive, a room's title and summary, its members, an invitation.
 * Stateless.
 */
final class RoomFormat {
    private RoomFormat() {}

    /**
     * A room message as the chat message its pane keys and searches it by; its status says what the marks
     * say (delivered: to every member).
     */
    static ChatMessage asChat(RoomMessage m) {
        MessageStatus status = !m.outgoing() || (m.members() > 0 && m.delivered() >= m.members())
                ? MessageStatus.DELIVERED : m.sent() > 0 ? MessageStatus.SENT : MessageStatus.QUEUED;
        return new ChatMessage(m.id(), RoomDirectory.key(m.room()), m.outgoing(), m.nick(), m.text(), m.time(), status);
    }

    /** Our message's mark: how many of the other members have it. */
    static List<Glyph> marks(RoomMessage m) {
        int n = m.members();
        if (n == 0) {
            return Glyph.of("✓", Style.DIM); // nobody else is in the room
        }
        if (m.delivered() >= n) {
            return Glyph.of("✓✓ " + n + "/" + n, Style.GOOD);
        }
        if (m.sent() == 0) {
            return Glyph.of("… 0/" + n, Style.PENDING);
        }
        return Glyph.of("✓ " + m.sent() + "/" + n, Style.DIM);
    }

    /** The lines that stand before a received message, one for each member whose messages did not arrive. */
    static List<String> missing(RoomMessage m) {
        List<String> out = new ArrayList<>();
        for (RoomMessage.Missing x : m.missingBefore()) {
            String count = x.count() + (x.count() == 1 ? " message" : " messages");
            if (x.from().equals(m.from())) {
                out.add(count + " from " + x.nick() + " missing: they never arrived");
            } else {
                out.add(count + " from " + x.nick() + " missing (" + m.nick() + " had seen "
                        + (x.count() == 1 ? "it" : "them") + ")");
            }
        }
        return out;
    }

    static long unreachable(RoomInfo r) {
        return r.members().stream().filter(m -> m.state().equals("unreachable")).count();
    }

    /** {@code 4 members, 3 online · owner alice}, with the unreachable if any. */
    static String counts(RoomInfo r) {
        int n = r.members().size();
        long gone = unreachable(r);
        return n + (n == 1 ? " member, " : " members, ") + r.online() + " online"
                + (gone == 0 ? "" : ", " + gone + " unreachable") + " · owner " + (r.weOwn() ? "you" : r.ownerNick());
    }

    /** The pane's title for a room: {@code #lunch · 4 members, 3 online · owner alice · v3 · topic}. */
    static List<Glyph> title(RoomInfo r, String label, String goneReason) {
        List<Glyph> out = new ArrayList<>(Glyph.of(label, Style.BOLD));
        if (goneReason != null) {
            out.addAll(Glyph.of(" · " + gone(goneReason), Style.ALERT));
            return out;
        }
        out.addAll(Glyph.of(" · " + counts(r) + " · v" + r.version(), Style.DIM));
        if (!r.topic().isEmpty()) {
            out.addAll(Glyph.of(" · " + r.topic(), Style.NORMAL));
        }
        return out;
    }

    /** Why we no longer hold a room, as the title and the pane say it. */
    static String gone(String reason) {
        return switch (reason) {
            case "left" -> "you left";
            case "removed" -> "you were removed by its owner";
            case "owner-gone" -> "its owner left: the room has ended";
            default -> "no longer held (" + reason + ")";
        };
    }

    /** One line for {@code /rooms}. */
    static String summary(RoomInfo r, String label) {
        return label + " · " + counts(r) + " · v" + r.version() + (r.topic().isEmpty() ? "" : " · " + r.topic());
    }

    /** The lines for {@code /members}: state glyph, nickname, what they are, trust. */
    static List<String> members(RoomInfo r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.members().size(); i++) {
            RoomInfo.Member m = r.members().get(i);
            String glyph = switch (m.state()) {
                case "self", "online" -> "●";
                case "unreachable" -> "⊘";
                default -> "○";
            };
            String what = m.state().equals("self") ? "you" : m.state().equals("unreachable")
                    ? "unreachable (a session, but no rooms in that Parley)" : m.state();
            String trust = m.state().equals("self") ? "" : ", " + (m.trust().equals("changed")
                    ? "KEY CHANGED: /verify, then /trust (sent nothing until then)" : m.trust());
            out.add(glyph + " " + m.nick() + (i == 0 ? " (owner)" : "") + " " + what + trust);
        }
        return out;
    }

    /** An invitation as the status view says it, with the commands that answer it. */
    static String invitation(RoomInvite i, String label, String us) {
        List<String> others = i.members().stream().filter(m -> !m.fingerprint().equals(i.from())
                && !m.fingerprint().equals(us)).map(RoomInfo.Member::nick).toList();
        String with = others.isEmpty() ? "" : " with " + String.join(", ", others);
        String head = i.rejoin()
                ? i.fromNick() + " offers " + label + " back (you were in it before Parley restarted)" + with
                : i.fromNick() + " invites you to " + label + with;
        return head + (i.note().isBlank() ? "" : ": \"" + i.note() + "\"") + " · /join " + label + " or /decline "
                + label;
    }

    /** A {@code /join} waiting for its owner to add us, as {@code /rooms} lists it. */
    static String joining(RoomJoin j) {
        return "? #" + j.name() + (j.state().equals("pending") ? " joining when " + j.ownerNick() + " is online"
                : " joining: asked " + j.ownerNick() + ", waiting to be added") + " · /decline #" + j.name()
                + " withdraws it";
    }

    /** Whether an invitation comes from a peer whose key is new or changed here (never taken for you). */
    static boolean untrustedInviter(RoomInvite i) {
        return i.fromTrust().equals("new") || i.fromTrust().equals("changed");
    }

    static String untrustedNote(RoomInvite i) {
        return i.fromNick() + "'s key is " + (i.fromTrust().equals("changed") ? "CHANGED" : "new") + " here:"
                + " an invitation from a new or changed key is never accepted automatically; /verify "
                + i.fromNick() + " before you /join";
    }
}
