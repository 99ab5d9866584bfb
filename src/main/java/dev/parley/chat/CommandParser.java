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
            "/cancel PEER          give up our messages to PEER not sent yet (PEER: not digits only)",
            "/ignore PEER          end PEER's session and refuse it until /unignore",
            "/unignore PEER        accept PEER again",
            "/away, /back          set our presence",
            "/clear                clear the open conversation (full-screen UI)",
            "/send PEER PATH...    offer files or folders to PEER (full-screen UI: /send PATH to the open one)",
            "/accept ID [DIR]      accept a transfer into DIR (default: the downloads setting)",
            "/decline ID           decline an offered transfer",
            "/accept, /decline     (full-screen UI) the one offer waiting in the open conversation",
            "/cancel N             stop transfer N, either side: digits only (or a 32-hex id) name a transfer",
            "/pause ID, /resume ID pause or resume a transfer on our side",
            "/transfers [clean]    list transfers; clean forgets finished ones and kept partial files",
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
            case "cancel" -> namesTransfer(rest) ? new Command.TransferAction("cancel", rest, null)
                    : new Command.Cancel(one(rest, "/cancel PEER"));
            case "ignore" -> new Command.Ignore(one(rest, "/ignore PEER"), true);
            case "unignore" -> new Command.Ignore(one(rest, "/unignore PEER"), false);
            case "away" -> none(rest, "/away", new Command.SetPresence(Presence.AWAY));
            case "back" -> none(rest, "/back", new Command.SetPresence(Presence.ONLINE));
            case "clear" -> none(rest, "/clear", new Command.Clear());
            case "send" -> send(rest);
            case "accept" -> accept(rest);
            case "decline" -> rest.isEmpty() ? new Command.TransferAction("decline", null, null)
                    : new Command.TransferAction("decline", one(rest, "/decline ID"), null);
            case "pause", "resume" ->
                    new Command.TransferAction(name, one(rest, "/" + name + " ID"), null);
            case "transfers" -> rest.isEmpty() ? new Command.ListTransfers(false)
                    : rest.equalsIgnoreCase("clean") ? new Command.ListTransfers(true)
                    : none(rest, "/transfers [clean]", null);
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

    /**
     * The rule for {@code /cancel X}: X names a transfer when it is digits only (its local number) or
     * exactly 32 hex digits (its full id, as headless events give it); anything else is a peer, whose
     * messages not sent yet are given up. A peer whose nickname is digits only is named by its fingerprint.
     */
    public static boolean namesTransfer(String arg) {
        return arg.matches("[0-9]+") || arg.matches("[0-9a-fA-F]{32}");
    }

    /** {@code /send PEER PATH...} or {@code /send PATH}; a word in double quotes may hold spaces. */
    private static Command send(String rest) throws ChatException {
        java.util.List<String> words = words(rest, "usage: /send PEER PATH...");
        if (words.isEmpty()) {
            throw bad("usage: /send PEER PATH... (or /send PATH in the open conversation)");
        }
        if (words.size() == 1) {
            return new Command.Send(null, words);
        }
        return new Command.Send(words.get(0), words.subList(1, words.size()));
    }

    private static Command accept(String rest) throws ChatException {
        java.util.List<String> words = words(rest, "usage: /accept ID [DIR]");
        if (words.isEmpty()) {
            return new Command.TransferAction("accept", null, null); // the open conversation's offer (full-screen UI)
        }
        if (words.size() > 2) {
            throw bad("usage: /accept ID [DIR]");
        }
        return new Command.TransferAction("accept", words.get(0), words.size() == 2 ? words.get(1) : null);
    }

    /** Words separated by whitespace; {@code "a b"} is one word (no escapes inside). */
    private static java.util.List<String> words(String s, String usage) throws ChatException {
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    throw bad(usage + " (a quote is not closed)");
                }
                out.add(s.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
                    end++;
                }
                out.add(s.substring(i, end));
                i = end;
            }
        }
        return out;
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
