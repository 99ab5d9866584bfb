package dev.parley.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Invitations as properties of generated schedules over {@link SimNet} (issue 14): the owner invites every
 * other node, some while their links are cut, and sessions are replaced (records in flight lost) at random
 * while invitations, joins and declines travel; each invitee joins or (one of them) declines as soon as it
 * is shown the invitation (a join while its owner is away is held until it is reachable). At the end, once every link is up and the network
 * quiet: every joiner is a member everywhere, the decliner nowhere, and no invitee was shown the
 * invitation more than once.
 */
class InvitationProperties {
    @Property(tries = 100)
    void everyInvitationIsAnsweredOnceDespiteReplacedSessions(@ForAll long seed,
                                                              @ForAll @IntRange(min = 2, max = 5) int n) throws Exception {
        SimNet net = new SimNet(n, seed);
        SimNet.Node owner = net.nodes.get(0);
        String room = owner.engine.create("lunch", "").id();
        int decliner = n - 1;
        for (int i = 1; i < n; i++) {
            if (net.random.nextBoolean()) {
                net.cut(0, i); // offline, or not yet session-ready: held, not refused
            }
            owner.engine.invite(room, net.nodes.get(i).fp(), "");
        }
        int reconnects = 0;
        boolean[] answered = new boolean[n];
        for (int step = 0; step < 400; step++) {
            int a = net.random.nextInt(10);
            if (a == 0 && reconnects < RoomsEngine.INVITE_MAX_SENDS - 3) {
                int i = 1 + net.random.nextInt(n - 1);
                SimNet.Link l = net.link(0, i);
                net.down(l); // replaced: what was in flight either way is lost
                l.cut = false;
                net.up(l);
                reconnects++;
            } else if (a == 1) {
                net.heal(0, 1 + net.random.nextInt(n - 1));
            } else {
                net.step();
            }
            for (int i = 1; i < n; i++) {
                SimNet.Node x = net.nodes.get(i);
                if (!answered[i] && !x.engine.invitations().isEmpty()) {
                    if (i == decliner && n > 2) {
                        x.engine.decline(room);
                    } else {
                        x.engine.join(room); // the owner away: held and sent when its session is up
                    }
                    answered[i] = true;
                }
            }
        }
        net.healAll();
        net.drain();
        for (int i = 1; i < n; i++) { // what is still unanswered is answered now, the network whole
            SimNet.Node x = net.nodes.get(i);
            if (!answered[i]) {
                assertFalse(x.engine.invitations().isEmpty(), "delivered at " + i);
                if (i == decliner && n > 2) {
                    x.engine.decline(room);
                } else {
                    x.engine.join(room);
                }
            }
        }
        net.drain();
        for (SimNet.Link l : List.copyOf(net.links.values())) {
            net.down(l);
            net.up(l); // sent again where unanswered: nothing changes
        }
        net.drain();
        int members = n > 2 ? n - 1 : n;
        assertEquals(members, owner.engine.room(room).members().size(), "at the owner");
        for (int i = 1; i < n; i++) {
            SimNet.Node x = net.nodes.get(i);
            long shown = x.seen.invites.stream().filter(v -> v.room().equals(room) && !v.rejoin()).count();
            assertEquals(1, shown, "shown once at " + i + ": " + x.seen.invites);
            assertTrue(x.engine.invitations().isEmpty(), "nothing left waiting at " + i);
            if (i == decliner && n > 2) {
                assertTrue(x.engine.rooms().isEmpty(), "the decliner holds no room");
            } else {
                assertEquals(members, x.engine.room(room).members().size(), "at " + i);
            }
        }
        assertTrue(net.violations.isEmpty(), net.violations.toString());
    }
}
