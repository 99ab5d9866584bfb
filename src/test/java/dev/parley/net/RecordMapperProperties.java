package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Presence;
import dev.parley.wire.Limits;
import dev.parley.wire.MalformedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The record codec between wire records and the chat engine's records: any type and body decode to a
 * record (or null for types that are not the engine's) or a {@link MalformedRecordException}, nothing
 * else; what the engine sends decodes back to itself.
 */
class RecordMapperProperties {
    @Property(tries = 3000)
    void anyTypeAndBodyDecodeOrAreMalformed(@ForAll byte type, @ForAll @Size(max = 300) byte[] body) {
        try {
            ChatRecord r = RecordMapper.decode(type, body);
            if (r != null) {
                assertArrayEquals(body, RecordMapper.body(r), "a decoded record encodes to the same bytes");
                assertEquals(type, RecordMapper.type(r));
            }
        } catch (MalformedRecordException expected) {
            // the session ends with a protocol violation
        }
    }

    @Property
    void nicknamesFromTheWireAreWithinTheLimit(@ForAll @Size(max = 300) byte[] body) {
        try {
            ChatRecord r = RecordMapper.decode(dev.parley.wire.RecordType.NICK, body);
            String nick = ((ChatRecord.NickChange) r).nickname();
            assertTrue(nick.getBytes(StandardCharsets.UTF_8).length <= ChatRecord.MAX_NICK_BYTES);
        } catch (MalformedRecordException expected) {
            // empty, too long, or not UTF-8
        }
    }

    @Property
    void engineRecordsRoundTrip(@ForAll("records") ChatRecord r) throws MalformedRecordException {
        byte[] body = RecordMapper.body(r);
        assertTrue(body.length <= Limits.MAX_RECORD_BODY);
        assertEquals(r, RecordMapper.decode(RecordMapper.type(r), body));
    }

    @Provide
    Arbitrary<ChatRecord> records() {
        Arbitrary<String> ids = Arbitraries.bytes().array(byte[].class).ofSize(16).map(HexFormat.of()::formatHex);
        Arbitrary<String> texts = Arbitraries.strings().ofMinLength(1).ofMaxLength(2000)
                .filter(s -> s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        Arbitrary<String> nicks = Arbitraries.strings().ofMinLength(1).ofMaxLength(16)
                .filter(s -> s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(
                Combinators.combine(ids, Arbitraries.longs(), texts).as(ChatRecord.Text::new),
                ids.map(ChatRecord.Ack::new),
                nicks.map(ChatRecord.NickChange::new),
                Arbitraries.of(Presence.class).map(ChatRecord.PresenceChange::new),
                Arbitraries.of(true, false).map(ChatRecord.Typing::new));
    }
}
