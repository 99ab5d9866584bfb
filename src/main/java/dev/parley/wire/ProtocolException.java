package dev.parley.wire;

import java.io.IOException;

/** The peer broke the protocol; the connection is closed without a reply. */
public class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
