package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@code /cancel X} means two things (issues 12 and 15): X of digits only, or exactly 32 hex digits, names a
 * transfer ({@code /cancel N}); anything else names a peer whose queued messages are given up.
 */
class CancelRuleTest {
    private static Command parse(String line) throws ChatException {
        return CommandParser.parse(line);
    }

    @Test
    void digitsOnlyNameATransfer() throws ChatException {
        for (String n : new String[] {"3", "0", "42", "007", "12345678901234567890"}) {
            Command.TransferAction a = assertInstanceOf(Command.TransferAction.class, parse("/cancel " + n), n);
            assertEquals("cancel", a.action());
            assertEquals(n, a.id());
        }
        Command.TransferAction full = assertInstanceOf(Command.TransferAction.class,
                parse("/cancel 0123456789abcdefABCDEF0123456789"), "a full 32-hex transfer id");
        assertEquals("0123456789abcdefABCDEF0123456789", full.id());
    }

    @Test
    void anythingElseNamesAPeer() throws ChatException {
        for (String peer : new String[] {"bob", "b0b", "3a", "-3", "+3", "3.0", "٣", "abcdef", "0123456789abcdef",
                "SHA256:abcDEF12", "0123456789abcdef0123456789abcdef0"}) {
            Command.Cancel c = assertInstanceOf(Command.Cancel.class, parse("/cancel " + peer), peer);
            assertEquals(peer, c.peer());
        }
    }

    @Test
    void theHelpSaysTheRule() {
        assertTrue(CommandParser.HELP.stream().anyMatch(l -> l.startsWith("/cancel PEER") && l.contains("not digits only")),
                "help: " + CommandParser.HELP);
        assertTrue(CommandParser.HELP.stream().anyMatch(l -> l.startsWith("/cancel N") && l.contains("digits only")),
                "help: " + CommandParser.HELP);
    }

    @Property(tries = 2000)
    void oneWordIsATransferExactlyWhenItIsDigitsOrAFullId(@ForAll("words") String word) throws ChatException {
        Command c = parse("/cancel " + word);
        boolean transfer = word.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                || (word.length() == 32 && word.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 && ch < 128));
        if (transfer) {
            assertEquals(word, assertInstanceOf(Command.TransferAction.class, c).id());
        } else {
            assertEquals(word, assertInstanceOf(Command.Cancel.class, c).peer());
        }
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25),
                Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(32),
                Arbitraries.strings().withChars("0123456789abcdefg").ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().alpha().numeric().withChars("_-:.٣").ofMinLength(1).ofMaxLength(20));
    }

    @Test
    void aBareAcceptOrDeclineLeavesTheTransferToTheFrontEnd() throws ChatException {
        assertEquals(new Command.TransferAction("accept", null, null), parse("/accept"));
        assertEquals(new Command.TransferAction("decline", null, null), parse("/decline "));
        assertEquals(new Command.TransferAction("accept", "3", "/tmp/in"), parse("/accept 3 /tmp/in"));
        assertEquals(new Command.TransferAction("decline", "3", null), parse("/decline 3"));
    }
}
