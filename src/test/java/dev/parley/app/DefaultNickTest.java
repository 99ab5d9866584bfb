package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultNickTest {
    private static String nick(String userName, Map<String, String> env, String host) {
        return SettingsLoader.defaultNick(userName, env, () -> host);
    }

    @Test
    void theUserNameComesFirst() {
        assertEquals("alice", nick("alice", Map.of("USER", "bob"), "box"));
    }

    @Test
    void theEnvironmentStandsInWhenTheJvmDoesNotKnowTheUser() {
        assertEquals("bob", nick(null, Map.of("USER", "bob"), "box"));
        assertEquals("bob", nick("?", Map.of("USER", "bob"), "box"));
        assertEquals("carol", nick(null, Map.of("LOGNAME", "carol"), "box"));
        assertEquals("dave", nick(null, Map.of("USERNAME", "dave"), "box"));
    }

    @Test
    void elseTheHostNameWithoutItsDomain() {
        assertEquals("box", nick(null, Map.of(), "box.example.lan"));
        assertEquals("laptop", nick("", Map.of("HOSTNAME", "laptop.local"), "box"));
        assertEquals("parley", nick(null, Map.of(), "10.0.0.7"), "an address is not a name");
        assertEquals("parley", nick(null, Map.of(), null));
    }

    @Test
    void charactersANicknameCannotHaveAreDroppedAndLengthIsCapped() {
        assertEquals("JohnSmith", nick("John Smith", Map.of(), "box"));
        assertEquals("x".repeat(64), nick("x".repeat(100), Map.of(), "box"));
        assertEquals("é".repeat(32), nick("é".repeat(40), Map.of(), "box"));
        assertEquals("box", nick("\u0007 \t", Map.of(), "box"));
    }

    @Test
    void loadUsesThisMachinesUserName(@TempDir Path state) throws Exception {
        Settings s = SettingsLoader.load(state, Map.of(), Map.of());
        assertEquals(SettingsLoader.asNick(System.getProperty("user.name")), s.nick());
        assertEquals(Settings.defaults(s.nick()), s);
    }
}
