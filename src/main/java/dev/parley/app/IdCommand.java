package dev.parley.app;

import dev.parley.identity.Identity;
import dev.parley.identity.IdentityException;
import dev.parley.identity.IdentityStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code parley id}: prints our fingerprint, creating the identity on first run. Runs on the main thread. */
@Command(name = "id", mixinStandardHelpOptions = true,
        description = "Print this machine's Parley fingerprint, creating its identity on first run.")
public final class IdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR",
            description = "State folder (default: $XDG_CONFIG_HOME/parley, else ~/.config/parley).")
    String home;

    /** The top command, whose {@code --home} given before {@code id} counts as this one's. */
    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        List<String> unused = BeforeSubcommand.unused(spec, Set.of("--home"));
        if (!unused.isEmpty()) {
            spec.commandLine().getErr().println(BeforeSubcommand.refusal("id", unused, "only --home"));
            return Main.USAGE;
        }
        String before = parent == null ? null : parent.home;
        if (before != null && home != null && !before.equals(home)) {
            spec.commandLine().getErr().println("parley: two different --home folders, " + before + " and " + home
                    + "; give one");
            return Main.USAGE;
        }
        try {
            Identity identity = IdentityStore.loadOrCreate(StateDir.resolve(home != null ? home : before),
                    new SecureRandom());
            spec.commandLine().getOut().println(identity.fingerprint());
            return 0;
        } catch (IdentityException e) {
            spec.commandLine().getErr().println("parley: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) { // a --home Parley cannot use as given (StateDir)
            spec.commandLine().getErr().println("parley: " + e.getMessage());
            return Main.USAGE;
        }
    }
}
