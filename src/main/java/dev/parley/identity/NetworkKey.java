package dev.parley.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The optional network key file: a Fernet key exactly as Python cryptography's
 * {@code Fernet.generate_key()} writes it (and as the original {@code key.key}): URL-safe base64, with
 * {@code =} padding, of 32 random bytes, so 44 ASCII characters and no newline. Files are created
 * mode 0600, atomically, never over an existing file; files readable or writable by group or others
 * are refused, as OpenSSH refuses such keys. Error messages name the file and never show its content.
 * Stateless and thread-safe.
 */
public final class NetworkKey {
    public static final int KEY_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}=");
    private static final int MAX_FILE_BYTES = 1024;

    private NetworkKey() {}

    /** Writes a new random key to {@code file}, which must not exist yet. */
    public static void generate(Path file, SecureRandom random) throws IdentityException {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        byte[] content = Base64.getUrlEncoder().encodeToString(key).getBytes(StandardCharsets.US_ASCII);
        try {
            refuseExisting(file);
            Path parent = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(parent)) {
                throw new IdentityException("cannot write " + file + ": the folder " + parent + " does not exist");
            }
            SecureFiles.createNew(file, content);
        } catch (FileAlreadyExistsException e) {
            throw exists(file);
        } catch (AccessDeniedException e) {
            throw new IdentityException("cannot write " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new IdentityException("cannot write " + file + ": " + SecureFiles.reason(e), e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * The 32 key bytes (16 signing, 16 encryption). Spaces, tabs, CRs and LFs before and after the key
     * are ignored (an editor's or {@code echo}'s newline); anything else is not. The key must be in the
     * canonical form {@link #generate} writes (the last character's two unused bits zero), and 32 zero
     * bytes are refused: that is what a peer without a network key uses (docs/PROTOCOL.md section 4),
     * so such a file would let in every peer that has none.
     */
    public static byte[] load(Path file) throws IdentityException {
        byte[] bytes = read(file);
        try {
            String text = trimAsciiWhitespace(new String(bytes, StandardCharsets.US_ASCII));
            if (!FORMAT.matcher(text).matches() || "AEIMQUYcgkosw048".indexOf(text.charAt(42)) < 0) {
                throw malformed(file);
            }
            byte[] key = Base64.getUrlDecoder().decode(text);
            if (Arrays.equals(key, new byte[KEY_BYTES])) {
                throw new IdentityException("network key file " + file + " holds 32 zero bytes, which is the same as"
                        + " no network key; make a real one with 'parley keygen FILE'");
            }
            return key;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static String trimAsciiWhitespace(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && " \t\r\n".indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && " \t\r\n".indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        return s.substring(from, to);
    }

    private static void refuseExisting(Path file) throws IdentityException {
        if (SecureFiles.exists(file)) {
            throw exists(file);
        }
    }

    private static IdentityException exists(Path file) {
        return new IdentityException(file + " already exists; refusing to overwrite it (choose another name,"
                + " or remove the old key first if you really mean to replace it)");
    }

    private static byte[] read(Path file) throws IdentityException {
        if (!SecureFiles.exists(file)) {
            throw new IdentityException("network key file " + file + " does not exist");
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new IdentityException("network key file " + file + " is not a regular file");
            }
            Optional<String> mode = SecureFiles.tooOpen(file);
            if (mode.isPresent()) {
                throw new IdentityException("permissions " + mode.get() + " for '" + file + "' are too open:"
                        + " the network key must be readable and writable by you alone (chmod 600 '" + file + "')");
            }
            return SecureFiles.readSmall(file, MAX_FILE_BYTES).orElseThrow(() -> malformed(file));
        } catch (IOException e) {
            throw new IdentityException("cannot read network key file " + file + ": " + SecureFiles.reason(e), e);
        }
    }

    private static IdentityException malformed(Path file) {
        return new IdentityException("network key file " + file + " is malformed: expected a Fernet key,"
                + " 44 characters of URL-safe base64 encoding 32 bytes (as 'parley keygen' writes)");
    }
}
