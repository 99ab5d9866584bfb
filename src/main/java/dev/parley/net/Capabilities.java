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
    /** Type 2: a 1-byte feature bitmap; bit 0 rooms (bit 1 files, bit 2 bulk channel: reserved), bit 3 room offer ids. */
    static final byte FEATURES = 2;
    static final int FEATURE_ROOMS = 1;
    static final int FEATURE_ROOM_OFFERS = 8;
    /** Type 3: the connection's purpose; {@code 01 || transfer_id (16)} marks a bulk channel for a file transfer. */
    static final byte PURPOSE = 3;
    static final byte PURPOSE_BULK = 1;
    static final int TRANSFER_ID_LEN = 16;

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

    /** These capability bytes followed by a bulk-channel purpose entry for this transfer. */
    static byte[] withBulkPurpose(byte[] caps, byte[] transferId) {
        if (transferId.length != TRANSFER_ID_LEN) {
            throw new IllegalArgumentException("a transfer id is 16 bytes");
        }
        byte[] out = Arrays.copyOf(caps, caps.length + 3 + TRANSFER_ID_LEN);
        out[caps.length] = PURPOSE;
        out[caps.length + 1] = 1 + TRANSFER_ID_LEN;
        out[caps.length + 2] = PURPOSE_BULK;
        System.arraycopy(transferId, 0, out, caps.length + 3, TRANSFER_ID_LEN);
        return out;
    }

    /** The transfer id of a bulk-channel purpose in these capability bytes, or null for an ordinary session. */
    static byte[] bulkTransferOf(byte[] caps) {
        byte[] v = valueOf(caps, PURPOSE);
        if (v == null || v.length != 1 + TRANSFER_ID_LEN || v[0] != PURPOSE_BULK) {
            return null;
        }
        return Arrays.copyOfRange(v, 1, v.length);
    }

    private static byte[] valueOf(byte[] caps, byte wanted) {
        int i = 0;
        while (i + 2 <= caps.length) {
            int type = caps[i];
            int len = caps[i + 1] & 0xff;
            if (i + 2 + len > caps.length) {
                return null;
            }
            if (type == wanted) {
                return Arrays.copyOfRange(caps, i + 2, i + 2 + len);
            }
            i += 2 + len;
        }
        return null;
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
