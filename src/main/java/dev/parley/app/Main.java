package dev.parley.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: parses the command line and exits with its code (0 ok, 1 runtime failure, 2 usage). */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {IdCommand.class, KeygenCommand.class},
        description = "Secure peer-to-peer chat for the local network, in the terminal.")
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        System.err.println("parley: the full-screen UI is not built yet");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"parley " + (v == null ? "dev" : v) + " (protocol 1)"};
        }
    }
}
