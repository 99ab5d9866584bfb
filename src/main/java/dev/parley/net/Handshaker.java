package dev.parley.net;

import dev.parley.handshake.HandshakeFailedException;
import dev.parley.handshake.HandshakeResult;
import dev.parley.handshake.Initiator;
import dev.parley.handshake.RecordCipher;
import dev.parley.handshake.ReplayCache;
import dev.parley.handshake.Responder;
import dev.parley.wire.FrameReader;
import dev.parley.wire.FrameWriter;
import dev.parley.wire.Limits;
import dev.parley.wire.MalformedRecordException;
import dev.parley.wire.Record;
import dev.parley.wire.RecordType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * Runs the handshake over a connected socket, within one deadline for the whole exchange, and turns
 * the socket into a {@link LiveSession}. Called on the connection's own I/O thread. Thread-safe:
 * stateless apart from its settings and the {@link ReplayCache} every accepted handshake shares (one
 * per network, so an M1 is accepted once per process).
 */
final class Handshaker {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Handshaker.class);
    private final NetSettings settings;
    private final Clock clock;
    private final Executor io;
    private final ReplayCache replays;

    Handshaker(NetSettings settings, Clock clock, Executor io) {
        this.settings = settings;
        this.clock = clock;
        this.io = io;
        this.replays = new ReplayCache(settings.party().random());
    }

    /** The responder's side, for an accepted connection. */
    LiveSession accept(Socket socket, LiveSession.Inbound inbound) throws IOException, HandshakeFailedException {
        Io c = open(socket);
        Responder r = new Responder(settings.party(), replays);
        c.write(r.message2(c.frames.read(Limits.MAX_HANDSHAKE_FRAME)));
        HandshakeResult result = r.finish(c.frames.read(Limits.MAX_HANDSHAKE_FRAME));
        long offset = offset(result);
        RecordCipher cipher = cipher(result, offset);
        c.write(cipher.seal(RecordType.READY, new byte[0]));
        return session(c, socket, (InetSocketAddress) socket.getRemoteSocketAddress(), result, cipher, offset, inbound);
    }

    /** Decides whether an authenticated bulk channel (peer fingerprint, transfer id) may open. */
    interface BulkAdmission {
        boolean admit(String peerFingerprint, byte[] transferId);
    }

    /**
     * The responder's side when the connection may also be a bulk channel: a {@link LiveSession}, or a
     * {@link BulkChannel} when the initiator's payload carries the bulk purpose and {@code bulk} admits it.
     * A bulk channel not admitted is closed without a reply (no READY). {@code validM1} runs once the
     * initiator's M1 has passed its checks.
     */
    Object acceptEither(Socket socket, LiveSession.Inbound inbound, BulkAdmission bulk, Runnable validM1)
            throws IOException, HandshakeFailedException {
        Io c = open(socket);
        Responder r = new Responder(settings.party(), replays);
        // past the network key's and the replay checks, before the public-key work: no longer a staller (see Admission)
        c.write(r.message2(c.frames.read(Limits.MAX_HANDSHAKE_FRAME), validM1));
        HandshakeResult result = r.finish(c.frames.read(Limits.MAX_HANDSHAKE_FRAME));
        long offset = offset(result);
        byte[] transfer = Capabilities.bulkTransferOf(result.peerPayload().capabilities());
        if (transfer != null) {
            if (bulk == null || !bulk.admit(result.peerFingerprint(), transfer)) {
                throw new HandshakeFailedException("bulk channel for an unknown transfer or without a session");
            }
            if (settings.keyLog() != null) {
                settings.keyLog().record(result);
            }
            c.in.idleTimeout((int) BulkChannel.IDLE_TIMEOUT.toMillis());
            BulkChannel ch = new BulkChannel(socket, c.in, result, offset, clock, settings.party().random(), 0);
            ch.send(RecordType.READY, new byte[0]);
            return ch;
        }
        RecordCipher cipher = cipher(result, offset);
        c.write(cipher.seal(RecordType.READY, new byte[0]));
        return session(c, socket, (InetSocketAddress) socket.getRemoteSocketAddress(), result, cipher, offset, inbound);
    }

    /**
     * The initiator's side of a bulk channel for this transfer: the normal handshake with the purpose
     * capability added, a peer proving another key than {@code expectedFingerprint} refused before M3,
     * then the responder's READY as the channel's first record.
     */
    BulkChannel dialBulk(Socket socket, String expectedFingerprint, byte[] transferId)
            throws IOException, HandshakeFailedException {
        Io c = open(socket);
        Initiator i = new Initiator(settings.party().withCapabilities(
                Capabilities.withBulkPurpose(settings.party().capabilities(), transferId)));
        c.write(i.message1());
        byte[] m2;
        try {
            m2 = c.frames.read(Limits.MAX_HANDSHAKE_FRAME);
        } catch (java.io.EOFException closedAtOnce) { // a clean end before a byte of M2 (a stream cut inside is not this)
            throw new UnansweredHandshakeException(); // another network key, or a busy responder's admission
        }
        byte[] m3 = i.message3(m2);
        HandshakeResult result = i.result();
        if (!expectedFingerprint.equals(result.peerFingerprint())) {
            throw new SpoofedIdentityException(expectedFingerprint, result.peerFingerprint());
        }
        c.write(m3);
        long offset = offset(result);
        if (settings.keyLog() != null) {
            settings.keyLog().record(result);
        }
        BulkChannel ch = new BulkChannel(socket, c.in, result, offset, clock, settings.party().random(), 0);
        BulkChannel.Received ready = ch.receive(); // within the handshake's deadline
        if (ready.type() != RecordType.READY) {
            throw new MalformedRecordException("first bulk record is not READY");
        }
        c.in.idleTimeout((int) BulkChannel.IDLE_TIMEOUT.toMillis());
        return ch;
    }

    /**
     * The initiator's side, for a connection we dialled. With an expected fingerprint, a peer proving
     * another key is refused before we reveal our own identity (M3 is never sent).
     */
    LiveSession dial(Socket socket, InetSocketAddress dialled, String expectedFingerprint, LiveSession.Inbound inbound)
            throws IOException, HandshakeFailedException {
        Io c = open(socket);
        Initiator i = new Initiator(settings.party());
        c.write(i.message1());
        byte[] m2;
        try {
            m2 = c.frames.read(Limits.MAX_HANDSHAKE_FRAME);
        } catch (java.io.EOFException closedAtOnce) { // a clean end before a byte of M2 (a stream cut inside is not this)
            throw new UnansweredHandshakeException(); // another network key, or a busy responder's admission
        }
        byte[] m3 = i.message3(m2);
        HandshakeResult result = i.result();
        if (expectedFingerprint != null && !expectedFingerprint.equals(result.peerFingerprint())) {
            throw new SpoofedIdentityException(expectedFingerprint, result.peerFingerprint());
        }
        c.write(m3);
        long offset = offset(result);
        RecordCipher cipher = cipher(result, offset);
        Record ready = cipher.open(c.frames.read(Limits.MAX_FRAME));
        if (ready.type() != RecordType.READY) {
            throw new MalformedRecordException("first record is not READY");
        }
        return session(c, socket, dialled, result, cipher, offset, inbound);
    }

    private Io open(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        HandshakeInput buffered = new HandshakeInput(socket.getInputStream(), 16 * 1024);
        DeadlineInputStream in = new DeadlineInputStream(socket, buffered, clock);
        in.deadline(clock.millis() + settings.handshakeTimeout().toMillis());
        return new Io(in, buffered, new FrameReader(in), new BufferedOutputStream(socket.getOutputStream(), 4 * 1024));
    }

    private RecordCipher cipher(HandshakeResult result, long offset) {
        if (settings.keyLog() != null) {
            settings.keyLog().record(result);
        }
        return new RecordCipher(result, offset, clock, settings.party().random());
    }

    /** The peer's clock minus ours, from the clock it sent in its handshake message. */
    private long offset(HandshakeResult result) {
        long offset = result.peerPayload().clockMillis() - clock.millis();
        if (Math.abs(offset) > RecordCipher.MAX_SKEW.toMillis()) {
            LOG.warn("clock of {} differs from ours by {} s", result.peerFingerprint(), offset / 1000);
        }
        return offset;
    }

    /** The session takes the socket's channel over and reads it in blocking reads (see {@link ChannelInput}). */
    private LiveSession session(Io c, Socket socket, InetSocketAddress remote, HandshakeResult result,
                                RecordCipher cipher, long offset, LiveSession.Inbound inbound) throws IOException {
        if (socket.getChannel() == null) {
            throw new IllegalArgumentException("a session needs a socket made from a SocketChannel");
        }
        c.in.idleTimeout(0); // the handshake's deadline is over: what it has buffered is the session's
        return new LiveSession(socket, remote, ChannelInput.takeOver(socket.getChannel(), c.buffered), cipher, result,
                offset, io, clock, settings.party().random(), settings.sendQueueBytes(), inbound);
    }

    private record Io(DeadlineInputStream in, HandshakeInput buffered, FrameReader frames, OutputStream out) {
        void write(byte[] body) throws IOException {
            out.write(FrameWriter.encode(body));
            out.flush();
        }
    }
}
