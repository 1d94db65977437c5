package org.cticamel.esl.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cticamel.esl.ScriptedEslServer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.esl.ScriptedEslServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON events as Jackson's data binding reads them (the last of repeated keys wins), whichever way they are read. */
class EslEventParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EslEvent parse(String body) {
        return EslEventParser.parse(new EslFrame(Map.of("Content-Type", "text/event-json"), body));
    }

    private static LinkedHashMap<String, Object> bound(String json) throws Exception {
        return JSON.readValue(json, new TypeReference<>() {
        });
    }

    @Test
    void every_captured_event_reads_as_jackson_binds_it_in_order_and_its_json_is_the_same_object() throws Exception {
        List<byte[]> frames = ScriptedEslServer.eventFrames("esl-json.txt");
        assertTrue(frames.size() > 20);
        for (byte[] frame : frames) {
            String text = new String(frame, StandardCharsets.UTF_8);
            String body = text.substring(text.indexOf("\n\n") + 2);
            EslEvent event = parse(body);
            Map<String, Object> expected = bound(body);
            assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(event.keySet()));
            assertEquals(expected, event);
            expected.forEach((name, value) -> assertEquals(value, event.get(name), name));
            assertEquals(expected, bound(event.json()));
        }
    }

    @Test
    void a_flat_event_keeps_freeswitchs_text_and_decodes_escapes_when_read() {
        String body = "{\"Event-Name\":\"CUSTOM\",\"contact\":\"\\\"\\\" <sip:1001@h>\",\"x\\u00e9\":\"a\\/b\\u00e9\\n\"}";
        EslEvent event = parse(body + "\n");
        assertSame(event.json(), event.json());
        assertEquals(body, event.json());
        assertEquals("\"\" <sip:1001@h>", event.get("contact"));
        assertEquals("a/bé\n", event.get("xé"));
        assertThrows(UnsupportedOperationException.class, () -> event.put("a", "b"));
    }

    @Test
    void repeated_keys_keep_the_last_value_and_are_written_once() throws Exception {
        EslEvent event = parse("{\"Hangup-Cause\":\"NONE\",\"a\":\"1\",\"Hangup-Cause\":\"NORMAL_CLEARING\"}");
        assertEquals("NORMAL_CLEARING", event.get("Hangup-Cause"));
        assertEquals(List.of("Hangup-Cause", "a"), new ArrayList<>(event.keySet()));
        assertEquals("{\"Hangup-Cause\":\"NORMAL_CLEARING\",\"a\":\"1\"}", event.json());
    }

    @Test
    void lists_of_strings_keep_freeswitchs_text_and_read_as_lists() throws Exception {
        String body = "{\"variable_DP_MATCH\":[\"ARRAY::9999|:9999\", \"a\\u00e9\"],\"e\": [ ],\"s\":\"t\"}";
        EslEvent event = parse(body);
        assertEquals(body, event.json());
        assertEquals(List.of("ARRAY::9999|:9999", "a\u00e9"), event.get("variable_DP_MATCH"));
        assertEquals(List.of(), event.get("e"));
        assertEquals(bound(body), event);
    }

    @Test
    void arrays_numbers_and_nested_objects_are_bound_as_jackson_does() throws Exception {
        String body = "{ \"a\" : [\"x\", \"y\"], \"n\": 5, \"o\": {\"k\": null}, \"s\": \"t\" }";
        EslEvent event = parse(body);
        assertEquals(bound(body), event);
        assertEquals(List.of("x", "y"), event.get("a"));
        assertEquals(bound(body), bound(event.json()));
    }

    @Test
    void malformed_json_is_refused_naming_it() {
        for (String body : List.of("{\"Event-Name\": \"CUSTOM\", broken", "{\"a\":\"\\x\"}", "{\"a\":\"line\nbreak\"}",
                "{\"a\":\"b\"} {\"c\":\"d\"}", "[\"a\"]", "{\"a\":\"b\",}",
                "{\"a\":[\"x\",]}", "{\"a\":[\"x\"}", "{\"a\":[\"x\" \"y\"]}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(body), body);
            assertTrue(e.getMessage().startsWith("malformed JSON event"), e.getMessage());
        }
        assertFalse(parse("{}").containsKey("a"));
    }
}
