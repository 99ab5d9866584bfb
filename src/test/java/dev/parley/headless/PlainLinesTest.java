package dev.parley.headless;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Issue 17 (7): --plain writes the events as lines people and screen readers can follow. */
class PlainLinesTest {
    private static String plain(String... jsonLines) throws IOException {
        StringWriter out = new StringWriter();
        PlainLines p = new PlainLines(out, ZoneOffset.UTC);
        for (String l : jsonLines) {
            p.write(l + "\n");
        }
        p.flush();
        return out.toString();
    }

    @Test
    void messagesPeersAndErrorsAsText() throws IOException {
        String bob = "SHA256:Ab3dE9xQzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
        String out = plain(
                "{\"event\":\"ready\",\"nick\":\"alice\",\"fingerprint\":\"SHA256:I2m8E8Mtxx\",\"port\":7447,\"addresses\":[\"10.0.0.1\"]}",
                "{\"event\":\"peer\",\"state\":\"online\",\"nick\":\"bob\",\"fingerprint\":\"" + bob + "\",\"trust\":\"known\"}",
                "{\"event\":\"peer\",\"state\":\"online\",\"nick\":\"bob\",\"fingerprint\":\"" + bob + "\",\"trust\":\"known\"}",
                "{\"event\":\"typing\",\"peer\":\"" + bob + "\",\"active\":true}",
                "{\"event\":\"message\",\"id\":\"1\",\"from\":\"" + bob + "\",\"nick\":\"bob\",\"text\":\"hi\\nthere\",\"time\":43380000}",
                "{\"event\":\"message\",\"id\":\"2\",\"from\":\"" + bob + "\",\"nick\":\"bob\",\"text\":\"/me waves\",\"time\":43380000}",
                "{\"event\":\"status\",\"id\":\"3\",\"to\":\"" + bob + "\",\"status\":\"sent\"}",
                "{\"event\":\"status\",\"id\":\"3\",\"to\":\"" + bob + "\",\"status\":\"queued\"}",
                "{\"event\":\"peer\",\"state\":\"offline\",\"nick\":\"bob\",\"fingerprint\":\"" + bob + "\",\"trust\":\"known\"}",
                "{\"event\":\"error\",\"code\":\"unknown-peer\",\"message\":\"no peer called carl\"}",
                "{\"event\":\"warning\",\"code\":\"clock-skew\",\"message\":\"your clock is off\"}");
        assertEquals(String.join("\n",
                "-- Parley: alice (I2m8E8Mt), port 7447 on 10.0.0.1; /help for the commands --",
                "-- bob (Ab3dE9xQ) is online --",
                "12:03 bob: hi",
                "           there",
                "12:03 * bob waves",
                "-- queued for bob (offline); sent when they are back --",
                "-- bob (Ab3dE9xQ) went offline --",
                "! no peer called carl",
                "!! your clock is off",
                ""), out);
        assertFalse(out.contains("\033") || out.contains("│") || out.contains("─"), "no escapes, no box drawing");
    }

    @Test
    void roomInvitationsAndJoinsSayWhetherTheyWentOrWaitForThePeer() throws IOException {
        assertEquals(String.join("\n",
                "-- invited bob to #lunch; will be delivered when bob is online --",
                "-- invited bob to #lunch --",
                "-- bob is offline: will join #lunch when bob is online --",
                "-- asked bob to join #lunch --",
                "-- took #lunch back --",
                ""), plain(
                "{\"event\":\"room-invited\",\"room\":\"ab\",\"name\":\"lunch\",\"peer\":\"SHA256:x\",\"nick\":\"bob\",\"state\":\"pending\"}",
                "{\"event\":\"room-invited\",\"room\":\"ab\",\"name\":\"lunch\",\"peer\":\"SHA256:x\",\"nick\":\"bob\",\"state\":\"sent\"}",
                "{\"event\":\"room-join\",\"room\":\"ab\",\"name\":\"lunch\",\"owner\":\"SHA256:x\",\"nick\":\"bob\",\"state\":\"pending\"}",
                "{\"event\":\"room-join\",\"room\":\"ab\",\"name\":\"lunch\",\"owner\":\"SHA256:x\",\"nick\":\"bob\",\"state\":\"sent\"}",
                "{\"event\":\"room-join\",\"room\":\"ab\",\"name\":\"lunch\",\"owner\":\"SHA256:x\",\"nick\":\"bob\",\"state\":\"rejoined\"}"));
    }

    @Test
    void roomDeclinesAndKicksSayWhatWasDone() throws IOException {
        assertEquals(String.join("\n",
                "-- declined #lunch --",
                "-- declined to take #lunch back --",
                "-- removed bob from #lunch --",
                "-- withdrew the invitation of bob to #lunch --",
                ""), plain(
                "{\"event\":\"room-declined\",\"room\":\"ab\",\"name\":\"lunch\",\"from\":\"SHA256:x\",\"nick\":\"bob\",\"rejoin\":false}",
                "{\"event\":\"room-declined\",\"room\":\"ab\",\"name\":\"lunch\",\"from\":\"SHA256:x\",\"nick\":\"bob\",\"rejoin\":true}",
                "{\"event\":\"room-kicked\",\"room\":\"ab\",\"name\":\"lunch\",\"peer\":\"SHA256:x\",\"nick\":\"bob\",\"state\":\"removed\"}",
                "{\"event\":\"room-kicked\",\"room\":\"ab\",\"name\":\"lunch\",\"peer\":\"SHA256:x\",\"nick\":\"bob\",\"state\":\"invitation-withdrawn\"}"));
    }

    @Test
    void aMessageWithNothingPrintableSaysSoInsteadOfAnEmptyLine() throws IOException {
        String bob = "SHA256:Ab3dE9xQzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
        assertEquals("12:03 bob: (message with no printable characters)\n12:03 bob:  \n           x\n", plain(
                "{\"event\":\"message\",\"id\":\"1\",\"from\":\"" + bob + "\",\"nick\":\"bob\",\"text\":\"\",\"time\":43380000}",
                "{\"event\":\"message\",\"id\":\"2\",\"from\":\"" + bob + "\",\"nick\":\"bob\",\"text\":\" \\nx\",\"time\":43380000}"));
    }

    @Test
    void anEventItDoesNotKnowIsPassedOnAsItIs() throws IOException {
        assertEquals("{\"event\":\"new-kind\"}\n", plain("{\"event\":\"new-kind\"}"));
    }
}
