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

/**
 * Loads our identity from the state folder, creating it on first run.
 *
 * <p>The file is {@code identity.key} in the state folder, mode 0600, in the folder created 0700 if
 * missing. Its format is two ASCII lines:
 *
 * <pre>
 * parley-identity-v1
 * &lt;standard base64, with padding, of the 32-byte Ed25519 private seed (RFC 8032 §5.1.5)&gt;
 * </pre>
 *
 * <p>A first run writes the file atomically: a temp file, owner-only from the start, fsynced, then
 * linked into place only if no {@code identity.key} exists, so two first runs racing each other end up
 * with the same identity (the loser reads the winner's). An existing file is never replaced: a corrupt
 * one, or one readable or writable by group or others (as OpenSSH refuses such keys), is an
 * {@link IdentityException} naming the file, and the file is left untouched.
 *
 * <p>Stateless and thread-safe.
 */
public final class IdentityStore {
    public static final String FILE_NAME = "identity.key";
    static final String HEADER = "parley-identity-v1";
    private static final int MAX_FILE_BYTES = 1024;

    private IdentityStore() {}

    public static Identity loadOrCreate(Path stateDir, SecureRandom random) throws IdentityException {
        ensureStateDir(stateDir);
        Path file = stateDir.resolve(FILE_NAME);
        if (SecureFiles.exists(file)) {
            return load(file);
        }
        return create(file, random);
    }

    /** Reads an existing identity file, with the same checks as {@link #loadOrCreate}. */
    public static Identity load(Path file) throws IdentityException {
        checkPermissions(file);
        byte[] seed = parse(file, read(file));
        try {
            return Identity.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static void ensureStateDir(Path stateDir) throws IdentityException {
        if (SecureFiles.exists(stateDir) && !Files.isDirectory(stateDir)) {
            throw new IdentityException("the state folder " + stateDir + " exists but is not a folder");
        }
        try {
            SecureFiles.ensurePrivateDirectory(stateDir);
        } catch (IOException e) {
            throw new IdentityException("cannot create the state folder " + stateDir + ": "
                    + SecureFiles.reason(e), e);
        }
    }

    private static Identity create(Path file, SecureRandom random) throws IdentityException {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        byte[] content = format(seed);
        try {
            Identity identity = Identity.fromSeed(seed);
            SecureFiles.createNew(file, content);
            return identity;
        } catch (FileAlreadyExistsException e) {
            return load(file); // another first run won the race: use its identity, as it does
        } catch (AccessDeniedException e) {
            throw new IdentityException("cannot create " + file + ": the state folder " + file.getParent()
                    + " is not writable", e);
        } catch (IOException e) {
            throw new IdentityException("cannot create " + file + ": " + SecureFiles.reason(e), e);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(content, (byte) 0);
        }
    }

    static byte[] format(byte[] seed) {
        return (HEADER + "\n" + Base64.getEncoder().encodeToString(seed) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void checkPermissions(Path file) throws IdentityException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new IdentityException("identity file " + file + " is not a regular file");
            }
            Optional<String> mode = SecureFiles.tooOpen(file);
            if (mode.isPresent()) {
                throw new IdentityException("permissions " + mode.get() + " for '" + file + "' are too open:"
                        + " the identity file must be readable and writable by you alone (chmod 600 '" + file + "')");
            }
        } catch (IOException e) {
            throw new IdentityException("cannot read identity file " + file + ": " + SecureFiles.reason(e), e);
        }
    }

    private static byte[] read(Path file) throws IdentityException {
        try {
            return SecureFiles.readSmall(file, MAX_FILE_BYTES).orElseThrow(() -> corrupt(file, "too large"));
        } catch (IOException e) {
            throw new IdentityException("cannot read identity file " + file + ": " + SecureFiles.reason(e), e);
        }
    }

    private static byte[] parse(Path file, byte[] bytes) throws IdentityException {
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).strip().split("\r?\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals(HEADER)) {
            throw corrupt(file, lines[0].startsWith("parley-identity-") ? "unsupported version " + lines[0].strip()
                    : "it does not start with '" + HEADER + "'");
        }
        if (lines.length != 2) {
            throw corrupt(file, "expected two lines");
        }
        try {
            byte[] seed = Base64.getDecoder().decode(lines[1].strip());
            if (seed.length != 32) {
                throw corrupt(file, "the key is " + seed.length + " bytes, not 32");
            }
            return seed;
        } catch (IllegalArgumentException e) {
            throw corrupt(file, "the key is not valid base64");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static IdentityException corrupt(Path file, String why) {
        return new IdentityException("identity file " + file + " is corrupt (" + why + "); it was left as it is."
                + " Restore it from a backup, or move it away to create a new identity (peers will see a new key)");
    }
}
