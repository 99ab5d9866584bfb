package dev.parley.identity;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.parley.crypto.Fingerprints;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The known peers (trust on first use), as JSON in {@code known_peers.json} in the state folder:
 *
 * <pre>
 * {
 *   "version": 1,
 *   "peers": [
 *     {
 *       "fingerprint": "SHA256:...",          (of the public key; checked on load)
 *       "publicKey": "...",                   (standard base64 of the raw 32-byte Ed25519 key)
 *       "nickname": "alice",                  (or null)
 *       "firstSeen": "2025-01-31T12:00:00Z",  (ISO-8601, or null)
 *       "lastSeen": "2025-02-01T08:30:00Z",   (ISO-8601, or null)
 *       "verified": false,
 *       "addresses": ["192.168.1.20:7447"],
 *       "ignored": true                       (only when the user ignores the peer; absent: false)
 *     }
 *   ]
 * }
 * </pre>
 *
 * <p>Saved atomically (temp file, fsync, rename over the old file), mode 0600. A missing file is an
 * empty store; a corrupt one, or one whose entry's key does not match its fingerprint, is an
 * IOException naming the file: trust decisions are never silently dropped.
 *
 * <p>load and save may be called from any thread; they are synchronized, so saves from this process
 * never interleave. Another process writing the same file meanwhile wins or loses whole.
 */
public final class KnownPeersFile implements TrustStore {
    public static final String FILE_NAME = "known_peers.json";
    /**
     * The largest known peers file loaded (about 40,000 peers): a bigger one was not written by Parley, and
     * reading it whole could exhaust memory at every start.
     */
    public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    private static final int VERSION = 1;

    /** Built on first load or save, not with the store: a Gson costs some 30 ms of start-up (docs/PERFORMANCE.md). */
    private static final class Json {
        static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
                .serializeNulls().create();
    }

    private final Path stateDir;
    private final Path file;

