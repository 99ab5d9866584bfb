package dev.parley.net;

import dev.parley.handshake.HandshakeResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debugging aid like TLS's SSLKEYLOGFILE: when {@code PARLEY_KEYLOGFILE} names a file, each session's
 * traffic keys are appended to it, one line per session:
 * {@code PARLEY_SESSION <time> <transcript hash hex> <i2r fernet key> <r2i fernet key>}, the keys in
 * the Fernet key-file format (URL-safe base64 of 32 bytes), so any Fernet implementation can open a
 * captured conversation. Thread-safe.
 */
public final class KeyLog {
    public static final String VARIABLE = "PARLEY_KEYLOGFILE";
    private static final Logger LOG = LoggerFactory.getLogger(KeyLog.class);
    private final Path file;

    private KeyLog(Path file) {
        this.file = file;
    }

    /** The file the keys are appended to. */
    public Path file() {
        return file;
    }

    /** The key log the environment asks for, or null. */
    public static KeyLog fromEnvironment(java.util.Map<String, String> env) {
        String f = env.get(VARIABLE);
        if (f == null || f.isBlank()) {
            return null;
        }
        LOG.warn("{} is set: session keys are being written to {}; anyone who reads it can decrypt captured traffic",
                VARIABLE, f);
        return new KeyLog(Path.of(f));
    }

    /**
     * Appends the session's line. Holds no lock: the file is created with mode 0600 if need be in the
     * same call that opens it, and each line is one appending write, which the system keeps whole
     * beside other sessions' lines. Called on a connection's I/O thread.
     */
    void record(HandshakeResult r) {
        byte[] i2r = r.initiator() ? r.sendKey() : r.receiveKey();
        byte[] r2i = r.initiator() ? r.receiveKey() : r.sendKey();
        Base64.Encoder b64 = Base64.getUrlEncoder();
        String line = "PARLEY_SESSION " + Instant.now() + " " + HexFormat.of().formatHex(r.transcriptHash()) + " "
                + b64.encodeToString(i2r) + " " + b64.encodeToString(r2i) + "\n";
        try (SeekableByteChannel out = open()) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            LOG.warn("session keys for {} written to the key log", r.peerFingerprint());
        } catch (IOException e) {
            LOG.warn("cannot write the key log {}: {}", file, e.toString());
        }
    }

    private SeekableByteChannel open() throws IOException {
        Set<StandardOpenOption> append = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            return Files.newByteChannel(file, append,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) { // not a POSIX file system
            return Files.newByteChannel(file, append);
        }
    }
}
