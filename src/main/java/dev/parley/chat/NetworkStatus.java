package dev.parley.chat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /status} shows to answer "why don't I see bob?": where we listen, each interface and whether
 * mDNS runs on it, announcements seen and why some were ignored, recent dial failures and why, peers that
 * seem to use another network key, the network key by a short hash (never the key). Fed by whoever knows (app at start, discovery's filter, the dialler's
 * warnings; a DNS-SD source may add its own interfaces and announcements). Bounded: at most
 * {@link #MAX_INTERFACES} interfaces, {@link #RECENT} recent ignored announcements and dial failures;
 * counts for the rest. Thread-safe (its own monitor, held for no call out).
 */
public final class NetworkStatus {
    public static final int RECENT = 8;
    public static final int MAX_INTERFACES = 64;

    /** Why an announcement was not followed. */
    public enum Ignored {
        OTHER_NETWORK_KEY("another network-key setting"),
        OTHER_VERSION("no protocol version in common"),
        OUR_OWN("our own"),
        MALFORMED("malformed");

        private final String words;

        Ignored(String words) {
            this.words = words;
        }
    }

    private final Clock clock;
    private List<String> addresses = List.of();
    private int port;
    private String networkKeyHash;
    private final Map<String, String> interfaces = new LinkedHashMap<>();
    private long announcementsSeen;
    private final Map<Ignored, Long> ignoredCounts = new EnumMap<>(Ignored.class);
    private final Deque<String> ignoredRecent = new ArrayDeque<>();
    private long dialFailures;
    private final Deque<String> dialRecent = new ArrayDeque<>();
    private long keyHints;
    private final Deque<String> keyHintsRecent = new ArrayDeque<>();

    private volatile java.util.function.Supplier<List<DiscoveryStatus>> sources = List::of;

    public NetworkStatus(Clock clock) {
        this.clock = clock;
    }

    /** Where each discovery source's state comes from (mDNS, DNS-SD): asked with no lock of ours held. */
    public void sourcesFrom(java.util.function.Supplier<List<DiscoveryStatus>> source) {
        sources = java.util.Objects.requireNonNull(source);
    }

    public synchronized void listening(List<String> addresses, int port) {
        this.addresses = List.copyOf(addresses);
        this.port = port;
    }

    /** The network key by a short hash of it (null: none in use). */
    public synchronized void networkKey(String shortHash) {
        networkKeyHash = shortHash;
    }

    /** An interface and what runs on it ({@code "10.0.0.2, mDNS on"}, {@code "mDNS off: --no-mdns"}). */
    public synchronized void interfaceState(String name, String state) {
        if (interfaces.containsKey(name) || interfaces.size() < MAX_INTERFACES) {
            interfaces.put(name, state);
        }
    }

    public synchronized void announcementSeen() {
        announcementsSeen++;
    }

    /** One of our own announcements came back: seen and ignored, counted only (it says nothing about a peer). */
    public synchronized void ownAnnouncementSeen() {
        announcementsSeen++;
        ignoredCounts.merge(Ignored.OUR_OWN, 1L, Long::sum);
    }

    public synchronized void announcementIgnored(Ignored why, String who) {
        ignoredCounts.merge(why, 1L, Long::sum);
        remember(ignoredRecent, time() + " " + who + ": " + why.words);
    }

    public synchronized void dialFailed(String what) {
        dialFailures++;
        remember(dialRecent, time() + " " + what);
    }

    /**
     * A hint that a peer uses another network key ({@code no-handshake-reply} as the dialler sees it,
     * {@code other-network-key} as the responder does), worded for the user.
     */
    public synchronized void networkKeyHint(String what) {
        keyHints++;
        remember(keyHintsRecent, time() + " " + what);
    }

    /** The report, one line each, for {@code /status}. */
    public List<String> lines() {
        List<DiscoveryStatus> bySource = sources.get(); // before our lock: the sources take their own
        List<String> out = report();
        int at = Math.min(2, out.size());
        for (DiscoveryStatus d : bySource) {
            out.add(at++, "discovery " + d.source() + ": " + d.state()
                    + (d.peers() > 0 ? ", " + d.peers() + " peers" : "")
                    + (d.detail() == null || d.detail().isEmpty() ? "" : " (" + d.detail() + ")"));
        }
        return out;
    }

    private synchronized List<String> report() {
        List<String> out = new ArrayList<>();
        out.add("listening on " + (addresses.isEmpty() ? "no address" : String.join(", ", addresses)) + ", port "
                + port);
        out.add("network key: " + (networkKeyHash == null ? "none" : "in use, hash " + networkKeyHash
                + " (peers must show the same)"));
        if (interfaces.isEmpty()) {
            out.add("interfaces: none used by discovery (mDNS off); peers can still be added by address");
        }
        interfaces.forEach((name, state) -> out.add("interface " + name + ": " + state));
        StringBuilder ignored = new StringBuilder();
        ignoredCounts.forEach((why, n) -> ignored.append(ignored.length() == 0 ? "" : ", ").append(n).append(' ')
                .append(why.words));
        out.add("announcements: " + announcementsSeen + " seen" + (ignored.length() == 0 ? ", none ignored"
                : "; ignored: " + ignored));
        ignoredRecent.forEach(line -> out.add("  ignored " + line));
        out.add("dial failures: " + dialFailures + (dialFailures == 0 ? "" : ", the latest:"));
        dialRecent.forEach(line -> out.add("  " + line));
        if (keyHints > 0) {
            out.add("another network key, maybe: " + keyHints + ", the latest:");
            keyHintsRecent.forEach(line -> out.add("  " + line));
        }
        return out;
    }

    private String time() {
        Instant now = clock.instant();
        return now.toString().substring(11, 19);
    }

    private static void remember(Deque<String> recent, String line) {
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast(line);
    }
}
