package dev.parley.net;

import java.io.EOFException;

/**
 * The peer we dialled closed the connection right after our first handshake message, without a byte of
 * reply: what a Parley responder does to an initiator with another network key (PROTOCOL.md 5.3), and
 * also to one with no common protocol version, when it is shutting down, or when it is busy: its admission
 * of unauthenticated connections refuses us (our address's share used up, or every slot taken while
 * evicted handshakes still end), also without a reply. So the hint says "another network key, or busy".
 */
final class UnansweredHandshakeException extends EOFException {
    UnansweredHandshakeException() {
        super("closed the connection after our first handshake message, without a reply (another network key, or busy)");
    }
}
