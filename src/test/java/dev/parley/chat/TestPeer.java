package dev.parley.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** A made-up identity: a 32-byte "public key" derived from a name, and its real-format fingerprint. */
record TestPeer(String nickname, byte[] publicKey, String fingerprint) {
    static TestPeer named(String nickname) {
        return keyed(nickname, nickname);
    }

    /** Same nickname, key from {@code keySeed}: a reinstall or an impostor. */
    static TestPeer keyed(String nickname, String keySeed) {
        byte[] key = sha256(("key:" + keySeed).getBytes(StandardCharsets.UTF_8));
        return new TestPeer(nickname, key,
                "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(key)));
    }

    /** The body of the fingerprint (after {@code SHA256:}). */
    String body() {
        return fingerprint.substring("SHA256:".length());
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
