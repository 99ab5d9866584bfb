package dev.parley.headless;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * An event as one line of JSON, written straight to gson's streaming {@link JsonWriter} with the settings
 * a {@code Gson} made with {@code serializeNulls().disableHtmlEscaping()} uses for a tree: compact,
 * nulls kept, no HTML escaping, lenient. The same text (a test compares the two), without building a
 * {@code Gson} and its table of type adapters, some 30 ms before the first event, the {@code ready} line
 * (docs/PERFORMANCE.md). Stateless and thread-safe.
 */
final class JsonLine {
    private JsonLine() {}

    static String of(JsonElement e) {
        StringWriter s = new StringWriter(256);
        JsonWriter w = new JsonWriter(s);
        w.setStrictness(Strictness.LENIENT);
        w.setHtmlSafe(false);
        w.setSerializeNulls(true);
        try {
            write(w, e);
            w.flush();
        } catch (IOException impossible) { // a StringWriter does not fail
            throw new UncheckedIOException(impossible);
        }
        return s.toString();
    }

    /** As gson's own tree adapter writes an element. */
    private static void write(JsonWriter w, JsonElement e) throws IOException {
        if (e == null || e.isJsonNull()) {
            w.nullValue();
        } else if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isNumber()) {
                w.value(p.getAsNumber());
            } else if (p.isBoolean()) {
                w.value(p.getAsBoolean());
            } else {
                w.value(p.getAsString());
            }
        } else if (e.isJsonArray()) {
            w.beginArray();
            for (JsonElement item : (JsonArray) e) {
                write(w, item);
            }
            w.endArray();
        } else {
            w.beginObject();
            for (Map.Entry<String, JsonElement> member : ((JsonObject) e).entrySet()) {
                w.name(member.getKey());
                write(w, member.getValue());
            }
            w.endObject();
        }
    }
}
