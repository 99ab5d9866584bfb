package dev.parley.net;

import java.util.Arrays;

/**
 * The capability bytes of the handshake payload: a list of {@code type (1) || length (1) || value}
 * entries; a receiver skips types it does not know. Type 1 is the sender's instance: 8 random bytes
 * drawn when the process starts, so that a new connection from a restarted peer is told apart from a
 * duplicate connection from the same running peer. Stateless.
 */
final class Capabilities {
    static final byte INSTANCE = 1;
    static final int INSTANCE_LEN = 8;
    /** Type 2: a 1-byte feature bitmap; bit 0 rooms (bit 1 files, bit 2 bulk channel: reserved). */
    static final byte FEATURES = 2;
    static final int FEATURE_ROOMS = 1;

    private Capabilities() {}

    static byte[] instance(byte[] id) {
        if (id.length != INSTANCE_LEN) {
            throw new IllegalArgumentException("an instance id is 8 bytes");
        }
        byte[] caps = new byte[2 + INSTANCE_LEN];
        caps[0] = INSTANCE;
        caps[1] = INSTANCE_LEN;
        System.arraycopy(id, 0, caps, 2, INSTANCE_LEN);
        return caps;
    }

    /** Our instance and our feature bitmap, as we announce them. */
    static byte[] instanceAndFeatures(byte[] id, int features) {
        byte[] instance = instance(id);
        byte[] caps = Arrays.copyOf(instance, instance.length + 3);
        caps[instance.length] = FEATURES;
        caps[instance.length + 1] = 1;
        caps[instance.length + 2] = (byte) features;
        return caps;
    }

    /** The feature bitmap in these capability bytes; 0 when there is none or they are malformed. */
    static int featuresOf(byte[] caps) {
        int i = 0;
        while (caps != null && i + 2 <= caps.length) {
            int type = caps[i];
            int len = caps[i + 1] & 0xff;
            if (i + 2 + len > caps.length) {
                return 0;
            }
            if (type == FEATURES && len >= 1) {
                return caps[i + 2] & 0xff;
            }
            i += 2 + len;
        }
        return 0;
    }

    /** The instance id in these capability bytes, or null when there is none or they are malformed. */
    static byte[] instanceOf(byte[] caps) {
        int i = 0;
        while (i + 2 <= caps.length) {
            int type = caps[i];
            int len = caps[i + 1] & 0xff;
            if (i + 2 + len > caps.length) {
                return null;
            }
            if (type == INSTANCE && len == INSTANCE_LEN) {
                return Arrays.copyOfRange(caps, i + 2, i + 2 + len);
            }
            i += 2 + len;
        }
        return null;
    }
}
