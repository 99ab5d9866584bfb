package dev.parley.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.parley.net.KeyLog;
import dev.parley.net.NetSettings;
import dev.parley.wire.Limits;
import dev.parley.wire.RecordType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/PROTOCOL.md must not drift from the code: its test vector section shows every value of the vector
 * file, and the constants it states (labels, limits, timings, record types) are the code's.
 */
class ProtocolDocumentTest {
    private static String doc() throws IOException {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return Files.readString(base.resolve("docs/PROTOCOL.md"), StandardCharsets.UTF_8);
    }

    @Test
    void theDocumentShowsEveryValueOfTheVector() throws Exception {
        // Hex wraps across lines in the document, so compare with all whitespace removed.
        String flat = doc().replaceAll("\\s", "");
        HandshakeVector v = HandshakeVector.load();
        List<String> values = new ArrayList<>();
        collect(v.doc.getAsJsonObject("inputs"), values);
        collect(v.identities(), values);
        for (String name : v.caseNames()) {
            JsonObject c = v.caseNamed(name);
            collect(c.getAsJsonObject("outputs"), values);
            collect(c.getAsJsonObject("intermediate"), values);
            if (!c.get("network_key").isJsonNull()) {
                values.add(c.get("network_key").getAsString());
                values.add(c.get("network_key_file").getAsString());
            }
        }

        List<String> missing = values.stream().filter(s -> !flat.contains(s.replaceAll("\\s", ""))).toList();
        assertTrue(values.size() > 60, "the vector has fewer values than expected: " + values.size());
        assertEquals(List.of(), missing, "values of handshake-vector.json missing from docs/PROTOCOL.md");
    }

    @Test
    void theDocumentStatesTheCodesLabelsLimitsAndTimings() throws Exception {
        String doc = doc();
        for (byte[] label : new byte[][] {Transcript.PROTOCOL_NAME, Transcript.RESPONDER_LABEL,
                Transcript.INITIATOR_LABEL, Transcript.MAGIC}) {
            assertTrue(doc.contains("\"" + new String(label, StandardCharsets.US_ASCII) + "\""),
                    new String(label, StandardCharsets.US_ASCII));
        }
        for (String stated : new String[] {
                "**" + Limits.MAX_HANDSHAKE_FRAME + "**", "**" + Limits.MAX_FRAME + "**",
                "**" + Limits.MAX_RECORD_PLAINTEXT + "**", "**port " + NetSettings.DEFAULT_PORT + "**",
                "time-to-live **" + RecordCipher.TIME_TO_LIVE.toMinutes() + " minutes**",
                "skew tolerance **" + RecordCipher.MAX_SKEW.toSeconds() + " seconds**",
                "(" + Transcript.M1_LEN + " bytes)", "**`" + KeyLog.VARIABLE + "`**",
                "two generations of **" + ReplayCache.DEFAULT_GENERATION + "** tags",
                "skips **" + dev.parley.rooms.RoomsEngine.RESTART_VERSION_GAP + "** versions"}) {
            assertTrue(doc.contains(stated), "docs/PROTOCOL.md does not say " + stated);
        }
    }

    @Test
    void theRecordTypeTableListsEveryTypeTheCodeKnows() throws Exception {
        String doc = doc();
        for (int t = 0; t <= 255; t++) {
            String name = RecordType.name((byte) t);
            if (!name.startsWith("UNKNOWN")) {
                assertTrue(doc.contains("| " + t + " | " + name + " |"), "record type " + t + " " + name);
            }
        }
        assertTrue(doc.contains("| 0, 17-19, 25-255 | unassigned |"));
        assertEquals("UNKNOWN(17)", RecordType.name((byte) 17), "a new record type needs a row in the table");
    }

    private static void collect(JsonObject o, List<String> out) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            JsonElement v = e.getValue();
            if (v.isJsonObject()) {
                collect(v.getAsJsonObject(), out);
            } else if (v.isJsonPrimitive()) {
                out.add(v.getAsString());
            }
        }
    }
}
