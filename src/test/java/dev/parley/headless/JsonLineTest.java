package dev.parley.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Events come out exactly as the {@code Gson} that wrote them before would have written them. */
class JsonLineTest {
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    @Test
    void everyKindOfValueIsWrittenAsGsonWritesIt() {
        JsonObject e = new JsonObject();
        e.addProperty("event", "ready");
        e.addProperty("nick", "<b>&'\"\\ \u0000\u001b[2J\n\r\t\u2028\u2029 é 😀");
        e.addProperty("port", 7447);
        e.addProperty("time", 1764190000000L);
        e.addProperty("ratio", 0.5);
        e.addProperty("nan", Double.NaN);
        e.addProperty("ok", true);
        e.add("none", JsonNull.INSTANCE);
        e.addProperty("nullString", (String) null);
        JsonArray a = new JsonArray();
        a.add("10.0.0.1");
        a.add(JsonNull.INSTANCE);
        a.add(new JsonArray());
        JsonObject inner = new JsonObject();
        inner.addProperty("k", "v");
        a.add(inner);
        e.add("addresses", a);
        e.add("empty", new JsonObject());
        assertEquals(GSON.toJson(e), JsonLine.of(e));
        assertEquals(GSON.toJson(JsonNull.INSTANCE), JsonLine.of(JsonNull.INSTANCE));
    }

    @Property(tries = 500)
    void anyTextIsWrittenAsGsonWritesIt(@ForAll String key, @ForAll String text, @ForAll List<String> list) {
        JsonObject e = new JsonObject();
        e.addProperty(key, text);
        JsonArray a = new JsonArray();
        list.forEach(a::add);
        e.add("list", a);
        assertEquals(GSON.toJson(e), JsonLine.of(e));
    }
}
