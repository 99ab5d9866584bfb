package dev.parley.handshake;

import dev.parley.crypto.Ed25519;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;

/** Test parties with fresh identities. */
final class Parties {
    private Parties() {}

    static LocalParty party(String nick, byte[] networkKey) {
        return party(nick, Ed25519.generate(new SecureRandom()), networkKey, PublicKeyOps.JDK);
    }

    static LocalParty party(String nick, KeyPair id, byte[] networkKey, PublicKeyOps ops) {
        return new LocalParty(id, Ed25519.rawPublic(id.getPublic()), networkKey, 1, 1, () -> nick,
                Clock.systemUTC(), new SecureRandom(), ops);
    }
}
