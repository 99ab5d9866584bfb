package dev.parley.identity;

import static dev.parley.identity.TestFiles.chmod;
import static dev.parley.identity.TestFiles.mode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.Fingerprints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KnownPeersFileTest {
    @TempDir
    Path tmp;

    private static KnownPeer peer(String nick, boolean verified, String... addresses) {
        byte[] pk = Identity.generate(new SecureRandom()).publicKey();
        return new KnownPeer(Fingerprints.of(pk), pk, nick, Instant.parse("2025-01-31T12:00:00Z"),
                Instant.parse("2025-02-01T08:30:00.123Z"), verified, List.of(addresses));
    }

    /** As Parley writes it: owner-only, so that only the content is on trial. */
    private static void writePrivate(Path file, String content) throws IOException {
        writePrivate(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void writePrivate(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        chmod(file, "rw-------");
    }

    private static void assertSamePeers(List<KnownPeer> expected, List<KnownPeer> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            KnownPeer e = expected.get(i);
            KnownPeer a = actual.get(i);
            assertEquals(e.fingerprint(), a.fingerprint());
            assertArrayEquals(e.publicKey(), a.publicKey());
            assertEquals(e.nickname(), a.nickname());
            assertEquals(e.firstSeen(), a.firstSeen());
            assertEquals(e.lastSeen(), a.lastSeen());
            assertEquals(e.verified(), a.verified());
            assertEquals(e.addresses(), a.addresses());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw--w----", "rw-----w-", "rw-rw----"})
    void aFileOthersCanReadOrWriteIsRefusedWithTheFix(String mode) throws IOException {
        KnownPeersFile store = new KnownPeersFile(tmp);
        store.save(List.of(peer("alice", false)));
        java.nio.file.Files.setPosixFilePermissions(store.path(), java.nio.file.attribute.PosixFilePermissions.fromString(mode));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, store::load);
        assertTrue(e.getMessage().contains("are too open") && e.getMessage().contains("chmod 600"), e.getMessage());
        java.nio.file.Files.setPosixFilePermissions(store.path(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(1, store.load().size());
    }

    @Test
    void aMissingFileIsAnEmptyStore() throws IOException {
        assertEquals(List.of(), new KnownPeersFile(tmp).load());
    }

    @Test
    void saveThenLoadRoundTrips() throws IOException {
        byte[] pk = Identity.generate(new SecureRandom()).publicKey();
        KnownPeer nullFields = new KnownPeer(Fingerprints.of(pk), pk, null, null, null, false, List.of());
        List<KnownPeer> peers = List.of(
                peer("alice", true, "192.168.1.20:7447", "[fe80::1]:7447"),
                peer("bob \"the\" <builder> \u00e9\u2603", false),
                nullFields);
        KnownPeersFile store = new KnownPeersFile(tmp);

        store.save(peers);

        assertSamePeers(peers, store.load());
        assertSamePeers(peers, new KnownPeersFile(tmp).load());
    }

    @Test
    void theFileIsReadableJsonWithTheDocumentedFields() throws IOException {
        KnownPeer alice = peer("alice", true, "10.0.0.2:7447");
        new KnownPeersFile(tmp).save(List.of(alice));

        String json = Files.readString(tmp.resolve("known_peers.json"));

        assertTrue(json.contains("\"version\": 1"), json);
        assertTrue(json.contains("\"fingerprint\": \"" + alice.fingerprint() + "\""), json);
        assertTrue(json.contains("\"publicKey\": \"" + Base64.getEncoder().encodeToString(alice.publicKey()) + "\""),
                json);
        assertTrue(json.contains("\"firstSeen\": \"2025-01-31T12:00:00Z\""), json);
        assertTrue(json.contains("\"lastSeen\": \"2025-02-01T08:30:00.123Z\""), json);
        assertTrue(json.contains("\"verified\": true"), json);
        assertTrue(json.contains("\"10.0.0.2:7447\""), json);
    }

    @Test
    void saveReplacesTheWholeStoreAt0600WithNoTempFileLeft() throws IOException {
        KnownPeersFile store = new KnownPeersFile(tmp);
        store.save(List.of(peer("a", false), peer("b", false)));
        Path file = tmp.resolve("known_peers.json");
        chmod(file, "rw-r--r--");
        List<KnownPeer> second = List.of(peer("c", true));

        store.save(second);

        assertSamePeers(second, store.load());
        assertEquals("rw-------", mode(file));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void saveCreatesAMissingStateFolder0700() throws IOException {
        Path home = tmp.resolve("new");
        new KnownPeersFile(home).save(List.of(peer("a", false)));
        assertEquals("rwx------", mode(home));
        assertEquals("rw-------", mode(home.resolve("known_peers.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "{",
        "not json",
        "[]",
        "{\"version\": 1, \"peers\": [] } trailing",
        "{\"version\": 2, \"peers\": []}",
        "{\"version\": \"1\", \"peers\": []}",
        "{\"peers\": []}",
        "{\"version\": 1}",
        "{\"version\": 1, \"peers\": {}}",
        "{\"version\": 1, \"peers\": [42]}",
        "{\"version\": 1, \"peers\": [{\"publicKey\": \"AAAA\"}]}",
        "{\"version\": 1, \"peers\": [{\"fingerprint\": \"SHA256:x\", \"publicKey\": \"***\"}]}",
        "{version: 1, peers: []}",
    })
    void aCorruptFileIsAnErrorNamingItAndIsLeftAsItIs(String content) throws IOException {
        Path file = tmp.resolve("known_peers.json");
        writePrivate(file, content);

        IOException e = assertThrows(IOException.class, () -> new KnownPeersFile(tmp).load());

        assertTrue(e.getMessage().startsWith("known peers file " + file + " is corrupt"), e.getMessage());
        assertEquals(content, Files.readString(file));
    }

    @Test
    void badFieldTypesInAnEntryAreCorrupt() throws IOException {
        KnownPeer p = peer("a", false);
        String base = "{\"version\":1,\"peers\":[{\"fingerprint\":\"" + p.fingerprint() + "\",\"publicKey\":\""
                + Base64.getEncoder().encodeToString(p.publicKey()) + "\"";
        for (String bad : List.of(",\"verified\":\"yes\"", ",\"firstSeen\":\"yesterday\"", ",\"nickname\":5",
                ",\"addresses\":\"10.0.0.1\"", ",\"addresses\":[1]")) {
            writePrivate(tmp.resolve("known_peers.json"), base + bad + "}]}");
            IOException e = assertThrows(IOException.class, () -> new KnownPeersFile(tmp).load(), bad);
            assertTrue(e.getMessage().contains("is corrupt (entry 0"), e.getMessage());
        }
        writePrivate(tmp.resolve("known_peers.json"), base + "}]}");
        assertEquals(p.fingerprint(), new KnownPeersFile(tmp).load().get(0).fingerprint(), "the minimal entry is fine");
    }

    @Test
    void nonUtf8IsCorrupt() throws IOException {
        writePrivate(tmp.resolve("known_peers.json"), new byte[] {'{', (byte) 0xff, '}'});
        IOException e = assertThrows(IOException.class, () -> new KnownPeersFile(tmp).load());
        assertTrue(e.getMessage().contains("corrupt (not UTF-8"), e.getMessage());
    }

    @Test
    void anEntryWhoseKeyDoesNotMatchItsFingerprintIsRejected() throws IOException {
        KnownPeer alice = peer("alice", true);
        KnownPeer mallory = peer("mallory", false);
        KnownPeersFile store = new KnownPeersFile(tmp);
        store.save(List.of(alice));
        Path file = tmp.resolve("known_peers.json");
        String swapped = Files.readString(file).replace(Base64.getEncoder().encodeToString(alice.publicKey()),
                Base64.getEncoder().encodeToString(mallory.publicKey()));
        writePrivate(file, swapped);

        IOException e = assertThrows(IOException.class, store::load);

        assertTrue(e.getMessage().startsWith("known peers file " + file + ": entry 0 (" + alice.fingerprint()
                + ") has a public key that does not match its fingerprint"), e.getMessage());
        assertEquals(swapped, Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void aRepeatedFingerprintIsCorrupt() throws IOException {
        KnownPeer alice = peer("alice", true);
        new KnownPeersFile(tmp).save(List.of(alice));
        Path file = tmp.resolve("known_peers.json");
        String one = Files.readString(file);
        int start = one.indexOf('{', one.indexOf('['));
        int end = one.lastIndexOf('}', one.lastIndexOf(']')) + 1;
        String entry = one.substring(start, end);
        writePrivate(file, one.replace(entry, entry + "," + entry));

        IOException e = assertThrows(IOException.class, () -> new KnownPeersFile(tmp).load());

        assertTrue(e.getMessage().contains("entry 1 repeats " + alice.fingerprint()), e.getMessage());
    }

    @Test
    void savingAnInconsistentOrRepeatedPeerIsAProgrammingError() {
        KnownPeer a = peer("a", false);
        KnownPeer b = peer("b", false);
        KnownPeer lying = new KnownPeer(a.fingerprint(), b.publicKey(), "a", null, null, false, List.of());
        KnownPeersFile store = new KnownPeersFile(tmp);
        assertThrows(IllegalArgumentException.class, () -> store.save(List.of(lying)));
        assertThrows(IllegalArgumentException.class, () -> store.save(List.of(a, a)));
        assertTrue(Files.notExists(tmp.resolve("known_peers.json")));
    }
}
