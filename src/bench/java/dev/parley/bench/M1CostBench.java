package dev.parley.bench;

import dev.parley.crypto.Ed25519;
import dev.parley.handshake.HandshakeFailedException;
import dev.parley.handshake.Initiator;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.handshake.ReplayCache;
import dev.parley.handshake.Responder;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one M1 costs a responder with a network key (issue 13 item 5), in one thread: a stranger's M1
 * (wrong key, refused by the MAC), a member's M1 replayed (refused by the memory of accepted M1s), and
 * a member's new M1 (answered with M2). Compare the first two with the third as ratios in one run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class M1CostBench {
    private LocalParty bob;
    private ReplayCache replays;
    private byte[] strangers;
    private byte[] replayed;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        byte[] key = networkKey();
        byte[] other = key.clone();
        other[0] ^= 1;
        bob = party("bob", key);
        replays = new ReplayCache(new SecureRandom());
        strangers = new Initiator(party("mallory", other)).message1();
        replayed = new Initiator(party("alice", key)).message1();
        new Responder(bob, replays).message2(replayed);
    }

    /** A new M1 of a member for each call of {@link #newM1FromAMember}, made outside the measurement. */
    @State(Scope.Thread)
    public static class Fresh {
        private LocalParty alice;
        byte[] m1;

        @Setup(Level.Trial)
        public void party() {
            alice = M1CostBench.party("alice", networkKey());
        }

        @Setup(Level.Invocation)
        public void make() {
            m1 = new Initiator(alice).message1();
        }
    }

    @Benchmark
    public boolean strangersM1() {
        return refused(strangers);
    }

    @Benchmark
    public boolean replayedM1() {
        return refused(replayed);
    }

    @Benchmark
    public byte[] newM1FromAMember(Fresh f) throws HandshakeFailedException {
        return new Responder(bob, replays).message2(f.m1);
    }

    private boolean refused(byte[] m1) {
        try {
            new Responder(bob, replays).message2(m1);
            return false;
        } catch (HandshakeFailedException expected) {
            return true;
        }
    }

    private static byte[] networkKey() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        return key;
    }

    private static LocalParty party(String nick, byte[] networkKey) {
        KeyPair id = Ed25519.generate(new SecureRandom());
        return new LocalParty(id, Ed25519.rawPublic(id.getPublic()), networkKey, 1, 1, () -> nick, Clock.systemUTC(),
                new SecureRandom(), PublicKeyOps.JDK);
    }
}
