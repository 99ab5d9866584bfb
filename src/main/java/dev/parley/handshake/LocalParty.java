package dev.parley.handshake;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Everything one side brings to a handshake: its long-term Ed25519 identity (and raw public key), the
 * network key (32 bytes, or null for none), the protocol versions it speaks, what it tells the peer,
 * and the clock, randomness and public-key operations to use. Immutable; safe to share.
 *
 * @param nickname supplies the current nickname for each new handshake
 */
public record LocalParty(KeyPair identity, byte[] publicKey, byte[] networkKey, int minVersion, int maxVersion,
                         Supplier<String> nickname, Clock clock, SecureRandom random, PublicKeyOps ops) {
    public LocalParty {
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

    /** The network key, or 32 zero bytes when none is in use (as the protocol defines). */
    byte[] psk() {
        return networkKey == null ? new byte[32] : networkKey.clone();
    }

    Payload payload() {
        return new Payload(clock.millis(), nickname.get(), new byte[0]);
    }
}
