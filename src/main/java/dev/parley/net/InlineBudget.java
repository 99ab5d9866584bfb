package dev.parley.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How far what we sealed may run ahead of what the peer has confirmed reading while a write is still
 * made on a sender's own thread: within the budget the kernel takes the bytes without waiting, beyond
 * it a write might wait, so it goes to an I/O thread. The budget is a small part of the socket's send
 * buffer (a quarter, at most 32 KiB and 32 records), since the kernel's accounting of a queued segment
 * adds overhead to its bytes (for small records, several times their size). Immutable.
 *
 * @param bytes unconfirmed bytes a write on a sender's thread may leave behind it
 * @param records unconfirmed records a write on a sender's thread may leave behind it
 */
record InlineBudget(long bytes, long records) {
    /**
     * The share of the socket's send buffer the budget may fill. Linux sizes an established
     * connection's send buffer at 40 KiB or more; at 16 KiB (its initial size) the budget is 4 KiB.
     */
    static final int BUFFER_SHARE = 4;
    /**
     * The ceiling whatever the buffer; also at most half of Linux's {@code tcp_notsent_lowat} when it is
     * set (it is unlimited by default; tuned, often 16 or 128 KiB): past that many unsent bytes a write
     * waits, however large the buffer.
     */
    static final int MAX_BYTES = 32 * 1024;
    /** The budget in records at most (32 records cost the kernel some 27 KiB beyond their bytes). */
    static final int MAX_RECORDS = 32;
    /**
     * Kernel bytes a queued segment may cost beyond its payload (about 830 measured on Linux 6): the
     * budget in records keeps their overhead within twice the budget in bytes, so that the whole stays
     * within three quarters of the send buffer.
     */
    static final int SEGMENT_OVERHEAD = 1024;
    /** Linux's initial send buffer, the least it will be. */
    private static final int LEAST_SEND_BUFFER = 16 * 1024;
    private static final long NOT_SENT_LOW_WATER = notSentLowWater();

    /** The budget for a socket with this send buffer, given {@code tcp_notsent_lowat} (Long.MAX_VALUE: unset). */
    static InlineBudget of(int sendBufferBytes, long notSentLowWater) {
        long bytes = Math.min(Math.min(MAX_BYTES, notSentLowWater / 2), sendBufferBytes / BUFFER_SHARE);
        long records = Math.max(2, Math.min(MAX_RECORDS, 2 * bytes / SEGMENT_OVERHEAD));
        return new InlineBudget(bytes, records);
    }

    /** The budget for this connected socket on this machine. */
    static InlineBudget of(Socket socket) {
        int buffer;
        try {
            buffer = socket.getSendBufferSize();
        } catch (SocketException e) {
            buffer = LEAST_SEND_BUFFER;
        }
        return of(buffer, NOT_SENT_LOW_WATER);
    }

    /** Whether a write on a sender's thread may go ahead with {@code sealed} out and {@code confirmed} read. */
    boolean allows(StreamMark sealed, StreamMark confirmed) {
        return sealed.bytes() - confirmed.bytes() <= bytes && sealed.records() - confirmed.records() <= records;
    }

    /** Whether so much is unconfirmed (half the budget) that a PING should ask the peer to confirm it. */
    boolean wantsConfirmation(StreamMark sealed, StreamMark confirmed) {
        return sealed.bytes() - confirmed.bytes() >= bytes / 2 || sealed.records() - confirmed.records() >= records / 2;
    }

    /**
     * Linux's {@code net.ipv4.tcp_notsent_lowat}; unlimited where it cannot be read. Read by lines:
     * {@code Files.readString} returned only the first digit of this file (JDK 17, Linux 6).
     */
    static long notSentLowWater() {
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/tcp_notsent_lowat"))) {
            String line = r.readLine();
            return line == null ? Long.MAX_VALUE : Long.parseLong(line.strip());
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }
}
