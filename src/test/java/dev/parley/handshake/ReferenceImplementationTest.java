package dev.parley.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the independent Python implementation of the protocol (src/test/python/check_vector.py, written
 * from docs/PROTOCOL.md over Python's {@code cryptography} package and its reference Fernet) against the
 * committed vector, which {@link HandshakeVectorTest} proves Parley produces. Skipped, saying why, where
 * /usr/bin/python3 or its {@code cryptography} module is missing (Debian: apt-get install python3-cryptography).
 */
class ReferenceImplementationTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long DEADLINE_SECONDS = 120;

    private static Path base;
    /** Why the cross-check cannot run here, or null when it can; probed once. */
    private static String missing;

    @BeforeAll
    static void probePython() throws Exception {
        base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        if (!Files.isExecutable(PYTHON)) {
            missing = PYTHON + " not found";
            return;
        }
        Result probe = run(List.of("-c", "import cryptography.fernet, cryptography.hazmat.primitives.asymmetric.x25519"));
        if (probe.exit != 0) {
            missing = "Python's cryptography package is missing (Debian: python3-cryptography)\n" + probe.output;
        }
    }

    /** Per test rather than per class, so that each skipped test is reported with the reason. */
    @BeforeEach
    void needPythonWithCryptography() {
        assumeTrue(missing == null, () -> missing + ": the Python cross-check of the handshake vector is skipped");
    }

    @Test
    void thePythonReferenceReproducesTheVector() throws Exception {
        Result r = run(List.of(script().toString(), vector().toString()));

        assertEquals(0, r.exit, "check_vector.py disagrees with the vector:\n" + r.output);
        assertTrue(r.output.contains("checks passed"), r.output);
    }

    @Test
    void thePythonReferenceNoticesOneChangedByte(@TempDir Path dir) throws Exception {
        String json = Files.readString(vector(), StandardCharsets.UTF_8);
        String hash = "\"transcript_hash\": \"";
        int at = json.indexOf(hash) + hash.length();
        char c = json.charAt(at);
        Path changed = dir.resolve("changed.json");
        Files.writeString(changed, json.substring(0, at) + (c == '0' ? '1' : '0') + json.substring(at + 1),
                StandardCharsets.UTF_8);

        Result r = run(List.of(script().toString(), changed.toString()));

        assertEquals(1, r.exit, r.output);
        assertTrue(r.output.contains("transcript_hash"), r.output);
    }

    private static Path script() {
        return base.resolve("src/test/python/check_vector.py");
    }

    private static Path vector() {
        return base.resolve("src/test/resources/handshake-vector.json");
    }

    private record Result(int exit, String output) {}

    /** Runs Python with a deadline; its output goes to a file, so a full pipe can never stall it. */
    private static Result run(List<String> args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("parley-python", ".txt");
        try {
            List<String> command = new ArrayList<>();
            command.add(PYTHON.toString());
            command.addAll(args);
            Process p = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("python did not finish within " + DEADLINE_SECONDS + " s: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
