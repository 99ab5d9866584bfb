package dev.parley.net;

import dev.parley.chat.SessionListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the user when another network key is the likely reason a peer cannot be reached (issue 12), on
 * both sides, without telling the stranger anything (it gets no reply either way):
 * <ul>
 * <li>the dialler: {@link #UNANSWERED_BEFORE_HINT} dials in a row to one address that the peer closed
 *     right after our first message ({@link UnansweredHandshakeException}) become one
 *     {@link SessionListener#handshakeUnanswered} call; again only after a dial there was answered;</li>
 * <li>the responder: a first message that fails our network-key check (a bad MAC, so a Parley peer with
 *     another key) becomes {@link SessionListener#otherNetworkKey}, at most once per source address every
 *     {@link #REFUSED_HINT_EVERY_MILLIS}, and at most once every {@link #REFUSED_HINT_OVERALL_MILLIS} in all:
 *     a host rotating through more addresses than are remembered (anyone can send the magic bytes with a
 *     wrong MAC) gets one warning a minute, not one per connection; the addresses not told are counted
 *     into the next warning.</li>
 * </ul>
 * Bounded: at most {@link #MAX_ADDRESSES} addresses of each kind, the oldest forgotten first. Thread-safe
 * (its own monitor, never held across the listener call).
 */
final class NetworkKeyHints {
    static final int UNANSWERED_BEFORE_HINT = 3;
    static final long REFUSED_HINT_EVERY_MILLIS = 10 * 60_000;
    /** At most one responder-side hint this often in all, whatever the address (the rest are counted). */
    static final long REFUSED_HINT_OVERALL_MILLIS = 60_000;
    static final int MAX_ADDRESSES = 256;

    private final SessionListener listener;
    private final Clock clock;
    private final Map<InetSocketAddress, Integer> unanswered = new LinkedHashMap<>();
    /** Per address: when it was last told, or counted into the next hint. */
    private final Map<InetAddress, Long> refusedToldAt = new LinkedHashMap<>();
    private boolean anyRefusedTold;
    private long refusedLastToldAt;
    /** Refusals from addresses not told since the last hint, because of the overall limit. */
    private int refusedUntold;

    NetworkKeyHints(SessionListener listener, Clock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    /** A dial to {@code address} (expecting {@code fingerprint}, or null: whoever answers) went unanswered. */
    void unanswered(InetSocketAddress address, String fingerprint) {
        int times;
        synchronized (this) {
            times = unanswered.merge(address, 1, Integer::sum);
            trim(unanswered);
        }
        if (times == UNANSWERED_BEFORE_HINT) {
            listener.handshakeUnanswered(address, fingerprint, times);
        }
    }

    /** A dial to {@code address} got an answer (a handshake completed, or failed later than M1). */
    void answered(InetSocketAddress address) {
        synchronized (this) {
            unanswered.remove(address);
        }
    }

    /** A connection from {@code from} failed our network-key check; it was closed without a reply. */
    void refused(InetAddress from, boolean theyUseAKey) {
        if (from == null) {
            return;
        }
        long now = clock.millis();
        boolean tell;
        int more = 0;
        synchronized (this) {
            Long last = refusedToldAt.get(from);
            if (last != null && now - last < REFUSED_HINT_EVERY_MILLIS) {
                return; // told, or counted, within the interval
            }
            refusedToldAt.remove(from); // re-inserted last: the oldest told is the first forgotten
            refusedToldAt.put(from, now);
            trim(refusedToldAt);
            tell = !anyRefusedTold || now - refusedLastToldAt >= REFUSED_HINT_OVERALL_MILLIS;
            if (tell) {
                anyRefusedTold = true;
                refusedLastToldAt = now;
                more = refusedUntold;
                refusedUntold = 0;
            } else if (refusedUntold < Integer.MAX_VALUE) {
                refusedUntold++; // counted into the next hint
            }
        }
        if (tell) {
            listener.otherNetworkKey(from, theyUseAKey, more);
        }
    }

    synchronized int unansweredAddresses() {
        return unanswered.size();
    }

    synchronized int refusedAddresses() {
        return refusedToldAt.size();
    }

    private static void trim(Map<?, ?> m) {
        Iterator<?> oldest = m.keySet().iterator();
        while (m.size() > MAX_ADDRESSES) {
            oldest.next();
            oldest.remove();
        }
    }
}
