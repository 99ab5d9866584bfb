package dev.parley.app;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.DiscoveryListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes on only the announcements of peers we could talk to: same network-key setting (a handshake
 * between a peer with a key and one without, or with another key, fails by design) and a protocol
 * version in common. Others would be dialled in vain, over and over. Each one is logged once.
 * Called on discovery's event thread.
 */
final class CompatiblePeers implements DiscoveryListener {
    private static final Logger LOG = LoggerFactory.getLogger(CompatiblePeers.class);

    private final DiscoveryListener next;
    /** Ours: an announcement of it is never a peer to dial (null: not known, as in some tests). */
    private final String ourFingerprint;
    private final boolean networkKeyInUse;
    private final int minVersion;
    private final int maxVersion;
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();
    private final dev.parley.chat.NetworkStatus status;

    CompatiblePeers(DiscoveryListener next, boolean networkKeyInUse, int minVersion, int maxVersion) {
        this(next, null, networkKeyInUse, minVersion, maxVersion,
                new dev.parley.chat.NetworkStatus(java.time.Clock.systemUTC()));
    }

    /**
     * As above, telling {@code status} what it saw and ignored (for /status), our own announcements
     * ({@code ourFingerprint}) among them.
     */
    CompatiblePeers(DiscoveryListener next, String ourFingerprint, boolean networkKeyInUse, int minVersion,
                    int maxVersion, dev.parley.chat.NetworkStatus status) {
        this.status = status;
        this.next = next;
        this.ourFingerprint = ourFingerprint;
        this.networkKeyInUse = networkKeyInUse;
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
    }

    @Override
    public void found(DiscoveredPeer peer) {
        if (peer.fingerprint().equals(ourFingerprint)) {
            ownAnnouncement(); // discovery drops ours already; a source that does not is caught here
            return;
        }
        String why = peer.networkKeyRequired() != networkKeyInUse
                ? (peer.networkKeyRequired() ? "it requires a network key and we have none or another"
                        : "it uses no network key and we do")
                : peer.maxVersion() < minVersion || peer.minVersion() > maxVersion
                        ? "it speaks protocol versions " + peer.minVersion() + "-" + peer.maxVersion() + " only"
                        : null;
        status.announcementSeen();
        if (why == null) {
            skipped.remove(peer.fingerprint());
            next.found(peer);
        } else if (skipped.add(peer.fingerprint())) {
            LOG.info("not dialling {}: {}", peer.fingerprint(), why);
            status.announcementIgnored(peer.networkKeyRequired() != networkKeyInUse
                    ? dev.parley.chat.NetworkStatus.Ignored.OTHER_NETWORK_KEY
                    : dev.parley.chat.NetworkStatus.Ignored.OTHER_VERSION, peer.fingerprint().substring(0,
                    Math.min(peer.fingerprint().length(), 15)));
            next.lost(peer.fingerprint()); // in case it was passed on before it changed
        }
    }

    /** Ours came back: seen and ignored as our own, for /status; nothing goes on to the engine. */
    @Override
    public void ownAnnouncement() {
        status.ownAnnouncementSeen();
    }

    @Override
    public void problem(String code, String message) {
        next.problem(code, message);
    }

    @Override
    public void lost(String fingerprint) {
        if (fingerprint.equals(ourFingerprint)) {
            return;
        }
        if (!skipped.remove(fingerprint)) {
            next.lost(fingerprint);
        }
    }
}
