package dev.parley.app;

import dev.parley.identity.Identity;
import dev.parley.identity.IdentityException;
import dev.parley.identity.IdentityStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Our identity, loaded (or created, on the first run) on a thread of its own, {@code parley-identity},
 * while the main thread sets up logging: loading the JDK's EC code and deriving the Ed25519 public key
 * take some 50 ms of start-up that need nothing but the state folder (docs/PERFORMANCE.md). Started by
 * the main thread once the settings are known to be good, so that a usage error never creates an
 * identity; {@link #get} from the main thread.
 */
final class EarlyIdentity {
    private final FutureTask<Identity> task;

    private EarlyIdentity(FutureTask<Identity> task) {
        this.task = task;
    }

    static EarlyIdentity start(Path stateDir) {
        FutureTask<Identity> task = new FutureTask<>(() -> IdentityStore.loadOrCreate(stateDir, new SecureRandom()));
        Thread t = new Thread(task, "parley-identity");
        t.setDaemon(true);
        t.start();
        return new EarlyIdentity(task);
    }

    /** Waits for the identity; what loading it threw, it throws. */
    Identity get() throws IdentityException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // finish loading: the file may be half written otherwise
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IdentityException ie) {
                throw ie;
            } else if (cause instanceof RuntimeException re) {
                throw re;
            } else if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for loading to end, whatever its outcome: nothing is left writing in the state folder. */
    void await() {
        try {
            get();
        } catch (IdentityException | RuntimeException e) {
            // reported by whoever needs the identity; here we only wait
        }
    }
}
