package dev.parley.chat;

import dev.parley.identity.KnownPeer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses the user asked to dial ({@code /connect}, {@code --peer}) that no session has come from
 * yet: the session that answers one makes it a remembered address of its peer. Bounded. Not
 * thread-safe: {@link ChatEngine} guards it with its lock.
 */
final class Dials {
    private static final int MAX_PENDING = 64;
    private static final Logger log = LoggerFactory.getLogger(Dials.class);

    private final List<InetSocketAddress> pending = new ArrayList<>();

    void requested(InetSocketAddress address) {
        if (pending.size() >= MAX_PENDING) {
            pending.remove(0);
        }
        pending.add(address);
    }

    void failed(InetSocketAddress address) {
        pending.removeIf(d -> sameAddress(d, address));
    }

    /** The address the user gave that this session answered, taken from the pending ones; else null. */
    InetSocketAddress answered(Session s) {
        if (!s.outbound() || s.remoteAddress() == null) {
            return null;
        }
        for (InetSocketAddress d : pending) {
            if (sameAddress(d, s.remoteAddress())) {
                pending.remove(d);
                return d;
            }
        }
        return null;
    }

    /** The remembered addresses of a known peer; bad ones are logged and skipped. */
    static List<InetSocketAddress> parse(KnownPeer k) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String s : k.addresses()) {
            try {
                out.add(HostPort.parse(s));
            } catch (ChatException e) {
                log.warn("ignoring a bad remembered address of {}: {}", k.fingerprint(), e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** Whether a session's address is the one we dialled (a host name matches by name, never by DNS). */
    private static boolean sameAddress(InetSocketAddress dialled, InetSocketAddress remote) {
        if (dialled == null || remote == null || dialled.getPort() != remote.getPort()) {
            return false;
        }
        if (dialled.isUnresolved() || remote.isUnresolved()) {
            return dialled.getHostString().toLowerCase(Locale.ROOT)
                    .equals(remote.getHostString().toLowerCase(Locale.ROOT));
        }
        return dialled.getAddress().equals(remote.getAddress());
    }
}
