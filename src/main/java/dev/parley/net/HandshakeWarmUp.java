package dev.parley.net;

import dev.parley.handshake.HandshakeResult;
import dev.parley.handshake.Initiator;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.handshake.RecordCipher;
import dev.parley.handshake.Responder;
import dev.parley.identity.Identity;
import dev.parley.wire.FrameReader;
import dev.parley.wire.FrameWriter;
import dev.parley.wire.Limits;
import dev.parley.wire.RecordType;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One whole handshake between two throwaway identities, in memory, and a record each way under the
 * keys it yields. In a fresh JVM the first real handshake loads and runs interpreted the JDK's X25519
 * and Ed25519, the JCE's HMAC and AES, the handshake and record classes: tens of milliseconds on a quiet
 * machine, hundreds on a busy one, all on the path from a newcomer's {@code ready} to its first session.
 * Done once early, on an I/O thread while the rest of start-up runs, that work is off the path.
 *
 * <p>Uses the JDK's public-key operations and identities of its own, never the party's: nothing of it
 * is sent, kept or counted. Stateless; any thread.
 */
final class HandshakeWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeWarmUp.class);

    private HandshakeWarmUp() {}

    /**
     * Never throws (a failure here only means the first real handshake is slower); true when the whole
     * exchange went through.
     */
    static boolean run(SecureRandom random, Clock clock) {
        try {
            LocalParty a = party(random, clock);
            LocalParty b = party(random, clock);
            Initiator initiator = new Initiator(a);
            Responder responder = new Responder(b);
            byte[] m2 = responder.message2(framed(initiator.message1()));
            byte[] m3 = initiator.message3(framed(m2));
            HandshakeResult accepted = responder.finish(framed(m3));
            RecordCipher dialler = new RecordCipher(initiator.result(), 0, clock, random);
            RecordCipher acceptor = new RecordCipher(accepted, 0, clock, random);
            return dialler.open(framed(acceptor.seal(RecordType.READY, new byte[0]))).type() == RecordType.READY
                    && acceptor.open(framed(dialler.seal(RecordType.PING, new byte[0]))).type() == RecordType.PING;
        } catch (Exception | LinkageError e) {
            LOG.debug("handshake warm-up failed: {}", e.toString());
            return false;
        }
    }

    private static LocalParty party(SecureRandom random, Clock clock) {
        Identity id = Identity.generate(random);
        return new LocalParty(id.keyPair(), id.publicKey(), null, 1, 1, () -> "warm-up", clock, random,
                PublicKeyOps.JDK);
    }

    /** Through the frame codec, as on the wire. */
    private static byte[] framed(byte[] body) throws java.io.IOException {
        return new FrameReader(new ByteArrayInputStream(FrameWriter.encode(body))).read(Limits.MAX_FRAME);
    }
}
