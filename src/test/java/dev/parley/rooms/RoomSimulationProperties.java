package dev.parley.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The rooms guarantees as properties of generated schedules over {@link SimNet}: 3 to 6 engines, a room
 * of all of them, then sends interleaved with cuts, heals, restarts (members and the owner), a kick and
 * topic changes, every record delivered in an order the seed chooses (each session in order). Checked
 * as they happen: I1 no message shown twice, I2 per-author order, I4 nothing queued to or shown from a
 * non-member, I5 authorship is the session, I6 a message shown without a marker had its author's horizon
 * shown first. Checked at the end, once every link heals and the network is quiet: I3 every member
 * present throughout holds every message of every author that stayed up, exactly once; all holders agree
 * on the roster version; a kicked member no longer holds the room; restarted members took it back.
 */
class RoomSimulationProperties {
    @Property(tries = 60)
    void guaranteesHoldUnderGeneratedSchedules(@ForAll long seed, @ForAll @IntRange(min = 3, max = 6) int n)
            throws Exception {
        run(seed, n, 500);
    }

    /**
     * Schedules that once broke G5 (issue 14), replayed on every run since jqwik draws fresh seeds: a member
     * kicked while partitioned kept the room at the older version for ever, because the restarted owner took
     * its roster back from it and then learnt the kick from another member without telling the kicked one.
     */
    @Example
    void seedMinus1017WithThreeNodes() throws Exception {
        run(-1017L, 3, 500);
    }

    @Example
    void seed46806WithFourNodes() throws Exception {
        run(46806L, 4, 500);
    }

    /**
     * Issue 14: member 4 held a version only it had got when the owner restarted; the owner took back the
     * older roster from the others and reissued that number with a kick of member 4, so two rosters carried
     * one version and the kick never replaced member 4's. A restarted owner's first change now skips ahead.
     */
    @Example
    void seed40220WithSixNodes() throws Exception {
        run(40220L, 6, 500);
    }

