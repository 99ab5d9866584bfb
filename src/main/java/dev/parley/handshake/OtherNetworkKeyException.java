package dev.parley.handshake;

/**
 * M1 was a well-formed Parley first message (its length and magic right) whose MAC fails our network-key
 * check: the initiator is a Parley peer with another network key, or with one where we have none, or
 * none where we have one ({@link #theyUseAKey} from its flags byte, which it cannot fake without failing
 * the MAC anyway). Like every handshake failure, nothing of it reaches the peer: the connection is closed
 * without a reply (PROTOCOL.md, sections 5.3 and 11).
 */
public final class OtherNetworkKeyException extends HandshakeFailedException {
    private final boolean theyUseAKey;

    public OtherNetworkKeyException(boolean theyUseAKey) {
        super("M1 fails the network-key check");
        this.theyUseAKey = theyUseAKey;
    }

    /** Bit 0 of the initiator's flags: it says it uses a network key. */
    public boolean theyUseAKey() {
        return theyUseAKey;
    }
}
