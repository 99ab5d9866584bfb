package dev.parley.handshake;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;

/** Hands out the given chunks in order, each to exactly one nextBytes call of its size. */
final class ScriptedRandom extends SecureRandom {
    private final Deque<byte[]> chunks = new ArrayDeque<>();

    ScriptedRandom(byte[]... chunks) {
        super(new byte[0]);
        for (byte[] c : chunks) {
            this.chunks.add(c.clone());
        }
    }

    @Override
    public void nextBytes(byte[] out) {
        byte[] next = chunks.poll();
        if (next == null || next.length != out.length) {
            throw new IllegalStateException("unexpected request for " + out.length + " random bytes");
        }
        System.arraycopy(next, 0, out, 0, out.length);
    }
}
