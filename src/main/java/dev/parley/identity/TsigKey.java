package dev.parley.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A TSIG key (RFC 8945) for signing DNS updates, as {@code knsupdate -y} and BIND's {@code nsupdate -y}
 * take it: {@code ALGORITHM:NAME:SECRET}, e.g. {@code hmac-sha256:parley-update:c2VjcmV0...}, the secret
 * in standard base64. Read from a file that only its owner may read, like the network key. The secret is
 * never shown by {@link #toString()}. Immutable apart from {@link #secret()}'s copy.
 */
public final class TsigKey {
    /** The algorithms accepted: the HMAC-SHA2 family (RFC 8945 section 6); MD5 and SHA-1 are refused. */
    public static final Set<String> ALGORITHMS = Set.of("hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512");
    static final int MAX_FILE_BYTES = 4096;
    /** A domain name of at most 253 characters: letters, digits, hyphens, underscores, dots. */
    private static final Pattern KEY_NAME = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?\\.?");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final String FORM = "expected one line ALGORITHM:NAME:SECRET, such as hmac-sha256:parley-update:"
            + "<base64 secret> (as knsupdate -y and nsupdate -y take it)";

    private final String algorithm;
    private final String name;
    private final byte[] secret;

    private TsigKey(String algorithm, String name, byte[] secret) {
        this.algorithm = algorithm;
        this.name = name;
        this.secret = secret;
    }

    /** {@code hmac-sha256} and the like, in lower case. */
    public String algorithm() {
        return algorithm;
    }

    /** The key's name, as the server's configuration knows it. */
    public String name() {
        return name;
    }

    /** A copy of the secret's bytes; the caller should wipe it after use. */
    public byte[] secret() {
        return secret.clone();
    }

    /**
     * Parses {@code ALGORITHM:NAME:SECRET}. The messages name what is wrong but never echo the text,
     * which holds the secret.
     */
    public static TsigKey parse(String text) throws IdentityException {
        String line = text.strip();
        String[] parts = line.split(":", -1);
        if (parts.length != 3 || line.indexOf('\n') >= 0) {
            throw new IdentityException(FORM);
        }
        String algorithm = parts[0].toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IdentityException("unsupported TSIG algorithm (use one of hmac-sha224, hmac-sha256, hmac-sha384,"
                    + " hmac-sha512); " + FORM);
        }
        if (!KEY_NAME.matcher(parts[1]).matches()) {
            throw new IdentityException("the key name is not a domain name; " + FORM);
        }
        if (!BASE64.matcher(parts[2]).matches() || parts[2].length() % 4 != 0) {
            throw new IdentityException("the secret is not base64; " + FORM);
        }
        byte[] secret = Base64.getDecoder().decode(parts[2]);
        if (secret.length < 16) {
            throw new IdentityException("the secret is shorter than 16 bytes; make one with keymgr -t NAME hmac-sha256"
                    + " or tsig-keygen");
        }
        return new TsigKey(algorithm, parts[1], secret);
    }

    /** Reads a key file: a regular file of one line, readable by its owner alone (else refused, like the network key). */
    public static TsigKey load(Path file) throws IdentityException {
        if (!SecureFiles.exists(file)) {
            throw new IdentityException("TSIG key file " + file + " does not exist");
        }
        byte[] bytes = null;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IdentityException("TSIG key file " + file + " is not a regular file");
            }
            Optional<String> mode = SecureFiles.tooOpen(file);
            if (mode.isPresent()) {
                throw new IdentityException("permissions " + mode.get() + " for '" + file + "' are too open:"
                        + " the TSIG key must be readable and writable by you alone (chmod 600 '" + file + "')");
            }
            bytes = SecureFiles.readSmall(file, MAX_FILE_BYTES)
                    .orElseThrow(() -> new IdentityException("TSIG key file " + file + " is larger than "
                            + MAX_FILE_BYTES + " bytes; " + FORM));
            try {
                return parse(new String(bytes, StandardCharsets.US_ASCII));
            } catch (IdentityException e) {
                throw new IdentityException("TSIG key file " + file + ": " + e.getMessage());
            }
        } catch (IOException e) {
            throw new IdentityException("cannot read TSIG key file " + file + ": " + SecureFiles.reason(e), e);
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    @Override
    public String toString() {
        return "TsigKey[" + algorithm + ":" + name + ":<secret>]";
    }
}
