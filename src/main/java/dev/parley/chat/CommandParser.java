package dev.parley.chat;

import java.util.List;

/** Parses one input line into a {@link Command}. Stateless and thread-safe. */
public final class CommandParser {
    /** One line per command, for help screens. */
    public static final List<String> HELP = List.of(
            "/msg PEER TEXT        send TEXT to PEER",
            "/connect HOST[:PORT]  dial an address now (remembered once a peer answers)",
            "/peers                list peers",
            "/nick NAME            change our nickname",
            "/verify PEER          show the safety number for PEER",
            "/verify PEER confirm  mark PEER verified after comparing the number",
            "/unverify PEER        PEER is no longer verified",
            "/trust PEER           accept PEER's new key (moves the conversation to it)",
            "/forget PEER          forget PEER's key, trust and conversation",
            "/cancel PEER          give up our messages to PEER not sent yet",
            "/ignore PEER          end PEER's session and refuse it until /unignore",
            "/unignore PEER        accept PEER again",
            "/away, /back          set our presence",
            "/clear                clear the open conversation (full-screen UI)",
            "/help                 this list",
            "/quit                 leave");

    private CommandParser() {}

    /**
     * Parses a line that starts with {@code /}. Throws {@link ChatException} with code
     * {@code bad-command} for anything else, naming what is wrong.
     */
    public static Command parse(String line) throws ChatException {
        String s = line.strip();
        if (!s.startsWith("/")) {
            throw bad("a command starts with /; try /help");
        }
        String[] head = firstWord(s.substring(1));
        String name = head[0].toLowerCase(java.util.Locale.ROOT);
        String rest = head[1].strip();
        return switch (name) {
            case "msg" -> msg(rest);
            case "connect" -> new Command.Connect(one(rest, "/connect HOST[:PORT]"));
            case "peers" -> none(rest, "/peers", new Command.Peers());
            case "nick" -> new Command.Nick(one(rest, "/nick NAME (one word)"));
            case "verify" -> verify(rest);
            case "trust" -> new Command.Trust(one(rest, "/trust PEER"));
            case "unverify" -> new Command.Unverify(one(rest, "/unverify PEER"));
            case "forget" -> new Command.Forget(one(rest, "/forget PEER"));
            case "cancel" -> new Command.Cancel(one(rest, "/cancel PEER"));
            case "ignore" -> new Command.Ignore(one(rest, "/ignore PEER"), true);
            case "unignore" -> new Command.Ignore(one(rest, "/unignore PEER"), false);
            case "away" -> none(rest, "/away", new Command.SetPresence(Presence.AWAY));
            case "back" -> none(rest, "/back", new Command.SetPresence(Presence.ONLINE));
            case "clear" -> none(rest, "/clear", new Command.Clear());
            case "help" -> new Command.Help();
            case "quit", "exit" -> none(rest, "/quit", new Command.Quit());
            default -> throw bad("unknown command /" + name + "; try /help");
        };
    }

    /**
     * The first word of {@code s} and the rest after the whitespace that follows it (empty if none):
     * what {@code s.split("\\s+", 2)} gives, without a regular expression for every line.
     */
    private static String[] firstWord(String s) {
        int end = 0;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
            end++;
        }
        int rest = end;
        while (rest < s.length() && Character.isWhitespace(s.charAt(rest))) {
            rest++;
        }
        return new String[] {s.substring(0, end), s.substring(rest)};
    }

    private static Command msg(String rest) throws ChatException {
        String[] parts = firstWord(rest);
        if (parts[0].isEmpty() || parts[1].isBlank()) {
            throw bad("usage: /msg PEER TEXT");
        }
        return new Command.Msg(parts[0], parts[1]);
    }

    private static Command verify(String rest) throws ChatException {
        String[] parts = rest.split("\\s+");
        if (rest.isEmpty() || parts.length > 2 || (parts.length == 2 && !parts[1].equalsIgnoreCase("confirm"))) {
            throw bad("usage: /verify PEER [confirm]");
        }
        return new Command.Verify(parts[0], parts.length == 2);
    }

    private static String one(String rest, String usage) throws ChatException {
        if (rest.isEmpty() || rest.contains(" ") || rest.contains("\t")) {
            throw bad("usage: " + usage);
        }
        return rest;
    }

    private static String required(String rest, String usage) throws ChatException {
        if (rest.isEmpty()) {
            throw bad("usage: " + usage);
        }
        return rest;
    }

    private static Command none(String rest, String usage, Command c) throws ChatException {
        if (!rest.isEmpty()) {
            throw bad("usage: " + usage + " (takes no arguments)");
        }
        return c;
    }

    private static ChatException bad(String message) {
        return new ChatException("bad-command", message);
    }
}
