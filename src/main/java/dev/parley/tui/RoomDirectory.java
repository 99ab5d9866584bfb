package dev.parley.tui;

import dev.parley.rooms.RoomInfo;
import dev.parley.rooms.RoomInvite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The UI's copy of the rooms we hold and the invitations waiting, fed by the rooms engine's events: rooms
 * by name (case-insensitive), then id; invitations in the order they came. A room the UI shows is keyed
 * {@code room:<id>} (in the list, the open conversation, unread counts, its pane), an invitation
 * {@code invite:<id>}; neither can be a fingerprint ({@code SHA256:…}). A room we no longer hold stays,
 * marked gone, while its conversation is open, so its pane can say why. Holds at most what the engine
 * does ({@code RoomsEngine.MAX_ROOMS} rooms, {@code MAX_INVITES} invitations), plus the one gone room
 * that is open. UI thread only; not thread-safe.
 */
final class RoomDirectory {
    static final String ROOM = "room:";
    static final String INVITE = "invite:";
    private static final Comparator<RoomInfo> ORDER = Comparator
            .comparing((RoomInfo r) -> r.name().toLowerCase(Locale.ROOT)).thenComparing(RoomInfo::id);

    private final Map<String, RoomInfo> rooms = new HashMap<>();
    private final Map<String, String> gone = new HashMap<>();
    private final Map<String, RoomInvite> invites = new LinkedHashMap<>();
    private List<RoomInfo> sorted = List.of();
    private boolean stale;

    static boolean isRoom(String key) {
        return key != null && key.startsWith(ROOM);
    }

    static boolean isInvite(String key) {
        return key != null && key.startsWith(INVITE);
    }

    static String key(String roomId) {
        return ROOM + roomId;
    }

    static String inviteKey(String roomId) {
        return INVITE + roomId;
    }

    /** The room id of a room or invitation key. */
    static String id(String key) {
        return key.substring(key.indexOf(':') + 1);
    }

    /** Stores a room's snapshot (it is held again, if it was gone); returns the one it replaces. */
    Optional<RoomInfo> put(RoomInfo room) {
        stale = true;
        gone.remove(room.id());
        invites.remove(room.id());
        return Optional.ofNullable(rooms.put(room.id(), room));
    }

    /** We no longer hold the room; it stays (marked with {@code reason}) only if {@code keep}. */
    void left(String roomId, String reason, boolean keep) {
        stale = true;
        if (keep && rooms.containsKey(roomId)) {
            gone.put(roomId, reason);
        } else {
            rooms.remove(roomId);
            gone.remove(roomId);
        }
    }

    /** Drops the gone rooms other than {@code open}; returns their keys. */
    List<String> pruneGone(String open) {
        List<String> out = new ArrayList<>();
        for (String id : List.copyOf(gone.keySet())) {
            if (!key(id).equals(open)) {
                gone.remove(id);
                rooms.remove(id);
                out.add(key(id));
                stale = true;
            }
        }
        return out;
    }

    /** Why we no longer hold the room ({@code left}, {@code removed}, {@code owner-gone}), or null if we do. */
    String goneReason(String key) {
        return isRoom(key) ? gone.get(id(key)) : null;
    }

    Optional<RoomInfo> get(String key) {
        return isRoom(key) ? Optional.ofNullable(rooms.get(id(key))) : Optional.empty();
    }

    List<RoomInfo> sorted() {
        if (stale) {
            List<RoomInfo> s = new ArrayList<>(rooms.values());
            s.sort(ORDER);
            sorted = List.copyOf(s);
            stale = false;
        }
        return sorted;
    }

    /** Stores an invitation; false when the same one (room, inviter, members) was there already. */
    boolean invite(RoomInvite invite) {
        stale = true;
        RoomInvite before = invites.put(invite.room(), invite);
        return before == null || !before.from().equals(invite.from()) || !before.members().equals(invite.members());
    }

    /** The invitations waiting now, as the engine says (after {@code /join} or {@code /decline}). */
    void invitations(List<RoomInvite> all) {
        stale = true;
        invites.clear();
        for (RoomInvite i : all) {
            if (!rooms.containsKey(i.room()) || gone.containsKey(i.room())) {
                invites.put(i.room(), i);
            }
        }
    }

    Optional<RoomInvite> invitation(String key) {
        return isInvite(key) ? Optional.ofNullable(invites.get(id(key))) : Optional.empty();
    }

    List<RoomInvite> invitations() {
        return List.copyOf(invites.values());
    }

    boolean isEmpty() {
        return rooms.isEmpty() && invites.isEmpty();
    }

    /** The list's keys, in order: the rooms, then the invitations. */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        sorted().forEach(r -> out.add(key(r.id())));
        invites.keySet().forEach(id -> out.add(inviteKey(id)));
        return out;
    }

    /**
     * What our own room names may be (as {@code RoomsEngine} checks them); another owner's roster may name
     * its room anything, which a command could not take: such a room is called by its id.
     */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[\\p{L}\\p{N}_.-]+");

    /** {@code #name}, with the first digits of its id when another room has the same name. */
    String label(RoomInfo room) {
        if (!NAME.matcher(room.name()).matches()) {
            return "#" + room.id();
        }
        for (RoomInfo other : rooms.values()) {
            if (!other.id().equals(room.id()) && other.name().equalsIgnoreCase(room.name())) {
                return "#" + room.name() + "~" + room.id().substring(0, 4);
            }
        }
        return "#" + room.name();
    }

    /** The {@code #name} that {@code /join} and {@code /decline} take: the room's id when two invitations share a name. */
    String label(RoomInvite invite) {
        if (!NAME.matcher(invite.name()).matches()) {
            return "#" + invite.room();
        }
        for (RoomInvite other : invites.values()) {
            if (!other.room().equals(invite.room()) && other.name().equalsIgnoreCase(invite.name())) {
                return "#" + invite.room();
            }
        }
        return "#" + invite.name();
    }

    /** Names for Tab completion: {@code #name} of each room and invitation. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        sorted().forEach(r -> out.add(label(r)));
        invites.values().forEach(i -> out.add(label(i)));
        return out;
    }
}
