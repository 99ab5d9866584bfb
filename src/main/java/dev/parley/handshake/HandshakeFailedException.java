package dev.parley.handshake;

/**
 * The handshake failed. The message is for the local log only: the connection is closed without a
 * reply, so nothing of it reaches the peer.
 */
public class HandshakeFailedException extends Exception {
    public HandshakeFailedException(String message) {
        super(message);
    }

    public HandshakeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
