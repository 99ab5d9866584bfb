package dev.parley.handshake;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts every public-key operation, then does it with the JDK. */
final class CountingOps implements PublicKeyOps {
    final AtomicInteger count = new AtomicInteger();

    @Override public KeyPair newEphemeral(SecureRandom random) {
        count.incrementAndGet();
        return JDK.newEphemeral(random);
    }

    @Override public byte[] agree(PrivateKey ours, byte[] theirs) throws GeneralSecurityException {
        count.incrementAndGet();
        return JDK.agree(ours, theirs);
    }

    @Override public byte[] sign(PrivateKey key, byte[] message) {
        count.incrementAndGet();
        return JDK.sign(key, message);
    }

    @Override public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        count.incrementAndGet();
        return JDK.verify(publicKey, message, signature);
    }
}
