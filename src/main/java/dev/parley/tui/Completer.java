package dev.parley.tui;

import dev.parley.chat.CommandParser;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tab completion of the word before the cursor: commands ({@code /ms} → {@code /msg }), nicknames (at the
 * start of a line followed by {@code ": "}), {@code #rooms} (from a hook; none until rooms exist) and paths
 * after {@code /send} (from a hook that lists files; by default this machine's files). Tab again cycles
 * through the candidates; any other key ends the cycle. UI thread only; not thread-safe.
 */
final class Completer {
    /** Candidates looked at, and directory entries read, at most per Tab. */
    static final int MAX_CANDIDATES = 1_000;
    private static final Pattern COMMAND = Pattern.compile("^(/[a-z]+)");

    private final Supplier<List<String>> nicknames;
    private Function<String, List<String>> rooms = prefix -> List.of();
    private Function<String, List<String>> paths = Completer::files;
    private boolean roomCommands;
    private List<String> cycle = List.of();
    private int index;
    private String inserted;

    Completer(Supplier<List<String>> nicknames) {
        this.nicknames = nicknames;
    }

    /** Where {@code #room} names come from (the rooms feature plugs in here). */
    void rooms(Function<String, List<String>> source) {
        rooms = source;
    }

    /** The room commands ({@code /room}, {@code /join}, ...) complete too. */
    void roomCommands() {
        roomCommands = true;
    }

    /** Where paths for {@code /send} come from (the file-transfer feature may plug in its own). */
    void paths(Function<String, List<String>> source) {
        paths = source;
    }

    /** Any key but Tab: the next Tab starts afresh. */
    void reset() {
        cycle = List.of();
        inserted = null;
    }

    /**
     * Completes (or cycles) the word before the cursor; returns the candidates when there were several (for
     * the status line), an empty list when one was used, or null when nothing matched.
     */
    List<String> complete(LineEditor in) {
        if (inserted != null && !cycle.isEmpty() && in.textBeforeCursor().endsWith(inserted)) {
            in.deleteBefore(inserted.codePointCount(0, inserted.length()));
            index = (index + 1) % cycle.size();
            inserted = cycle.get(index);
            in.insert(inserted);
            return cycle;
        }
        String before = in.textBeforeCursor();
        int start = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\n')) + 1;
        String word = before.substring(start);
        List<String> found = candidates(before.substring(0, start), word);
        if (found.isEmpty()) {
            return null;
        }
        in.deleteBefore(word.codePointCount(0, word.length()));
        cycle = found;
        index = 0;
        inserted = found.get(0);
        in.insert(inserted);
        if (found.size() == 1) {
            cycle = List.of();
            inserted = null;
            return List.of();
        }
        return found;
    }

    private List<String> candidates(String head, String word) {
        Matcher command = COMMAND.matcher(head);
        if (head.isBlank() && word.startsWith("/")) {
            return matching(roomCommands ? commandsWithRooms() : commands(), word, " ");
        }
        if (word.startsWith("#")) {
            return matching(rooms.apply(word), word, " ");
        }
        if (command.find() && command.group(1).equals("/send") && !head.strip().equals("/send")) {
            List<String> files = paths.apply(word);
            return files.size() > MAX_CANDIDATES ? files.subList(0, MAX_CANDIDATES) : files;
        }
        if (word.isEmpty()) {
            return List.of();
        }
        return matching(nicknames.get(), word, head.isBlank() ? ": " : " ");
    }

    private static List<String> matching(List<String> all, String word, String suffix) {
        TreeSet<String> out = new TreeSet<>();
        String w = word.toLowerCase(Locale.ROOT);
        for (String s : all) {
            if (out.size() >= MAX_CANDIDATES) {
                break;
            }
            if (s.toLowerCase(Locale.ROOT).startsWith(w) && !s.isEmpty()) {
                out.add(s + suffix);
            }
        }
        return new ArrayList<>(out);
    }

    static List<String> commands() {
        List<String> out = new ArrayList<>();
        for (String h : CommandParser.HELP) {
            for (String part : h.split("\\s+")[0].split(",")) {
                if (part.startsWith("/")) {
                    out.add(part);
                }
            }
        }
        out.add("/back");
        out.add("/search");
        out.add("/me");
        return out;
    }

    static List<String> commandsWithRooms() {
        List<String> out = commands();
        for (String h : dev.parley.rooms.RoomCommand.HELP) {
            for (String part : h.split("\\s{2,}")[0].split(",")) {
                String c = part.strip().split("\\s+")[0];
                if (c.startsWith("/") && !out.contains(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** Files and folders (with a {@code /}) whose path starts with {@code prefix}; {@code ~/} is the home. */
    static List<String> files(String prefix) {
        String home = System.getProperty("user.home");
        String expanded = prefix.startsWith("~/") && home != null ? home + prefix.substring(1) : prefix;
        int slash = expanded.lastIndexOf('/');
        Path dir = slash < 0 ? Paths.get(".") : Paths.get(slash == 0 ? "/" : expanded.substring(0, slash));
        String name = expanded.substring(slash + 1);
        String shownDir = slash < 0 ? "" : prefix.substring(0, prefix.lastIndexOf('/') + 1);
        List<String> out = new ArrayList<>();
        int read = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (++read > MAX_CANDIDATES) {
                    break;
                }
                String n = p.getFileName().toString();
                if (n.startsWith(name) && (!n.startsWith(".") || name.startsWith("."))) {
                    out.add(shownDir + n + (Files.isDirectory(p) ? "/" : " "));
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        Collections.sort(out);
        return out;
    }
}
