package dev.parley.chat;

import dev.parley.identity.KnownPeer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust on first use: what a proven key, an announcement or a new nickname makes of a peer's trust,
 * the warnings that go with it, and the decisions to remember in {@link KnownPeers}. Not thread-safe:
 * {@link ChatEngine} calls it holding its lock.
 */
final class TrustRules {
    private static final Logger log = LoggerFactory.getLogger(TrustRules.class);

    private final KnownPeers known;
    private final Clock clock;

    TrustRules(KnownPeers known, Clock clock) {
        this.known = known;
        this.clock = clock;
    }

    /**
     * Applies trust on first use to a proven key; adds the decision to remember to {@code toSave} (the
     * caller saves it once the peer is shown online); returns the warnings to raise.
     */
    List<Warning> decide(Peer p, String nick, List<KnownPeer> toSave) {
        List<Warning> warnings = new ArrayList<>();
        Optional<KnownPeer> other = known.claimedBy(nick, p.fingerprint);
        p.nickname = nick;
        Optional<KnownPeer> k = known.get(p.fingerprint);
        if (k.isPresent()) {
            KnownPeer old = k.get();
            p.trust = old.verified() ? Trust.VERIFIED : p.newThisRun ? Trust.NEW : Trust.KNOWN;
            p.conflictsWith = other.map(KnownPeer::fingerprint).orElse(null);
            other.ifPresent(o -> warnings.add(nickConflict(p, o)));
            String keptNick = other.isPresent() ? old.nickname() : nick;
            List<String> addresses = merge(old.addresses(), formatAll(p.manualAddresses));
            KnownPeer seen = rebuild(old, keptNick, clock.instant(), old.verified(), addresses);
            if (addresses.equals(old.addresses()) && !known.minorSaveDue()) {
                known.note(seen); // only the nickname and the time: a peer reconnecting in a loop costs no fsync each
            } else {
                toSave.add(seen); // saved once the peer is shown online
            }
        } else if (p.trustDecided && p.trust == Trust.CHANGED) {
            log.info("peer {} is still shown apart (changed key)", p.fingerprint);
        } else if (other.isPresent()) {
            p.trust = Trust.CHANGED;
            p.conflictsWith = other.get().fingerprint();
            if (!p.keyChangeWarned) {
                p.keyChangeWarned = true;
                log.warn("peer {} claims the nickname of known peer {} with another key", p.fingerprint,
                        other.get().fingerprint());
                warnings.add(Warnings.keyChanged(p.fingerprint, p.nickname, other.get()));
            }
        } else {
            p.trust = Trust.NEW;
            p.newThisRun = true;
            p.conflictsWith = null;
            if (p.interacted) { // a stranger is remembered only once the user dealt with it: a flood grows no file
                toSave.add(fresh(p, p.publicKey, false));
            }
        }
        p.trustDecided = true;
        return warnings;
    }

    /** Before any session: an unknown peer announcing a known peer's nickname is shown apart already. */
    void guess(Peer p) {
        if (p.trustDecided) {
            return;
        }
        Optional<KnownPeer> other = known.claimedBy(p.nickname, p.fingerprint);
        p.trust = other.isPresent() ? Trust.CHANGED : Trust.NEW;
        p.conflictsWith = other.map(KnownPeer::fingerprint).orElse(null);
    }

    /** The peer now calls itself {@code nick}; returns the warning to raise, if any. */
    Optional<Warning> renamed(Peer p, String nick) {
        p.nickname = nick;
        if (p.trust == Trust.CHANGED) {
            return Optional.empty();
        }
        Optional<KnownPeer> other = known.claimedBy(nick, p.fingerprint);
        p.conflictsWith = other.map(KnownPeer::fingerprint).orElse(null);
        if (other.isPresent()) {
            return Optional.of(nickConflict(p, other.get()));
        }
        known.get(p.fingerprint).ifPresent(k -> known.note(rebuild(k, nick, k.lastSeen(), k.verified(), k.addresses())));
        return Optional.empty();
    }

