package dev.parley.app;

import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options given before a subcommand ({@code parley --home DIR id}), which picocli parses as the top
 * command's: a subcommand honours those it has a use for and refuses the rest, so that none is
 * silently dropped. Stateless.
 */
final class BeforeSubcommand {
    private BeforeSubcommand() {}

    /**
     * The options matched before {@code sub} other than {@code honoured}; empty when there are none (or
     * {@code sub} was run on its own).
     */
    static List<String> unused(CommandSpec sub, Set<String> honoured) {
        CommandSpec parent = sub.parent();
        ParseResult parsed = parent == null ? null : parent.commandLine().getParseResult();
        if (parsed == null) {
            return List.of();
        }
        return parsed.matchedOptions().stream().map(OptionSpec::longestName)
                .filter(name -> !honoured.contains(name)).distinct().toList();
    }

    /** The message for {@link #unused} options. */
    static String refusal(String subcommand, List<String> unused, String takes) {
        return "parley: " + String.join(", ", unused) + " before '" + subcommand + "' would do nothing; '"
                + subcommand + "' takes " + takes + " (see parley " + subcommand + " --help)";
    }
}
