package dev.parley.chat;

import java.net.InetSocketAddress;

/**
 * What dialling taught about an address announced for a fingerprint: a handshake there proved that key
 * ({@link #reached}), or the dial failed or proved another key ({@link #failed}). Discovery ranks its
 * hints by this evidence, so that announcements that fail never crowd out one that works. Implemented by
 * {@code discovery}, fed by {@code net}; thread-safe, never blocks.
 */
public interface AddressEvidence {
    /** A handshake at {@code address} proved {@code fingerprint}. */
    void reached(String fingerprint, InetSocketAddress address);

    /** A dial of {@code address}, expecting {@code fingerprint}, failed or met another key. */
    void failed(String fingerprint, InetSocketAddress address);

    /** Evidence nobody listens to. */
    AddressEvidence NONE = new AddressEvidence() {
        @Override
        public void reached(String fingerprint, InetSocketAddress address) { }

        @Override
        public void failed(String fingerprint, InetSocketAddress address) { }
    };
}
