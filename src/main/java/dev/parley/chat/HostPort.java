package dev.parley.chat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses and prints {@code HOST[:PORT]} without ever asking DNS: IP literals become resolved addresses,
 * host names stay unresolved for {@code net} to resolve when it dials. IPv6 literals go in brackets
 * ({@code [fe80::1]:7447}); a bare IPv6 literal without a port is accepted too. Stateless.
 */
public final class HostPort {
    public static final int DEFAULT_PORT = 7447;

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOSTNAME =
            Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private HostPort() {}

    /** Throws with code {@code bad-address}, naming what is wrong. */
    public static InetSocketAddress parse(String hostPort) throws ChatException {
        String s = hostPort == null ? "" : hostPort.strip();
        if (s.isEmpty()) {
            throw bad(s, "empty address");
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw bad(s, "missing ]");
            }
            String rest = s.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw bad(s, "expected :PORT after ]");
            }
            return ipv6(s, s.substring(1, close), rest.isEmpty() ? DEFAULT_PORT : port(s, rest.substring(1)));
        }
        int colons = (int) s.chars().filter(c -> c == ':').count();
        if (colons > 1) {
            return ipv6(s, s, DEFAULT_PORT);
        }
        String host = colons == 1 ? s.substring(0, s.indexOf(':')) : s;
        int port = colons == 1 ? port(s, s.substring(s.indexOf(':') + 1)) : DEFAULT_PORT;
        if (IPV4.matcher(host).matches()) {
            return new InetSocketAddress(literal(s, host), port);
        }
        if (host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            throw bad(s, "not an IPv4 address");
        }
        if (!HOSTNAME.matcher(host).matches()) {
            throw bad(s, "not a host name or IP address");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code 10.0.0.2:7447}, {@code [fe80::1%eth0]:7447} or {@code bob.lan:7447}. */
    public static String format(InetSocketAddress a) {
        String host = a.isUnresolved() ? a.getHostString() : address(a.getAddress());
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /**
     * An address as people write it: IPv4 dotted, IPv6 in RFC 5952's short form (lower case, the longest
     * run of two or more zero groups as {@code ::}, the first of equal runs), with its {@code %zone}.
     */
    public static String address(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group stays "0"
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        String full = a.getHostAddress();
        int zone = full.indexOf('%');
        return zone >= 0 ? sb + full.substring(zone) : sb.toString();
    }

    private static InetSocketAddress ipv6(String s, String host, int port) throws ChatException {
        // Only ASCII hex, '.', ':' and a %scope; the ':' keeps InetAddress from ever trying DNS.
        if (host.indexOf(':') < 0 || !host.chars().allMatch(c -> c == ':' || c == '.' || c == '%'
                || (c < 0x80 && Character.isLetterOrDigit(c)))) {
            throw bad(s, "not an IPv6 address");
        }
        InetAddress address = literal(s, "[" + host + "]");
        if (address.isLinkLocalAddress() && host.indexOf('%') < 0) {
            throw bad(s, "a link-local address needs its interface, as in [" + host + "%eth0]:" + port);
        }
        return new InetSocketAddress(address, port);
    }

    private static InetAddress literal(String s, String host) throws ChatException {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw bad(s, "not an IP address");
        }
    }

    private static int port(String s, String p) throws ChatException {
        if (!PORT.matcher(p).matches() || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65_535) {
            throw bad(s, "the port must be a number from 1 to 65535");
        }
        return Integer.parseInt(p);
    }

    private static ChatException bad(String s, String why) {
        return new ChatException("bad-address", "bad address '" + s + "': " + why + " (expected HOST[:PORT])");
    }
}
