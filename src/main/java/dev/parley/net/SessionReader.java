package dev.parley.net;

import dev.parley.chat.ChatRecord;
import dev.parley.handshake.RecordCipher;
import dev.parley.wire.FrameReader;
import dev.parley.wire.Limits;
import dev.parley.wire.MalformedRecordException;
import dev.parley.wire.ProtocolException;
import dev.parley.wire.Record;
import dev.parley.wire.RecordType;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving half of one session: reads frames in blocking reads, opens each record and hands it
 * on by type, until the session ends, and says why it ended. It reads the next record only once the
 * handler has returned from the last, so a handler that waits holds back that one peer's connection:
 * TCP's flow control then slows that peer down, losing nothing, and no other peer waits.
 *
 * <p>Runs on the session's reader thread only. Not thread-safe.
 */
final class SessionReader {
    private static final Logger LOG = LoggerFactory.getLogger(SessionReader.class);
    private static final int BUFFER_BYTES = 16 * 1024;

    /** What the reader hands records to. Called on the reader thread, holding no lock. */
    interface Handler {
        /** The peer's PING: answer it. */
        void ping(byte[] body);

        /** The peer's answer to one of our PINGs. */
        void pong(byte[] body);

        /** A chat record; may block, and the next record is read only once it returns. */
        void record(ChatRecord r);

        /** Why this side ended the session (closed it, or found the peer silent), or null if it did not. */
        String endedByUs();
    }

    /** Why a session ended, for the listener, and whether the peer said goodbye (it is leaving). */
    record End(String reason, boolean peerSaidGoodbye) {}

    private final ChannelInput in;
    private final RecordCipher cipher;
    private final Handler handler;
    /** Names the session in logs. */
    private final Object owner;

    SessionReader(ChannelInput in, RecordCipher cipher, Handler handler, Object owner) {
        this.in = in;
        this.cipher = cipher;
        this.handler = handler;
        this.owner = owner;
    }

    /** Reads and hands on records until the session ends, on the calling thread. */
    End run() {
        try {
            FrameReader frames = new FrameReader(new BufferedInputStream(in, BUFFER_BYTES));
            while (true) {
                in.awaitingRecord();
                byte[] frame = frames.read(Limits.MAX_FRAME);
                in.handlingRecord();
                if (!dispatch(cipher.open(frame))) {
                    return new End("peer said goodbye", true);
                }
            }
        } catch (EOFException e) {
            String us = handler.endedByUs();
            return new End(us != null ? us : "connection closed without goodbye", false);
        } catch (ProtocolException e) {
            return new End("protocol violation: " + e.getMessage(), false);
        } catch (IOException e) {
            String us = handler.endedByUs();
            return new End(us != null ? us : "connection lost: " + e.getMessage(), false);
        } catch (RuntimeException e) { // a bug, here or in a handler: end this session, not the thread
            LOG.error("reading from {} failed", owner, e);
            return new End("internal error: " + e, false);
        }
    }

    /** Handles one record; false when the peer said BYE. */
    private boolean dispatch(Record r) throws ProtocolException {
        switch (r.type()) {
            case RecordType.PING -> {
                if (r.body().length > 8) {
                    throw new MalformedRecordException("PING body over 8 bytes");
                }
                handler.ping(r.body());
            }
            case RecordType.PONG -> {
                if (r.body().length > 8) { // it answers a PING, whose body is at most 8 bytes
                    throw new MalformedRecordException("PONG body over 8 bytes");
                }
                handler.pong(r.body());
            }
            case RecordType.BYE -> {
                return false;
            }
            case RecordType.READY -> throw new MalformedRecordException("READY after the start of the session");
            default -> {
                ChatRecord c = RecordMapper.decode(r.type(), r.body());
                if (c != null) {
                    handler.record(c);
                } else {
                    LOG.debug("ignoring record of unknown type {} from {}", r.type() & 0xff, owner);
                }
            }
        }
        return true;
    }
}
