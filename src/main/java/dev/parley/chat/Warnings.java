package dev.parley.chat;

import dev.parley.identity.KnownPeer;
import java.net.InetSocketAddress;
import java.util.Map;

/** The warnings the engine raises, worded for the user. Stateless. */
final class Warnings {
    private Warnings() {}

    static Warning keyChanged(String fingerprint, String nick, KnownPeer known) {
        String prefix = shortOf(fingerprint);
        String resolve = "/trust " + prefix;
        String message = "WARNING: a peer with a NEW KEY " + fingerprint + " calls itself '" + nick
                + "', the nickname of known peer " + known.fingerprint() + ". It may be " + known.nickname()
                + " after a reinstall, or someone posing as them. It is shown apart and gets nothing meant for "
                + known.nickname() + ". Compare safety numbers with them (/verify " + prefix + "); if it is "
                + known.nickname() + ", " + resolve + " moves the conversation and queued messages to the new key"
                + " and retires the old one; if not, /ignore " + prefix + ".";
        return new Warning("key-changed", known.fingerprint(), message, Map.of(
                "known_fingerprint", known.fingerprint(), "new_fingerprint", fingerprint, "nick", nick,
                "resolve", resolve));
    }

    static Warning expired(String fingerprint, String nick, java.util.List<Outbox.Outgoing> gone) {
        String ids = String.join(",", gone.stream().map(o -> o.record().id()).toList());
        return new Warning("expired", fingerprint, gone.size() + " message" + (gone.size() == 1 ? "" : "s") + " to "
                + nick + " could not be delivered within " + ChatEngine.QUEUED_LIFETIME_MILLIS / 3_600_000
                + " h and failed (✗); nothing more will be tried", Map.of("count", Integer.toString(gone.size()),
                "ids", ids));
    }

    private static String shortOf(String fingerprint) {
        int start = fingerprint.indexOf(':') + 1;
        return fingerprint.substring(start, Math.min(fingerprint.length(), start + 8));
    }

    static Warning nickConflict(String fingerprint, String nick, KnownPeer known) {
        String message = fingerprint + " calls itself '" + nick + "', the nickname of known peer "
                + known.fingerprint() + "; it is shown with its fingerprint";
        return new Warning("nick-conflict", fingerprint, message, Map.of(
                "known_fingerprint", known.fingerprint(), "fingerprint", fingerprint, "nick", nick));
    }

    static Warning clockSkew(String fingerprint, String nick, long offset) {
        String message = "the clock of " + nick + " (" + fingerprint + ") is " + Math.abs(offset / 1000)
                + " s " + (offset > 0 ? "ahead of" : "behind") + " ours; fix the clocks if sessions fail";
        return new Warning("clock-skew", fingerprint, message, Map.of("offset_ms", Long.toString(offset)));
    }

    static Warning discoveryOff(String why) {
        return new Warning("discovery-off", null, "mDNS discovery is off: " + why + ". No peer will be found on the"
                + " LAN and none will find us by mDNS; peers can still be reached with /connect HOST[:PORT] or --peer",
                Map.of("reason", why));
    }

    static Warning dialFailed(InetSocketAddress address, String reason) {
        String where = address == null ? "?" : HostPort.format(address);
        return new Warning("dial-failed", null, "could not reach " + where + ": " + reason,
                Map.of("address", where, "reason", String.valueOf(reason)));
    }

    static Warning handshakeUnanswered(InetSocketAddress address, String fingerprint, String nick, int times) {
        String where = address == null ? "?" : HostPort.format(address);
        String who = nick == null ? "the peer at " + where : nick + " (" + where + ")";
        String message = who + " does not answer our handshake (another network key, or busy): it closed the"
                + " connection after our first message " + times + " times in a row, as Parley does to a peer"
                + " with another key, and also when it is too busy to take us (its unauthenticated connections"
                + " full); /status shows our key's hash, to compare with theirs";
        return new Warning("no-handshake-reply", fingerprint, message, Map.of("address", where,
                "times", Integer.toString(times)));
    }

    static Warning otherNetworkKey(java.net.InetAddress from, boolean theyUseAKey, int moreAddresses) {
        String where = from == null ? "?" : HostPort.address(from);
        String message = "a peer at " + where + (theyUseAKey ? " uses a network key other than ours"
                : " uses no network key, and we use one") + ": its handshake was refused, and it was told nothing"
                + (moreAddresses > 0 ? "; and " + moreAddresses + " more refused from other addresses since the"
                        + " last such warning" : "");
        return new Warning("other-network-key", null, message, Map.of("address", where,
                "their_key", theyUseAKey ? "other" : "none", "more_addresses", Integer.toString(moreAddresses)));
    }

    static Warning spoof(String announced, String proven, InetSocketAddress from) {
        String where = from == null ? "?" : HostPort.format(from);
        return new Warning("spoof", announced, "SECURITY: the peer at " + where + " announced "
                + announced + " but proved the key " + proven + "; the session was refused",
                Map.of("announced_fingerprint", String.valueOf(announced),
                        "proven_fingerprint", String.valueOf(proven), "address", where));
    }

    /** A discovery source's own trouble, e.g. {@code dns-sd}: "registration in office.example refused". */
    static Warning discovery(String code, String message) {
        return new Warning(code, null, message, Map.of());
    }

    static Warning trustStore(String fingerprint, String why) {
        return new Warning("trust-store", fingerprint, "could not save the known peers (" + why
                + "); this run still uses the decision", Map.of());
    }
}
