package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.identity.Identity;
import dev.parley.identity.IdentityException;
import dev.parley.identity.IdentityStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyIdentityTest {
    @TempDir
    Path tmp;

    @Test
    void createsTheIdentityOnTheFirstRunAndLoadsTheSameOneAfter() throws Exception {
        Path home = tmp.resolve("home");
        Identity first = EarlyIdentity.start(home).get();
        assertTrue(Files.exists(home.resolve(IdentityStore.FILE_NAME)));
        assertEquals(IdentityStore.load(home.resolve(IdentityStore.FILE_NAME)).fingerprint(), first.fingerprint());
        assertEquals(first.fingerprint(), EarlyIdentity.start(home).get().fingerprint());
    }

    @Test
    void whatLoadingThrowsGetThrows() throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
        EarlyIdentity early = EarlyIdentity.start(notAFolder);
        IdentityException e = assertThrows(IdentityException.class, early::get);
        assertTrue(e.getMessage().contains(notAFolder.toString()), e.getMessage());
        early.await(); // and waiting again neither throws nor blocks
    }

    @Test
    void anInterruptedCallerStillGetsTheIdentityAndKeepsItsInterrupt() throws Exception {
        Path home = tmp.resolve("home");
        Thread.currentThread().interrupt();
        try {
            Identity identity = EarlyIdentity.start(home).get();
            assertTrue(Thread.currentThread().isInterrupted());
            Thread.interrupted();
            assertEquals(IdentityStore.load(home.resolve(IdentityStore.FILE_NAME)).fingerprint(), identity.fingerprint());
        } finally {
            Thread.interrupted();
        }
    }
}
