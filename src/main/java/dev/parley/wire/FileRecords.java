package dev.parley.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of the file-transfer records (docs/PROTOCOL.md section 16): the offer, the answers and the
 * verdicts that travel on the chat session, and the data stream's records on the bulk channel. Pure byte
 * layouts: every decoder checks lengths and limits and throws {@link MalformedRecordException}, which ends
 * that one connection. Stateless.
 */
public final class FileRecords {
    /** A transfer id: 16 random bytes, chosen by the sender. */
    public static final int ID_LEN = 16;
    /** Entries in one offer, at most. */
    public static final int MAX_ENTRIES = 10_000;
    /** UTF-8 bytes of one path in an offer, at most. */
    public static final int MAX_PATH_BYTES = 4096;
    /** The file data carried by one FILE_DATA record (the bulk plaintext limit less the headers). */
    public static final int CHUNK = 65_408;
    /** The largest plaintext (type, sequence and body) of one bulk-channel record: its token fits a u16 frame. */
    public static final int MAX_BULK_PLAINTEXT = 65_471;
    public static final byte KIND_FILE = 0;
    public static final byte KIND_DIRECTORY = 1;

    /** Reasons carried by FILE_DECLINE and FILE_CANCEL. */
    public static final byte DECLINED = 0;
    public static final byte BUSY = 1;
    public static final byte TOO_LARGE = 2;
    public static final byte NO_SPACE = 3;
    public static final byte EXPIRED = 4;
    public static final byte CANCELLED = 5;
    public static final byte CHANGED_AT_SOURCE = 6;
    public static final byte WRITE_ERROR = 7;
    public static final byte HASH_MISMATCH = 8;
    public static final byte READ_ERROR = 9;
    public static final byte BAD_NAME = 10;

    /** FILE_RESULT statuses. */
    public static final byte OK = 0;
    public static final byte RESULT_HASH_MISMATCH = 1;
    public static final byte RESULT_WRITE_ERROR = 2;
    public static final byte RESULT_CHANGED_AT_SOURCE = 3;

    private FileRecords() {}

    /** The words users and the headless events see for a reason byte. */
    public static String reasonName(byte reason) {
        return switch (reason) {
            case DECLINED -> "declined";
            case BUSY -> "busy";
            case TOO_LARGE -> "too-large";
            case NO_SPACE -> "no-space";
            case EXPIRED -> "expired";
            case CANCELLED -> "cancelled";
            case CHANGED_AT_SOURCE -> "changed-at-source";
            case WRITE_ERROR -> "write-error";
            case HASH_MISMATCH -> "hash-mismatch";
            case READ_ERROR -> "read-error";
            case BAD_NAME -> "bad-name";
            default -> "reason-" + (reason & 0xff);
        };
    }

    /** One manifest entry: a '/'-separated relative path as sent (unsanitised), its kind, size and mtime. */
    public record Entry(String path, byte kind, long size, long mtimeMillis) {
        public boolean directory() {
            return kind == KIND_DIRECTORY;
        }
    }

    /** FILE_OFFER: {@code id || u32 count || u64 total || u8 flags || entries}. */
    public record Offer(byte[] id, long total, byte flags, List<Entry> entries) {
        public Offer {
            id = id.clone();
            entries = List.copyOf(entries);
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        public byte[] encode() {
            List<byte[]> paths = new ArrayList<>(entries.size());
            int size = ID_LEN + 4 + 8 + 1;
            for (Entry e : entries) {
                byte[] p = e.path().getBytes(StandardCharsets.UTF_8);
                if (p.length == 0 || p.length > MAX_PATH_BYTES) {
                    throw new IllegalArgumentException("path of " + p.length + " bytes");
                }
                paths.add(p);
                size += 2 + p.length + 1 + 8 + 8;
            }
            ByteBuffer b = ByteBuffer.allocate(size).put(id).putInt(entries.size()).putLong(total).put(flags);
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                b.putShort((short) paths.get(i).length).put(paths.get(i)).put(e.kind()).putLong(e.size())
                        .putLong(e.mtimeMillis());
            }
            return b.array();
        }

        public static Offer decode(byte[] body) throws MalformedRecordException {
            ByteBuffer b = ByteBuffer.wrap(body);
            try {
                byte[] id = readId(b);
                long count = b.getInt() & 0xffffffffL;
                long total = b.getLong();
                byte flags = b.get();
                need(flags == 0, "FILE_OFFER flags");
                need(count >= 1 && count <= MAX_ENTRIES, "FILE_OFFER entry count");
                need(total >= 0, "FILE_OFFER total");
                List<Entry> entries = new ArrayList<>((int) count);
                long sum = 0;
                for (int i = 0; i < count; i++) {
                    int len = b.getShort() & 0xffff;
                    need(len >= 1 && len <= MAX_PATH_BYTES, "FILE_OFFER path length");
                    byte[] p = new byte[len];
                    b.get(p);
                    byte kind = b.get();
                    need(kind == KIND_FILE || kind == KIND_DIRECTORY, "FILE_OFFER entry kind");
                    long size = b.getLong();
                    long mtime = b.getLong();
                    need(size >= 0 && (kind == KIND_FILE || size == 0), "FILE_OFFER entry size");
                    sum += size;
                    need(sum >= 0, "FILE_OFFER sizes overflow");
                    entries.add(new Entry(utf8(p), kind, size, mtime));
                }
                need(!b.hasRemaining(), "bytes after the FILE_OFFER manifest");
                need(sum == total, "FILE_OFFER total is not the sum of its sizes");
                return new Offer(id, total, flags, entries);
            } catch (BufferUnderflowException e) {
                throw new MalformedRecordException("FILE_OFFER truncated");
            }
        }
    }