    static SimNet run(long seed, int n, int steps) throws Exception {
        SimNet net = new SimNet(n, seed);
        SimNet.Node owner = net.nodes.get(0);
        String room = owner.engine.create("lunch", "noon").id();
        for (int i = 1; i < n; i++) {
            owner.engine.invite(room, net.nodes.get(i).fp(), "");
        }
        net.drain();
        for (int i = 1; i < n; i++) {
            net.nodes.get(i).engine.join(room);
        }
        net.drain();
        for (SimNet.Node x : net.nodes) {
            assertEquals(n, x.engine.room(room).members().size(), "all joined at " + x.index);
        }
        Set<Integer> restarted = new HashSet<>();
        Set<Integer> kicked = new HashSet<>();
        int restarts = 0;
        long kickVersion = 0;
        Set<Integer> uncertain = new HashSet<>();
        for (int step = 0; step < steps; step++) {
            if (net.random.nextInt(4) != 0) {
                net.step();
                continue;
            }
            int a = net.random.nextInt(100);
            int i = net.random.nextInt(n);
            int j = net.random.nextInt(n);
            if (a < 50) {
                net.send(i, room);
            } else if (a < 60 && i != j) {
                net.cut(i, j);
            } else if (a < 75 && i != j) {
                net.heal(i, j);
            } else if (a < 79 && restarts < 2) {
                restarts++;
                if (System.getProperty("simdebug") != null) System.out.println("RESTART " + i + " at " + step);
                restarted.add(i);
                if (i == 0 && !kicked.isEmpty()) {
                    uncertain.addAll(kicked); // restarted owner: whether the kick survives depends on who held it
                    long kv = kickVersion;
                    boolean known = net.nodes.stream().anyMatch(x -> x.index != 0 && !kicked.contains(x.index)
                            && x.engine.rooms().stream().anyMatch(r -> r.id().equals(room) && r.version() >= kv));
                    if (!known) {
                        uncertain.addAll(kicked); // a change only the owner held may die with it (docs/PROTOCOL.md)
                        kicked.clear();
                        kicked.add(-1); // but no second kick: keeps the schedule simple
                    }
                }
                net.restart(i);
            } else if (a < 83 && kicked.isEmpty() && i != 0) {
                owner = net.nodes.get(0);
                try {
                    owner.engine.kick(room, net.nodes.get(i).fp());
                    kicked.add(i);
                    kickVersion = owner.engine.room(room).version();
                    if (System.getProperty("simdebug") != null) System.out.println("KICK " + i + " at " + step);
                } catch (ChatException e) {
                    // recovering, or the owner lost the room to a restart: nothing changed
                }
            } else if (a < 88) {
                owner = net.nodes.get(0);
                try {
                    owner.engine.topic(room, "topic " + step);
                } catch (ChatException e) {
                    // as above
                }
            } else {
                net.clock.millis += 500;
            }
        }
        net.healAll();
        net.drain();
        net.clock.millis += RoomsEngine.RECOVERY_MILLIS + 1;
        for (int r : restarted) {
            SimNet.Node x = net.nodes.get(r);
            for (RoomInvite inv : List.copyOf(x.seen.invites)) {
                if (inv.rejoin() && inv.room().equals(room)) {
                    try {
                        x.engine.join(room);
                    } catch (ChatException e) {
                        // taken already
                    }
                }
            }
        }
        net.drain();
        assertEquals(List.of(), net.violations, "seed " + seed);

        // I3: exactly once, everywhere, for those present throughout
        List<SimNet.Node> throughout = new ArrayList<>();
        for (SimNet.Node x : net.nodes) {
            if (!restarted.contains(x.index) && !kicked.contains(x.index) && !uncertain.contains(x.index)) {
                throughout.add(x);
            }
        }
        for (SimNet.Node author : throughout) {
            int sent = author.seen.sent.getOrDefault(room, 0);
            for (SimNet.Node to : throughout) {
                if (to == author) {
                    continue;
                }
                for (int k = 1; k <= sent; k++) {
                    String text = author.tag() + ":" + k;
                    long held = to.seen.messages.stream().filter(m -> m.text().equals(text)).count();
                    assertEquals(1, held, "I3 seed " + seed + ": " + text + " held " + held + " times at " + to.index);
                }
            }
        }
        if (System.getProperty("simdebug") != null) {
            for (SimNet.Node x : net.nodes) {
                System.out.println("NODE " + x.tag() + " rooms " + x.engine.rooms().stream().map(r -> r.version() + " " + r.members().size()).toList()
                        + " left " + x.seen.left + " invites " + x.seen.invites.stream().map(i -> i.rejoin() + "/" + i.from().substring(7, 12)).toList());
            }
        }
        // G5: every holder converges on the highest version; the kicked no longer hold the room
        long version = -1;
        for (SimNet.Node x : net.nodes) {
            boolean holds = x.engine.rooms().stream().anyMatch(r -> r.id().equals(room));
            if (uncertain.contains(x.index) && !holds) {
                continue;
            }
            if (kicked.contains(x.index)) {
                assertTrue(!holds || uncertain.contains(x.index), "seed " + seed + ": kicked " + x.index + " still holds the room");
                continue;
            }
            if (!holds) {
                assertTrue(restarted.contains(x.index), "seed " + seed + ": " + x.index + " lost the room");
                continue;
            }
            long v = x.engine.room(room).version();
            if (version == -1) {
                version = v;
            }
            assertEquals(version, v, "seed " + seed + ": roster versions differ at " + x.index);
        }
        boolean anyHolds = net.nodes.stream().anyMatch(x -> !restarted.contains(x.index)
                && x.engine.rooms().stream().anyMatch(r -> r.id().equals(room)));
        for (int r : restarted) {
            if (!kicked.contains(r) && !uncertain.contains(r) && anyHolds) {
                assertTrue(net.nodes.get(r).engine.rooms().stream().anyMatch(x -> x.id().equals(room)),
                        "seed " + seed + ": restarted " + r + " did not take the room back");
            }
        }
        return net;
    }
}