    public KnownPeersFile(Path stateDir) {
        this.stateDir = stateDir;
        this.file = stateDir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    @Override
    public synchronized List<KnownPeer> load() throws IOException {
        if (!SecureFiles.exists(file)) {
            return List.of();
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("the known peers file " + file + " is not a regular file; refusing to read it"
                    + " (move it away to start with no known peers)");
        }
        refuseTooOpen();
        String text;
        try {
            byte[] bytes = SecureFiles.readSmall(file, MAX_FILE_BYTES).orElseThrow(() -> new TooLarge());
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (TooLarge e) {
            throw new IOException("the known peers file " + file + " is larger than " + MAX_FILE_BYTES / (1024 * 1024)
                    + " MiB, more than Parley ever writes; refusing to load it (move it away to start with no"
                    + " known peers)");
        } catch (CharacterCodingException e) {
            throw corrupt("not UTF-8 text", e);
        } catch (IOException e) {
            throw new IOException("cannot read known peers file " + file + ": " + SecureFiles.reason(e), e);
        }
        JsonElement root;
        try {
            root = readStrict(text);
        } catch (JsonParseException | IOException e) {
            throw corrupt("not valid JSON: " + e.getMessage(), e);
        }
        return parse(root);
    }

    @Override
    public synchronized void save(List<KnownPeer> peers) throws IOException {
        JsonArray array = new JsonArray();
        Set<String> seen = new HashSet<>();
        for (KnownPeer p : peers) {
            if (!Fingerprints.of(p.publicKey()).equals(p.fingerprint())) {
                throw new IllegalArgumentException("known peer " + p.fingerprint() + " has another key");
            }
            if (!seen.add(p.fingerprint())) {
                throw new IllegalArgumentException("known peer " + p.fingerprint() + " listed twice");
            }
            array.add(toJson(p));
        }
        JsonObject root = new JsonObject();
        root.addProperty("version", VERSION);
        root.add("peers", array);
        SecureFiles.ensurePrivateDirectory(stateDir);
        SecureFiles.replace(file, (Json.GSON.toJson(root) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Anyone who can write this file can make us trust their key under a friend's name, and anyone who
     * can read it learns whom we talk to and where: refused unless it is the owner's alone, as OpenSSH
     * refuses a key file others can read.
     */
    private void refuseTooOpen() throws IOException {
        java.util.Optional<String> mode = SecureFiles.tooOpen(file);
        if (mode.isPresent()) {
            throw new IOException("permissions " + mode.get() + " for '" + file + "' are too open: the known peers"
                    + " file must be readable and writable by you alone (chmod 600 '" + file + "')");
        }
    }

    /** Thrown inside {@link #load} for a file over {@link #MAX_FILE_BYTES}. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private static JsonElement readStrict(String text) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        TypeAdapter<JsonElement> adapter = Json.GSON.getAdapter(JsonElement.class);
        JsonElement root = adapter.read(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new JsonParseException("text after the end of the JSON document");
        }
        return root;
    }

    private List<KnownPeer> parse(JsonElement rootElement) throws IOException {
        if (!rootElement.isJsonObject()) {
            throw corrupt("the top level is not a JSON object", null);
        }
        JsonObject root = rootElement.getAsJsonObject();
        JsonElement version = root.get("version");
        if (version == null || !version.isJsonPrimitive() || !version.getAsJsonPrimitive().isNumber()
                || version.getAsDouble() != VERSION) {
            throw corrupt("unsupported or missing \"version\" (this Parley reads version " + VERSION + ")", null);
        }
        JsonElement peers = root.get("peers");
        if (peers == null || !peers.isJsonArray()) {
            throw corrupt("\"peers\" is missing or not an array", null);
        }
        List<KnownPeer> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (JsonElement e : peers.getAsJsonArray()) {
            KnownPeer peer = entry(index, e);
            if (!seen.add(peer.fingerprint())) {
                throw corrupt("entry " + index + " repeats " + peer.fingerprint(), null);
            }
            out.add(peer);
            index++;
        }
        return List.copyOf(out);
    }

    private KnownPeer entry(int index, JsonElement element) throws IOException {
        if (!element.isJsonObject()) {
            throw corrupt("entry " + index + " is not an object", null);
        }
        JsonObject o = element.getAsJsonObject();
        String fingerprint = requiredString(o, "fingerprint", index);
        byte[] publicKey;
        try {
            publicKey = Base64.getDecoder().decode(requiredString(o, "publicKey", index));
        } catch (IllegalArgumentException e) {
            throw corrupt("entry " + index + " has a publicKey that is not base64", e);
        }
        if (publicKey.length != 32 || !Fingerprints.of(publicKey).equals(fingerprint)) {
            throw new IOException("known peers file " + file + ": entry " + index + " (" + fingerprint
                    + ") has a public key that does not match its fingerprint; the file was left as it is");
        }
        return new KnownPeer(fingerprint, publicKey, optionalString(o, "nickname", index),
                optionalInstant(o, "firstSeen", index), optionalInstant(o, "lastSeen", index),
                optionalBoolean(o, "verified", index), addresses(o, index), optionalBoolean(o, "ignored", index));
    }

    private String requiredString(JsonObject o, String name, int index) throws IOException {
        String s = optionalString(o, name, index);
        if (s == null) {
            throw corrupt("entry " + index + " has no \"" + name + "\"", null);
        }
        return s;
    }

    private String optionalString(JsonObject o, String name, int index) throws IOException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw corrupt("entry " + index + ": \"" + name + "\" is not a string", null);
        }
        return e.getAsString();
    }

    private Instant optionalInstant(JsonObject o, String name, int index) throws IOException {
        String s = optionalString(o, name, index);
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw corrupt("entry " + index + ": \"" + name + "\" is not an ISO-8601 instant", e);
        }
    }

    private boolean optionalBoolean(JsonObject o, String name, int index) throws IOException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return false;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw corrupt("entry " + index + ": \"" + name + "\" is not true or false", null);
        }
        return e.getAsBoolean();
    }

    private List<String> addresses(JsonObject o, int index) throws IOException {
        JsonElement e = o.get("addresses");
        if (e == null || e.isJsonNull()) {
            return List.of();
        }
        if (!e.isJsonArray()) {
            throw corrupt("entry " + index + ": \"addresses\" is not an array", null);
        }
        List<String> out = new ArrayList<>();
        for (JsonElement a : e.getAsJsonArray()) {
            if (!a.isJsonPrimitive() || !a.getAsJsonPrimitive().isString()) {
                throw corrupt("entry " + index + ": an address is not a string", null);
            }
            out.add(a.getAsString());
        }
        return out;
    }

    private static JsonObject toJson(KnownPeer p) {
        JsonObject o = new JsonObject();
        o.addProperty("fingerprint", p.fingerprint());
        o.addProperty("publicKey", Base64.getEncoder().encodeToString(p.publicKey()));
        o.add("nickname", p.nickname() == null ? JsonNull.INSTANCE : new JsonPrimitive(p.nickname()));
        o.add("firstSeen", instant(p.firstSeen()));
        o.add("lastSeen", instant(p.lastSeen()));
        o.addProperty("verified", p.verified());
        JsonArray addresses = new JsonArray();
        p.addresses().forEach(addresses::add);
        o.add("addresses", addresses);
        if (p.ignored()) {
            o.addProperty("ignored", true);
        }
        return o;
    }

    private static JsonElement instant(Instant t) {
        return t == null ? JsonNull.INSTANCE : new JsonPrimitive(t.toString());
    }

    private IOException corrupt(String why, Throwable cause) {
        return new IOException("known peers file " + file + " is corrupt (" + why + "); it was left as it is."
                + " Fix or move it away (Parley then forgets every peer it trusted)", cause);
    }
}
