package dev.parley.handshake;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Everything one side brings to a handshake: its long-term Ed25519 identity (and raw public key), the
 * network key (32 bytes, or null for none), the protocol versions it speaks, what it tells the peer,
 * the clock, randomness and public-key operations to use, and the capability bytes of its payload.
 * Immutable; safe to share.
 *
 * @param nickname supplies the current nickname for each new handshake
 */
public record LocalParty(KeyPair identity, byte[] publicKey, byte[] networkKey, int minVersion, int maxVersion,
                         Supplier<String> nickname, Clock clock, SecureRandom random, PublicKeyOps ops,
                         byte[] capabilities) {
    /** A party that sends no capability bytes. */
    public LocalParty(KeyPair identity, byte[] publicKey, byte[] networkKey, int minVersion, int maxVersion,
                      Supplier<String> nickname, Clock clock, SecureRandom random, PublicKeyOps ops) {
        this(identity, publicKey, networkKey, minVersion, maxVersion, nickname, clock, random, ops, new byte[0]);
    }

    public LocalParty {
        capabilities = capabilities.clone();
        if (capabilities.length > Payload.MAX_CAPABILITIES) {
            throw new IllegalArgumentException("capabilities over " + Payload.MAX_CAPABILITIES + " bytes");
        }
        publicKey = publicKey.clone();
        networkKey = networkKey == null ? null : networkKey.clone();
        if (networkKey != null && networkKey.length != 32) {
            throw new IllegalArgumentException("a network key is 32 bytes");
        }
        if (minVersion < 1 || maxVersion < minVersion || maxVersion > 255) {
            throw new IllegalArgumentException("bad version range " + minVersion + ".." + maxVersion);
        }
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] capabilities() {
        return capabilities.clone();
    }

    /** The same party, sending these capability bytes in its handshake payload. */
    public LocalParty withCapabilities(byte[] caps) {
        return new LocalParty(identity, publicKey, networkKey, minVersion, maxVersion, nickname, clock, random, ops, caps);
    }

    /** The network key, or 32 zero bytes when none is in use (as the protocol defines). */
    byte[] psk() {
        return networkKey == null ? new byte[32] : networkKey.clone();
    }

    Payload payload() {
        return new Payload(clock.millis(), nickname.get(), capabilities);
    }
}