    /**
     * FILE_ACCEPT: {@code id || u8 n || n x (u32 index || u64 offset)}; n is 0 (from the start) or 1 (the
     * files before {@code index} are complete, and file {@code index} resumes at {@code offset}).
     */
    public record Accept(byte[] id, int index, long offset) {
        public Accept {
            id = id.clone();
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        public byte[] encode() {
            if (index == 0 && offset == 0) {
                return ByteBuffer.allocate(ID_LEN + 1).put(id).put((byte) 0).array();
            }
            return ByteBuffer.allocate(ID_LEN + 1 + 12).put(id).put((byte) 1).putInt(index).putLong(offset).array();
        }

        public static Accept decode(byte[] body) throws MalformedRecordException {
            need(body.length == ID_LEN + 1 || body.length == ID_LEN + 13, "FILE_ACCEPT length");
            ByteBuffer b = ByteBuffer.wrap(body);
            byte[] id = readId(b);
            int n = b.get() & 0xff;
            need(n == (body.length == ID_LEN + 1 ? 0 : 1), "FILE_ACCEPT count");
            if (n == 0) {
                return new Accept(id, 0, 0);
            }
            int index = b.getInt();
            long offset = b.getLong();
            need(index >= 0 && index < MAX_ENTRIES && offset >= 0, "FILE_ACCEPT resume point");
            return new Accept(id, index, offset);
        }
    }

    /** FILE_DECLINE (22) and FILE_CANCEL (23): {@code id || u8 reason}. */
    public record Refusal(byte[] id, byte reason) {
        public Refusal {
            id = id.clone();
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        public byte[] encode() {
            return ByteBuffer.allocate(ID_LEN + 1).put(id).put(reason).array();
        }

        public static Refusal decode(byte[] body) throws MalformedRecordException {
            need(body.length == ID_LEN + 1, "FILE_DECLINE/FILE_CANCEL length");
            ByteBuffer b = ByteBuffer.wrap(body);
            return new Refusal(readId(b), b.get());
        }
    }

    /** FILE_RESULT: {@code id || u32 index || u8 status || sha256 (32)}, the receiver's verdict on one file. */
    public record Result(byte[] id, int index, byte status, byte[] sha256) {
        public Result {
            id = id.clone();
            sha256 = sha256.clone();
            if (sha256.length != 32) {
                throw new IllegalArgumentException("a SHA-256 is 32 bytes");
            }
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        public byte[] encode() {
            return ByteBuffer.allocate(ID_LEN + 4 + 1 + 32).put(id).putInt(index).put(status).put(sha256).array();
        }

        public static Result decode(byte[] body) throws MalformedRecordException {
            need(body.length == ID_LEN + 37, "FILE_RESULT length");
            ByteBuffer b = ByteBuffer.wrap(body);
            byte[] id = readId(b);
            int index = b.getInt();
            need(index >= 0, "FILE_RESULT index");
            byte status = b.get();
            byte[] sha = new byte[32];
            b.get(sha);
            return new Result(id, index, status, sha);
        }
    }

    /** FILE_END (bulk): {@code u32 index || sha256}. */
    public record End(int index, byte[] sha256) {
        public End {
            sha256 = sha256.clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        public byte[] encode() {
            return ByteBuffer.allocate(36).putInt(index).put(sha256).array();
        }

        public static End decode(byte[] body) throws MalformedRecordException {
            need(body.length == 36, "FILE_END length");
            ByteBuffer b = ByteBuffer.wrap(body);
            int index = b.getInt();
            need(index >= 0, "FILE_END index");
            byte[] sha = new byte[32];
            b.get(sha);
            return new End(index, sha);
        }
    }

    /** FILE_ACK (bulk): {@code u32 index || u64 bytes_written}. */
    public record Ack(int index, long written) {
        public byte[] encode() {
            return ByteBuffer.allocate(12).putInt(index).putLong(written).array();
        }

        public static Ack decode(byte[] body) throws MalformedRecordException {
            need(body.length == 12, "FILE_ACK length");
            ByteBuffer b = ByteBuffer.wrap(body);
            Ack a = new Ack(b.getInt(), b.getLong());
            need(a.index >= 0 && a.written >= 0, "FILE_ACK values");
            return a;
        }
    }

    /** The header of FILE_DATA (bulk): {@code u32 index || u64 offset}, followed by the data. */
    public static final int DATA_HEADER = 12;

    /** Checks a FILE_DATA body: at least its header and at most one chunk of data. */
    public static void checkData(int bodyLength) throws MalformedRecordException {
        need(bodyLength > DATA_HEADER && bodyLength <= DATA_HEADER + CHUNK, "FILE_DATA length");
    }

    private static byte[] readId(ByteBuffer b) {
        byte[] id = new byte[ID_LEN];
        b.get(id);
        return id;
    }

    private static String utf8(byte[] p) throws MalformedRecordException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(p)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRecordException("path is not UTF-8");
        }
    }

    private static void need(boolean ok, String what) throws MalformedRecordException {
        if (!ok) {
            throw new MalformedRecordException(what);
        }
    }
}
