package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Arbitrary input lines give a command or a {@link ChatException} with code {@code bad-command},
 * nothing else; a parsed command's arguments come from the line.
 */
class CommandParserProperties {
    @Property(tries = 3000)
    void anyLineParsesOrIsABadCommand(@ForAll("lines") String line) {
        try {
            Command c = CommandParser.parse(line);
            assertTrue(line.strip().startsWith("/"));
            if (c instanceof Command.Msg m) {
                assertTrue(line.contains(m.peer()) && line.contains(m.text()));
                assertTrue(!m.text().isBlank() && !m.peer().isEmpty());
            }
        } catch (ChatException e) {
            assertEquals("bad-command", e.code());
        }
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> head = Arbitraries.of("/msg", "/MSG", "/connect", "/peers", "/nick", "/verify", "/trust",
                "/away", "/back", "/clear", "/help", "/quit", "/exit", "/", "//", "msg", "", " /msg", "/unknown");
        Arbitrary<String> rest = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars(" \t\u00a0\u2028\u001b[xyzconfirm/:").ofMaxLength(40));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                net.jqwik.api.Combinators.combine(head, rest).as((h, r) -> h + r),
                net.jqwik.api.Combinators.combine(head, rest).as((h, r) -> h + " " + r));
    }
}
