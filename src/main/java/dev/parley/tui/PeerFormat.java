package dev.parley.tui;

import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Presence;
import dev.parley.chat.Trust;

import java.util.List;

/**
 * The glyphs and words that describe a peer: state glyph (● online, ◐ online but away, ◌ connecting,
 * ○ offline, a dim ⊘ ignored), trust mark (✓ verified, * new, ! key changed, nothing for known). Stateless.
 */
final class PeerFormat {
    private PeerFormat() {}

    static Glyph stateGlyph(PeerInfo p) {
        if (p.ignored()) {
            return glyph("⊘", Style.DIM);
        }
        return switch (p.state()) {
            case ONLINE -> p.presence() == Presence.AWAY ? glyph("◐", Style.PENDING) : glyph("●", Style.GOOD);
            case CONNECTING -> glyph("◌", Style.PENDING);
            case DISCOVERED -> glyph("○", Style.NORMAL);
            case OFFLINE, LOST -> glyph("○", Style.DIM);
        };
    }

    /** The trust mark, or null for a known (trusted on first use, not verified) peer. */
    static Glyph trustMark(PeerInfo p) {
        return switch (p.trust()) {
            case VERIFIED -> glyph("✓", Style.GOOD);
            case NEW -> glyph("*", Style.PENDING);
            case CHANGED -> glyph("!", Style.ALERT);
            case KNOWN -> null;
        };
    }

    static String stateWord(PeerInfo p) {
        if (p.ignored()) {
            return "ignored";
        }
        String s = switch (p.state()) {
            case ONLINE -> "online";
            case CONNECTING -> "connecting";
            case DISCOVERED -> "seen on the LAN";
            case OFFLINE -> "offline";
            case LOST -> "gone";
        };
        return p.state() == PeerState.ONLINE && p.presence() == Presence.AWAY ? s + ", away" : s;
    }

    static String trustWord(PeerInfo p) {
        return switch (p.trust()) {
            case NEW -> "new";
            case KNOWN -> "known";
            case VERIFIED -> "verified";
            case CHANGED -> "KEY CHANGED: /verify, then /trust";
        };
    }

    /** One line for /peers: glyph, nickname, short fingerprint, state, trust. */
    static String summary(PeerInfo p) {
        return stateGlyph(p).text() + " " + PeerDirectory.nick(p) + " (" + p.shortFingerprint() + ") "
                + stateWord(p) + ", " + (p.trust() == Trust.CHANGED ? "key changed!" : trustWord(p));
    }

    private static Glyph glyph(String s, Style style) {
        List<Glyph> g = Glyph.of(s, style);
        return g.get(0);
    }
}
