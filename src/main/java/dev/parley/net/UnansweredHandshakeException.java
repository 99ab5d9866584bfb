package dev.parley.net;

import java.io.EOFException;

/**
 * The peer we dialled closed the connection right after our first handshake message, without a byte of
 * reply: what a Parley responder does to an initiator with another network key (PROTOCOL.md 5.3), and
 * also to one with no common protocol version, or when it is shutting down.
 */
final class UnansweredHandshakeException extends EOFException {
    UnansweredHandshakeException() {
        super("closed the connection after our first handshake message, without a reply (another network key?)");
    }
}
