package dev.parley.app;

import dev.parley.identity.IdentityException;
import dev.parley.identity.NetworkKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley keygen FILE}: writes a new network key, never over an existing file. Runs on the main thread. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Write a new network key (a Fernet key, mode 0600) to FILE.",
            "Only peers started with the same key can connect to each other."})
public final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Where to write the key; must not exist yet.")
    Path file;

    @Override
    public Integer call() {
        java.util.List<String> unused = BeforeSubcommand.unused(spec, java.util.Set.of());
        if (!unused.isEmpty()) {
            spec.commandLine().getErr().println(BeforeSubcommand.refusal("keygen", unused, "only FILE"));
            return Main.USAGE;
        }
        if (file.toString().equals("-")) { // a key on standard output would skip the 0600 file it must live in
            spec.commandLine().getErr().println("parley: keygen writes the key to a file of its own (mode 0600), not to"
                    + " standard output; give a file name such as net.key");
            return Main.USAGE;
        }
        try {
            NetworkKey.generate(file, new SecureRandom());
        } catch (IdentityException e) {
            spec.commandLine().getErr().println("parley: " + e.getMessage());
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote a new network key to " + file.toAbsolutePath());
        out.println("copy it to each peer out of band (USB stick, scp), never through a chat, and start Parley there"
                + " with --network-key FILE");
        return 0;
    }
}