    /**
     * The user dealt with this peer (wrote to it, dialled it): remember its key from now on, if proven
     * and not yet remembered. A changed key is not remembered this way (it waits for {@code /trust}).
     */
    void interacted(Peer p) {
        p.interacted = true;
        if (p.publicKey != null && p.trust != Trust.CHANGED && known.get(p.fingerprint).isEmpty()) {
            known.put(fresh(p, p.publicKey, false));
        }
    }

    /** The user no longer counts this peer as verified ({@code /unverify}). */
    void unverified(Peer p) {
        p.trust = Trust.KNOWN;
        known.get(p.fingerprint).ifPresent(k -> known.put(rebuild(k, k.nickname(), k.lastSeen(), false, k.addresses())));
        log.info("peer {} no longer verified, by the user", p.fingerprint);
    }

    /** The user forgets this peer ({@code /forget}), or its key was retired by accepting a new one. */
    void forgotten(String fingerprint) {
        known.remove(fingerprint);
    }

    private KnownPeer fresh(Peer p, byte[] key, boolean verified) {
        Instant now = clock.instant();
        return new KnownPeer(p.fingerprint, key, p.nickname, now, now, verified, formatAll(p.manualAddresses), p.ignored);
    }

    /** The user compared the safety number of this (proven) key. */
    void verified(Peer p, byte[] key) {
        Instant now = clock.instant();
        accept(p, known.get(p.fingerprint)
                .map(old -> rebuild(old, old.nickname(), old.lastSeen(), true, old.addresses()))
                .orElseGet(() -> new KnownPeer(p.fingerprint, key, p.nickname, now, now, true,
                        formatAll(p.manualAddresses), p.ignored)), Trust.VERIFIED);
    }

    /**
     * The user accepts the changed key of this peer, as the new key of {@code retired} (its fingerprint,
     * or null): the old entry's addresses go with it and the old entry is forgotten.
     */
    void trusted(Peer p, byte[] key, String retired) {
        Instant now = clock.instant();
        List<String> addresses = formatAll(p.manualAddresses);
        if (retired != null) {
            addresses = merge(addresses, known.get(retired).map(KnownPeer::addresses).orElse(List.of()));
        }
        accept(p, new KnownPeer(p.fingerprint, key, p.nickname, now, now, false, addresses, p.ignored), Trust.KNOWN);
        if (retired != null) {
            known.remove(retired);
            log.info("key {} retired: replaced by {}", retired, p.fingerprint);
        }
    }

    /** The user ignores the peer, or no longer does; remembered. */
    void ignored(Peer p, byte[] key, boolean ignore) {
        Instant now = clock.instant();
        p.ignored = ignore;
        known.put(known.get(p.fingerprint).map(k -> k.withIgnored(ignore))
                .orElseGet(() -> new KnownPeer(p.fingerprint, key, p.nickname, now, now, false,
                        formatAll(p.manualAddresses), ignore)));
    }

    private void accept(Peer p, KnownPeer k, Trust trust) {
        p.trust = trust;
        p.trustDecided = true;
        p.conflictsWith = null;
        known.put(k);
        log.info("peer {} accepted by the user as {}", p.fingerprint, trust);
    }

    private static Warning nickConflict(Peer p, KnownPeer known) {
        log.warn("peer {} uses the nickname of known peer {}", p.fingerprint, known.fingerprint());
        return Warnings.nickConflict(p.fingerprint, p.nickname, known);
    }

    private static KnownPeer rebuild(KnownPeer k, String nickname, Instant lastSeen, boolean verified,
                                     List<String> addresses) {
        return new KnownPeer(k.fingerprint(), k.publicKey(), nickname, k.firstSeen(), lastSeen, verified, addresses,
                k.ignored());
    }

    private static List<String> formatAll(List<InetSocketAddress> addresses) {
        return addresses.stream().map(HostPort::format).toList();
    }

    private static List<String> merge(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
