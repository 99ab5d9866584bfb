package dev.parley.bench;

import dev.parley.handshake.HandshakeResult;
import dev.parley.handshake.Initiator;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.Responder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One whole handshake: M1, M2 and M3 made and checked on both sides, in one thread. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class HandshakeBench {
    private LocalParty alice;
    private LocalParty bob;

    @Setup(Level.Trial)
    public void setUp() {
        alice = RecordBench.party("alice");
        bob = RecordBench.party("bob");
    }

    @Benchmark
    public HandshakeResult handshake() throws Exception {
        Initiator i = new Initiator(alice);
        Responder r = new Responder(bob);
        return r.finish(i.message3(r.message2(i.message1())));
    }
}
