package dev.parley.discovery;

import java.util.Objects;

/**
 * What we announce about ourselves on the LAN. Immutable.
 *
 * @param nickname           shown to others; sanitised before it goes on the wire
 * @param fingerprint        our identity's fingerprint ({@code SHA256:} + 43 base64 characters)
 * @param port               the TCP port we accept sessions on
 * @param minVersion         lowest protocol version we speak
 * @param maxVersion         highest protocol version we speak
 * @param networkKeyRequired whether peers need the network key to talk to us (the key itself never
 *                           goes into TXT)
 */
public record Advertisement(String nickname, String fingerprint, int port, int minVersion, int maxVersion,
                            boolean networkKeyRequired) {
    public Advertisement {
        Objects.requireNonNull(nickname, "nickname");
        if (!FingerprintFormat.isWellFormed(fingerprint)) {
            throw new IllegalArgumentException("not a fingerprint: " + fingerprint);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (minVersion < 1 || maxVersion < minVersion || maxVersion > TxtRecord.MAX_VERSION) {
            throw new IllegalArgumentException("bad version range " + minVersion + ".." + maxVersion);
        }
    }

    /** Protocol version 1 only, which is all Parley speaks today. */
    public static Advertisement v1(String nickname, String fingerprint, int port, boolean networkKeyRequired) {
        return new Advertisement(nickname, fingerprint, port, 1, 1, networkKeyRequired);
    }

    public Advertisement withNickname(String newNickname) {
        return new Advertisement(newNickname, fingerprint, port, minVersion, maxVersion, networkKeyRequired);
    }
}
