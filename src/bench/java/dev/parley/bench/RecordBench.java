package dev.parley.bench;

import dev.parley.crypto.Ed25519;
import dev.parley.handshake.HandshakeResult;
import dev.parley.handshake.Initiator;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.handshake.RecordCipher;
import dev.parley.handshake.Responder;
import dev.parley.wire.Record;
import dev.parley.wire.RecordType;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of sealing, opening and encoding one record (a Fernet token under a session's traffic key),
 * on the code paths Parley uses: {@link RecordCipher}, which the live session calls per record.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class RecordBench {
    /** Tokens opened per invocation of {@link #open}: a receiver accepts each sequence number once. */
    static final int BATCH = 256;

    @Param({"64", "1024", "16384"})
    public int size;

    private RecordCipher sender;
    private HandshakeResult receiverKeys;
    private byte[] body;
    private byte[][] tokens;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Initiator i = new Initiator(party("alice"));
        Responder r = new Responder(party("bob"));
        receiverKeys = r.finish(i.message3(r.message2(i.message1())));
        sender = new RecordCipher(i.result(), 0, Clock.systemUTC(), new SecureRandom());
        body = new byte[size];
        RecordCipher first = new RecordCipher(i.result(), 0, Clock.systemUTC(), new SecureRandom());
        tokens = new byte[BATCH][];
        for (int k = 0; k < BATCH; k++) {
            tokens[k] = first.seal(RecordType.CHAT, body);
        }
    }

    static LocalParty party(String nick) {
        KeyPair id = Ed25519.generate(new SecureRandom());
        return new LocalParty(id, Ed25519.rawPublic(id.getPublic()), null, 1, 1, () -> nick, Clock.systemUTC(),
                new SecureRandom(), PublicKeyOps.JDK);
    }

    @Benchmark
    public byte[] seal() {
        return sender.seal(RecordType.CHAT, body);
    }

    /** Opens a batch of consecutive records with a fresh receiver (whose setup is amortised over it). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Record open() throws Exception {
        RecordCipher receiver = new RecordCipher(receiverKeys, 0, Clock.systemUTC(), new SecureRandom());
        Record last = null;
        for (byte[] t : tokens) {
            last = receiver.open(t);
        }
        return last;
    }

    @Benchmark
    public Record codec() throws Exception {
        return Record.decode(new Record(RecordType.CHAT, 42, body).encode());
    }
}
