package dev.parley.discovery;

import java.util.Locale;

/** Names we announce under: readable, unique per identity, valid as DNS labels. Stateless. */
final class InstanceNames {
    /** RFC 1035 label limit, in bytes. */
    static final int MAX_LABEL_BYTES = 63;

    private InstanceNames() {}

    /** {@code alice (Ab3dE9xQ)}: the nickname cut so that the whole label fits in 63 bytes of UTF-8. */
    static String instance(String nickname, String fingerprint) {
        String suffix = " (" + FingerprintFormat.shortForm(fingerprint) + ")";
        // dots and backslashes would need escaping in a DNS name, and JmDNS splits names on dots
        String nick = TxtRecord.nickname(nickname).replace('.', '_').replace('\\', '_');
        nick = dev.parley.chat.Sanitizer.truncateUtf8(nick, MAX_LABEL_BYTES - suffix.length());
        return (nick.isEmpty() ? "parley" : nick) + suffix;
    }

    /**
     * A host name of letters, digits and hyphens, unique per identity and interface, e.g.
     * {@code parley-ab3de9xq-eth0}. Two identities on one machine get different names.
     */
    static String host(String fingerprint, String interfaceName) {
        String id = FingerprintFormat.shortForm(fingerprint).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");
        String ifc = interfaceName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
        String name = "parley-" + id + "-" + ifc;
        return name.length() > MAX_LABEL_BYTES ? name.substring(0, MAX_LABEL_BYTES) : name;
    }
}
