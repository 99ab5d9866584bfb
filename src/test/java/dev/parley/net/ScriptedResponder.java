package dev.parley.net;

import dev.parley.crypto.Ed25519;
import dev.parley.handshake.HandshakeResult;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.handshake.RecordCipher;
import dev.parley.handshake.Responder;
import dev.parley.wire.FrameReader;
import dev.parley.wire.FrameWriter;
import dev.parley.wire.Limits;
import dev.parley.wire.RecordType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * A hostile responder written from docs/PROTOCOL.md for tests: it answers one dial on loopback with a
 * real handshake and READY, then runs a script with the session's cipher and raw streams, and may send
 * anything at any pace. Its thread is a daemon; {@link #close} ends it.
 */
final class ScriptedResponder implements AutoCloseable {
    /** What the responder does once READY is out. */
    interface Script {
        void run(RecordCipher cipher, InputStream in, OutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final Thread thread;
    volatile Throwable failure;

    ScriptedResponder(Script script) throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> answer(script), "scripted-responder");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void answer(Script script) {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            KeyPair id = Ed25519.generate(new SecureRandom());
            LocalParty party = new LocalParty(id, Ed25519.rawPublic(id.getPublic()), null, 1, 1, () -> "scripted",
                    Clock.systemUTC(), new SecureRandom(), PublicKeyOps.JDK);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            FrameReader frames = new FrameReader(in);
            Responder r = new Responder(party);
            out.write(FrameWriter.encode(r.message2(frames.read(Limits.MAX_HANDSHAKE_FRAME))));
            HandshakeResult result = r.finish(frames.read(Limits.MAX_HANDSHAKE_FRAME));
            RecordCipher cipher = new RecordCipher(result, 0, Clock.systemUTC(), new SecureRandom());
            out.write(FrameWriter.encode(cipher.seal(RecordType.READY, new byte[0])));
            script.run(cipher, in, out);
        } catch (Throwable e) {
            failure = e; // the test's own assertions say what went wrong; this is for its messages
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.interrupt();
    }
}
