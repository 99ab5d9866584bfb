package dev.parley.identity;

import static dev.parley.identity.TestFiles.chmod;
import static dev.parley.identity.TestFiles.mode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.parley.crypto.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityStoreTest {
    /** RFC 8032 §7.1 TEST 1. */
    private static final byte[] SEED = Bytes.unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] PUBLIC = Bytes.unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

    @TempDir
    Path tmp;

    @Test
    void firstRunCreatesTheFolder0700AndTheFile0600FromTheRandomSource() throws Exception {
        Path home = tmp.resolve("config").resolve("parley");
        Identity id = IdentityStore.loadOrCreate(home, TestFiles.yielding(SEED));

        assertArrayEquals(PUBLIC, id.publicKey());
        assertEquals("rwx------", mode(home));
        Path file = home.resolve("identity.key");
        assertEquals("rw-------", mode(file));
        assertEquals("parley-identity-v1\nnWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\n",
                Files.readString(file, StandardCharsets.US_ASCII));
        try (Stream<Path> files = Files.list(home)) {
            assertEquals(List.of(file), files.toList(), "no temp file is left behind");
        }
    }

    @Test
    void reloadGivesTheSameIdentity() throws Exception {
        Identity first = IdentityStore.loadOrCreate(tmp, new SecureRandom());
        Identity again = IdentityStore.loadOrCreate(tmp, TestFiles.yielding(new byte[0]));
        assertArrayEquals(first.publicKey(), again.publicKey());
        assertEquals(first.fingerprint(), again.fingerprint());
    }

    @Test
    void anExistingFolderKeepsItsMode() throws Exception {
        chmod(tmp, "rwxr-x---");
        IdentityStore.loadOrCreate(tmp, new SecureRandom());
        assertEquals("rwxr-x---", mode(tmp));
    }

    @Test
    void theFileIsTolerantOfAMissingFinalNewlineAndCrlf() throws Exception {
        Path file = tmp.resolve("identity.key");
        Files.writeString(file, "parley-identity-v1\r\nnWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=");
        chmod(file, "rw-------");
        assertArrayEquals(PUBLIC, IdentityStore.loadOrCreate(tmp, new SecureRandom()).publicKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "parley-identity-v1\n",
        "parley-identity-v1\nnot base64 at all!\n",
        "parley-identity-v1\nAAAA\n",
        "parley-identity-v2\nnWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\n",
        "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\n",
        "parley-identity-v1\nnWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\nextra\n",
    })
    void aCorruptFileIsRefusedAndLeftUntouched(String content) throws Exception {
        Path file = tmp.resolve("identity.key");
        Files.writeString(file, content);
        chmod(file, "rw-------");
        FileTime before = Files.getLastModifiedTime(file);

        IdentityException e = assertThrows(IdentityException.class,
                () -> IdentityStore.loadOrCreate(tmp, new SecureRandom()));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertEquals(content, Files.readString(file));
        assertEquals(before, Files.getLastModifiedTime(file));
    }

    @Test
    void aHugeFileIsCorruptNotReadIntoMemory() throws Exception {
        Path file = tmp.resolve("identity.key");
        Files.write(file, new byte[1 << 20]);
        chmod(file, "rw-------");
        IdentityException e = assertThrows(IdentityException.class,
                () -> IdentityStore.loadOrCreate(tmp, new SecureRandom()));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw------x"})
    void aFileOthersCanReachIsRefusedLikeOpenSsh(String perms) throws Exception {
        IdentityStore.loadOrCreate(tmp, new SecureRandom());
        Path file = tmp.resolve("identity.key");
        chmod(file, perms);

        IdentityException e = assertThrows(IdentityException.class,
                () -> IdentityStore.loadOrCreate(tmp, new SecureRandom()));

        assertTrue(e.getMessage().startsWith("permissions 0"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + file + "' are too open"), e.getMessage());
        assertEquals(perms, mode(file), "left as it was");
    }

    @Test
    void theModeInTheMessageIsOctal() throws Exception {
        IdentityStore.loadOrCreate(tmp, new SecureRandom());
        chmod(tmp.resolve("identity.key"), "rw-r--r--");
        IdentityException e = assertThrows(IdentityException.class,
                () -> IdentityStore.loadOrCreate(tmp, new SecureRandom()));
        assertTrue(e.getMessage().startsWith("permissions 0644 for "), e.getMessage());
    }

    @Test
    void aStateFolderThatCannotBeCreatedIsAClearError() throws Exception {
        // Works as root too: no permission check is involved when the parent is a regular file.
        Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
        Path home = notAFolder.resolve("parley");

        IdentityException e = assertThrows(IdentityException.class,
                () -> IdentityStore.loadOrCreate(home, new SecureRandom()));

        assertTrue(e.getMessage().startsWith("cannot create the state folder " + home), e.getMessage());
    }

    @Test
    void aStateFolderPathThatIsAFileIsAClearError() throws Exception {
        Path file = Files.writeString(tmp.resolve("parley"), "x");
        IdentityException e = assertThrows(IdentityException.class,
                () -> IdentityStore.loadOrCreate(file, new SecureRandom()));
        assertEquals("the state folder " + file + " exists but is not a folder", e.getMessage());
    }

    @Test
    void aReadOnlyStateFolderIsAClearError() throws Exception {
        assumeFalse(TestFiles.permissionsAreBypassed(tmp), "running as root: folder permissions do not apply");
        Path home = Files.createDirectory(tmp.resolve("home"));
        chmod(home, "r-x------");
        try {
            IdentityException e = assertThrows(IdentityException.class,
                    () -> IdentityStore.loadOrCreate(home, new SecureRandom()));
            assertTrue(e.getMessage().contains(home + " is not writable"), e.getMessage());
        } finally {
            chmod(home, "rwx------");
        }
    }

    @Test
    void aFolderWhereTheFileShouldBeIsRefused() throws Exception {
        Files.createDirectory(tmp.resolve("identity.key"));
        IdentityException e = assertThrows(IdentityException.class,
                () -> IdentityStore.loadOrCreate(tmp, new SecureRandom()));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    /**
     * The loser of a race between two first runs must take the winner's identity. The first run's
     * random source blocks until the second run has created the file, so the first finds the name
     * taken only when it tries to put its own file in place.
     */
    @Test
    void aFirstRunThatLosesTheRaceUsesTheWinnersIdentity() throws Exception {
        CountDownLatch secondDone = new CountDownLatch(1);
        SecureRandom slow = new SecureRandom() {
            @Override
            public void nextBytes(byte[] out) {
                try {
                    if (!secondDone.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("second run never finished");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                System.arraycopy(SEED, 0, out, 0, out.length);
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Identity> first = pool.submit(() -> IdentityStore.loadOrCreate(tmp, slow));
            Identity second = IdentityStore.loadOrCreate(tmp, new SecureRandom());
            secondDone.countDown();
            Identity firstResult = first.get(10, TimeUnit.SECONDS);

            assertArrayEquals(second.publicKey(), firstResult.publicKey());
            assertNotEquals(Bytes.hex(PUBLIC), Bytes.hex(firstResult.publicKey()), "the slow run's key was dropped");
            assertArrayEquals(second.publicKey(),
                    IdentityStore.load(tmp.resolve("identity.key")).publicKey());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyConcurrentFirstRunsAllAgree() throws Exception {
        int runs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            for (int round = 0; round < 20; round++) {
                Path home = tmp.resolve("round" + round);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Identity>> results = Stream.generate(() -> pool.submit(() -> {
                    start.await();
                    return IdentityStore.loadOrCreate(home, new SecureRandom());
                })).limit(runs).toList();
                start.countDown();
                List<String> fingerprints = new ArrayList<>();
                for (Future<Identity> r : results) {
                    fingerprints.add(r.get(10, TimeUnit.SECONDS).fingerprint());
                }
                String onDisk = IdentityStore.load(home.resolve("identity.key")).fingerprint();
                assertEquals(Collections.nCopies(runs, onDisk), fingerprints, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSeedIsNotInTheMessageOfAnyError() throws IOException {
        Path file = tmp.resolve("identity.key");
        String secret = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
        Files.writeString(file, "parley-identity-v1\n" + secret + "\n");
        chmod(file, "rw-r--r--");
        IdentityException e = assertThrows(IdentityException.class,
                () -> IdentityStore.loadOrCreate(tmp, new SecureRandom()));
        assertFalse(e.getMessage().contains(secret));
    }
}
