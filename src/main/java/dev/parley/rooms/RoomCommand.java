package dev.parley.rooms;

import dev.parley.chat.ChatException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The room commands both front ends accept, parsed: {@code /room create NAME [TOPIC]}, {@code /rooms},
 * {@code /invite #ROOM PEER}, {@code /join #ROOM}, {@code /decline #ROOM}, {@code /leave #ROOM},
 * {@code /kick #ROOM PEER}, {@code /topic #ROOM TEXT}, {@code /members #ROOM}, {@code /msg #ROOM TEXT}.
 * {@code /decline} is a room's only with {@code #}: without, it answers a file offer ({@code /decline ID}).
 * Immutable values; the parser is stateless.
 */
public sealed interface RoomCommand {
    List<String> HELP = List.of(
            "/room create NAME [TOPIC]  create a room (you are its owner)",
            "/rooms                     list rooms and invitations",
            "/invite #ROOM PEER         owner: invite PEER",
            "/join #ROOM, /decline #ROOM  answer an invitation or a rejoin offer",
            "/leave #ROOM               leave the room",
            "/kick #ROOM PEER           owner: remove PEER",
            "/topic #ROOM TEXT          owner: set the topic",
            "/members #ROOM             members, online or not, and trust",
            "/msg #ROOM TEXT            send TEXT to the room");

    record Create(String name, String topic) implements RoomCommand {}
    record ListRooms() implements RoomCommand {}
    record Invite(String room, String peer) implements RoomCommand {}
    record Join(String room) implements RoomCommand {}
    record Decline(String room) implements RoomCommand {}
    record Leave(String room) implements RoomCommand {}
    record Kick(String room, String peer) implements RoomCommand {}
    record Topic(String room, String text) implements RoomCommand {}
    record Members(String room) implements RoomCommand {}
    record Send(String room, String text) implements RoomCommand {}

    /**
     * The room command on this line, or empty if it is not one (then the chat commands apply; a
     * {@code /msg} to a peer is not a room command).
     *
     * @throws ChatException {@code bad-command} naming the usage, for a room command used wrongly
     */
    static Optional<RoomCommand> parse(String line) throws ChatException {
        String s = line.strip();
        if (!s.startsWith("/")) {
            return Optional.empty();
        }
        String[] head = split(s.substring(1));
        String name = head[0].toLowerCase(Locale.ROOT);
        String rest = head[1];
        switch (name) {
            case "room" -> {
                String[] sub = split(rest);
                if (!sub[0].equalsIgnoreCase("create")) {
                    throw bad("/room create NAME [TOPIC]");
                }
                String[] nt = split(sub[1]);
                if (nt[0].isEmpty()) {
                    throw bad("/room create NAME [TOPIC]");
                }
                return Optional.of(new Create(nt[0], nt[1]));
            }
            case "rooms" -> {
                if (!rest.isEmpty()) {
                    throw bad("/rooms (takes no arguments)");
                }
                return Optional.of(new ListRooms());
            }
            case "invite", "kick" -> {
                String[] rp = split(rest);
                if (rp[0].isEmpty() || rp[1].isEmpty() || rp[1].contains(" ")) {
                    throw bad("/" + name + " #ROOM PEER");
                }
                return Optional.of(name.equals("invite") ? new Invite(rp[0], rp[1]) : new Kick(rp[0], rp[1]));
            }
            case "join", "decline", "leave", "members" -> {
                if (name.equals("decline") && !rest.startsWith("#")) {
                    return Optional.empty(); // /decline ID: a file offer's (chat's CommandParser)
                }
                if (rest.isEmpty() || rest.contains(" ")) {
                    throw bad("/" + name + " #ROOM");
                }
                return Optional.of(switch (name) {
                    case "join" -> new Join(rest);
                    case "decline" -> new Decline(rest);
                    case "leave" -> new Leave(rest);
                    default -> new Members(rest);
                });
            }
            case "topic" -> {
                String[] rt = split(rest);
                if (rt[0].isEmpty()) {
                    throw bad("/topic #ROOM TEXT");
                }
                return Optional.of(new Topic(rt[0], rt[1]));
            }
            case "msg" -> {
                String[] rt = split(rest);
                if (!rt[0].startsWith("#")) {
                    return Optional.empty(); // a message to a peer
                }
                if (rt[1].isBlank()) {
                    throw bad("/msg #ROOM TEXT");
                }
                return Optional.of(new Send(rt[0], rt[1]));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static String[] split(String s) {
        String t = s.strip();
        int end = 0;
        while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
            end++;
        }
        return new String[] {t.substring(0, end), t.substring(end).strip()};
    }

    private static ChatException bad(String usage) {
        return new ChatException("bad-command", "usage: " + usage);
    }
}
