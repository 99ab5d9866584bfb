package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.Fingerprints;
import dev.parley.identity.IdentityStore;
import dev.parley.identity.NetworkKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IdAndKeygenCommandTest {
    @TempDir
    Path tmp;

    /** One run of the real command line, with its exit code and what it printed. */
    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void idCreatesTheIdentityAndPrintsItsFingerprint() throws Exception {
        Path home = tmp.resolve("home");
        Run r = run("id", "--home", home.toString());

        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        String fingerprint = r.out().strip();
        assertTrue(Fingerprints.isWellFormed(fingerprint), fingerprint);
        assertEquals(IdentityStore.load(home.resolve("identity.key")).fingerprint(), fingerprint);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
    }

    @Test
    void homeBeforeTheSubcommandIsHonoured() throws Exception {
        Path home = tmp.resolve("home");
        Run r = run("--home", home.toString(), "id");

        assertEquals(0, r.exit(), r.err());
        assertEquals(IdentityStore.load(home.resolve("identity.key")).fingerprint(), r.out().strip(),
                "the identity of the folder given, not the default one");
    }

    @Test
    void twoDifferentHomesAreRefused() {
        Run r = run("--home", tmp.resolve("a").toString(), "id", "--home", tmp.resolve("b").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--home"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void optionsBeforeASubcommandThatHasNoUseForThemAreRefused() {
        Run id = run("--home", tmp.resolve("h").toString(), "--nick", "bob", "id");
        assertEquals(2, id.exit());
        assertTrue(id.err().contains("--nick") && id.err().contains("id"), id.err());

        Run keygen = run("--home", tmp.resolve("h").toString(), "keygen", tmp.resolve("net.key").toString());
        assertEquals(2, keygen.exit());
        assertTrue(keygen.err().contains("--home") && keygen.err().contains("keygen"), keygen.err());
        assertTrue(Files.notExists(tmp.resolve("net.key")), "nothing written");
    }

    @Test
    void idPrintsTheSameFingerprintEveryTime() {
        String home = tmp.resolve("home").toString();
        Run first = run("id", "--home", home);
        Run second = run("id", "--home", home);
        assertEquals(first.out(), second.out());
        assertEquals(1, first.out().lines().count());
    }

    @Test
    void idFailureIsOneLineOnStderrWithExitCode1() throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
        Run r = run("id", "--home", notAFolder.resolve("parley").toString());

        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("parley: cannot create the state folder " + notAFolder.resolve("parley")),
                r.err());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void idRefusesATooOpenIdentityFile() throws Exception {
        Path home = tmp.resolve("home");
        run("id", "--home", home.toString());
        Files.setPosixFilePermissions(home.resolve("identity.key"), PosixFilePermissions.fromString("rw-r--r--"));

        Run r = run("id", "--home", home.toString());

        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("parley: permissions 0644 for '" + home.resolve("identity.key")
                + "' are too open"), r.err());
    }

    @Test
    void keygenWritesAKeyAndSaysWhereWithAHint() throws Exception {
        Path file = tmp.resolve("net.key");
        Run r = run("keygen", file.toString());

        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        String[] lines = r.out().split("\\R");
        assertEquals(2, lines.length, r.out());
        assertEquals("wrote a new network key to " + file.toAbsolutePath(), lines[0]);
        assertTrue(lines[1].contains("out of band"), lines[1]);
        assertEquals(32, NetworkKey.load(file).length);
        assertEquals(44, Files.size(file));
    }

    @Test
    void keygenRefusesToOverwriteWithExitCode1() throws Exception {
        Path file = tmp.resolve("net.key");
        run("keygen", file.toString());
        byte[] before = Files.readAllBytes(file);

        Run r = run("keygen", file.toString());

        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("parley: " + file + " already exists; refusing to overwrite it"), r.err());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void usageErrorsExitWith2() {
        Run missingFile = run("keygen");
        assertEquals(2, missingFile.exit());
        assertTrue(missingFile.err().contains("Missing required parameter: 'FILE'"), missingFile.err());

        Run unknownOption = run("id", "--bogus");
        assertEquals(2, unknownOption.exit());
        assertTrue(unknownOption.err().contains("Unknown option: '--bogus'"), unknownOption.err());
    }

    @Test
    void subcommandsHaveHelp() {
        Run r = run("keygen", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("Usage: parley keygen"), r.out());
        Run top = run("--help");
        assertTrue(top.out().contains("id") && top.out().contains("keygen"), top.out());
    }

    @Test
    void keygenDashIsRefusedAndMakesNoFileNamedDash() {
        Run r = run("keygen", "-");
        assertEquals(Main.USAGE, r.exit());
        assertEquals("parley: keygen writes the key to a file of its own (mode 0600), not to standard output; give a"
                + " file name such as net.key\n", r.err());
        assertFalse(Files.exists(Path.of("-")), "no file named -");
    }

    @Test
    void aUsageErrorIsOneLineAndAHintNotTheWholeUsage() {
        Run r = run("keygen");
        assertEquals(Main.USAGE, r.exit());
        assertEquals("parley: Missing required parameter: 'FILE'\nTry 'parley keygen --help' for more information.\n",
                r.err());
        Run top = run("--nik", "x");
        assertEquals(Main.USAGE, top.exit());
        assertEquals("parley: Unknown options: '--nik', 'x'\nPossible solutions: --nick\n"
                + "Try 'parley --help' for more information.\n", top.err(), "picocli's suggestion, then the hint");
    }

    @Test
    void aTildeUserHomeIsRefusedAsAUsageError() {
        Run r = run("id", "--home=~nobody-such/x");
        assertEquals(Main.USAGE, r.exit());
        assertEquals("parley: --home: \"~nobody-such/x\": ~USER is not expanded here; give the folder's full path\n",
                r.err());
    }
}
