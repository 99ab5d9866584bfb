package dev.parley.rooms;

import dev.parley.crypto.Ed25519;
import dev.parley.crypto.Fingerprints;
import java.security.KeyPair;
import java.util.function.Function;

/** A test identity: a deterministic Ed25519 key pair from a seed byte. */
record Keys(KeyPair pair, byte[] pub, String fingerprint) {
    static Keys of(int seed) {
        byte[] s = new byte[32];
        s[0] = (byte) seed;
        s[1] = (byte) (seed >> 8);
        s[31] = 7;
        KeyPair kp = Ed25519.fromSeed(s);
        byte[] pub = Ed25519.rawPublic(kp.getPublic());
        return new Keys(kp, pub, Fingerprints.of(pub));
    }

    Function<byte[], byte[]> signer() {
        return m -> Ed25519.sign(pair.getPrivate(), m);
    }

    Roster.Member member(String nick) {
        return new Roster.Member(pub, nick);
    }
}
