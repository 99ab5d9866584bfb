package dev.parley.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A record's plaintext: {@code type (1) || seq (8, big-endian) || body}. Immutable. */
public record Record(byte type, long seq, byte[] body) {
    public Record {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public byte[] encode() {
        if (body.length > Limits.MAX_RECORD_BODY) {
            throw new IllegalArgumentException("record body of " + body.length + " bytes exceeds " + Limits.MAX_RECORD_BODY);
        }
        return ByteBuffer.allocate(Limits.RECORD_HEADER + body.length).put(type).putLong(seq).put(body).array();
    }

    public static Record decode(byte[] plaintext) throws MalformedRecordException {
        if (plaintext.length < Limits.RECORD_HEADER) {
            throw new MalformedRecordException("record of " + plaintext.length + " bytes is shorter than its header");
        }
        if (plaintext.length > Limits.MAX_RECORD_PLAINTEXT) {
            throw new MalformedRecordException("record of " + plaintext.length + " bytes exceeds the limit");
        }
        ByteBuffer b = ByteBuffer.wrap(plaintext);
        byte type = b.get();
        long seq = b.getLong();
        return new Record(type, seq, Arrays.copyOfRange(plaintext, Limits.RECORD_HEADER, plaintext.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Record r && r.type == type && r.seq == seq && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type + Long.hashCode(seq)) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Record[" + RecordType.name(type) + " seq=" + seq + " " + body.length + " bytes]";
    }
}
