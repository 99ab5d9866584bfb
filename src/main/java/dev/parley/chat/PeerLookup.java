package dev.parley.chat;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the peer a user means: a full fingerprint; else a unique nickname (case-insensitive, see
 * {@link Sanitizer#nicknameKey}; a peer shown apart for claiming a known peer's nickname never matches
 * by nickname); else a fingerprint prefix of at least 8 characters. Stateless.
 */
final class PeerLookup {
    private PeerLookup() {}

    static Peer find(Collection<Peer> peers, String query) throws ChatException {
        String q = query == null ? "" : query.strip();
        for (Peer p : peers) {
            if (p.fingerprint.equals(q)) {
                return p;
            }
        }
        String key = Sanitizer.nicknameKey(q);
        List<Peer> byNick = peers.stream()
                .filter(p -> p.conflictsWith == null && !key.isEmpty())
                .filter(p -> p.nicknameKey().equals(key)).toList();
        if (byNick.size() == 1) {
            return byNick.get(0);
        }
        if (byNick.size() > 1) {
            throw ambiguous(q, byNick);
        }
        String body = q.startsWith("SHA256:") ? q.substring("SHA256:".length()) : q;
        if (body.length() < 8) {
            throw new ChatException("unknown-peer", "no peer called '" + q
                    + "' (a fingerprint prefix needs at least 8 characters)");
        }
        List<Peer> byPrefix = peers.stream().filter(p -> p.fingerprint.startsWith("SHA256:" + body)).toList();
        if (byPrefix.size() == 1) {
            return byPrefix.get(0);
        }
        if (byPrefix.size() > 1) {
            throw ambiguous(q, byPrefix);
        }
        throw new ChatException("unknown-peer", "no peer called '" + q + "' and no fingerprint starting so");
    }

    private static ChatException ambiguous(String q, List<Peer> candidates) {
        String list = candidates.stream().map(p -> p.nickname + " (" + p.fingerprint + ")")
                .collect(Collectors.joining(", "));
        return new ChatException("ambiguous-peer", "'" + q + "' could be any of: " + list
                + "; use a longer fingerprint prefix");
    }
}
