package dev.parley.chat;

import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the engine knows about one identity this run: what discovery says, the live session, the
 * trust decision, the conversation and the messages not yet acknowledged. Not thread-safe:
 * {@link ChatEngine} guards every peer with its one lock.
 */
final class Peer {
    final String fingerprint;
    String nickname;
    /** Proven by a session or remembered in the trust store; null while only announced. */
    byte[] publicKey;
    PeerState state;
    Trust trust = Trust.NEW;
    /** Trust was decided from a proven key (not just guessed from an announcement). */
    boolean trustDecided;
    /** Accepted on first use during this run: shown NEW until the next run. */
    boolean newThisRun;
    String conflictsWith;
    boolean keyChangeWarned;
    /** The user dealt with it this run (wrote to it, dialled it): its key is remembered once proven. */
    boolean interacted;
    /** Its safety number was shown to the user this run ({@code /verify PEER}), so it may be confirmed. */
    boolean numberShown;
    Presence presence = Presence.ONLINE;

    boolean discovered;
    List<InetSocketAddress> discoveredAddresses = List.of();
    /** Addresses the user gave that reached this peer (remembered in the trust store when trusted). */
    List<InetSocketAddress> manualAddresses = List.of();
    /** Network was asked to keep a session ({@link Network#want}) and not told to forget it. */
    boolean wanted;
    Session session;
    /** When we last put a Typing record on the wire, in ms of the engine's clock. */
    long lastTypingSent = Long.MIN_VALUE;

    /** The user ignores this peer ({@code /ignore}): no session with it is kept. */
    boolean ignored;
    /** When a session last came up or a message moved either way, in ms of the engine's clock. */
    long lastActive;

    final Conversation conversation;
    final Outbox outbox = new Outbox();
    final Inbox inbox = new Inbox();

    Peer(String fingerprint, String nickname, History history) {
        this.fingerprint = fingerprint;
        this.nickname = nickname;
        this.conversation = new Conversation(history);
    }

    /**
     * The address of a session we dialled first, then the announced ones, then those the user gave. A
     * session the peer dialled comes from a passing port nobody can dial, so its address is shown only
     * when nothing better is known.
     */
    List<InetSocketAddress> addresses() {
        Set<InetSocketAddress> all = new LinkedHashSet<>();
        InetSocketAddress current = session == null ? null : session.remoteAddress();
        if (current != null && session.outbound()) {
            all.add(current);
        }
        all.addAll(discoveredAddresses);
        all.addAll(manualAddresses);
        if (all.isEmpty() && current != null) {
            all.add(current);
        }
        return List.copyOf(all);
    }

    /** What {@link Network#want} should dial: the announced addresses, then those the user gave. */
    List<InetSocketAddress> dialAddresses() {
        Set<InetSocketAddress> all = new LinkedHashSet<>(discoveredAddresses);
        all.addAll(manualAddresses);
        return List.copyOf(all);
    }

    private String keyedNickname;
    private String nicknameKey;

    /** {@link Sanitizer#nicknameKey} of the current nickname, kept until it changes (a skeleton costs µs). */
    String nicknameKey() {
        if (nicknameKey == null || !nickname.equals(keyedNickname)) {
            keyedNickname = nickname;
            nicknameKey = Sanitizer.nicknameKey(nickname);
        }
        return nicknameKey;
    }

    PeerInfo info() {
        return new PeerInfo(fingerprint, nickname, addresses(), state, trust, presence, conflictsWith, ignored);
    }
}
