package org.cticamel.esl.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Turns an event frame (text/event-plain or text/event-json) into the event's headers, decoded and in
 * FreeSWITCH's order; an inner body goes under {@code _body} in both formats, as FreeSWITCH's JSON does.
 */
public final class EslEventParser {

    /** No string length limit of its own: max-frame-bytes bounds every frame (a busy box's resync answer is ~30 MB). */
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build()).build();

    private EslEventParser() {
    }

    /** The event's headers; throws {@link IllegalArgumentException} naming what is wrong. */
    public static EslEvent parse(EslFrame frame) {
        return switch (frame.contentType()) {
            case "text/event-json" -> json(frame.body());
            case "text/event-plain" -> plain(frame.body());
            default -> throw new IllegalArgumentException("not an event frame: " + frame.contentType());
        };
    }

    /**
     * Nearly always a flat object of strings and lists of strings, indexed without decoding it (duplicate
     * keys, as CHANNEL_HANGUP_COMPLETE's Hangup-Cause: the last wins). Else one pass of Jackson's streaming
     * parser: any other value is bound as Jackson binds it.
     */
    private static EslEvent json(String body) {
        String text = body.strip();
        FlatJson flat = FlatJson.index(text);
        if (flat != null) {
            return new EslEvent(flat, flat.repeated() ? null : text);
        }
        Map<String, Object> event = new LinkedHashMap<>(128);
        boolean repeated = false;
        try (JsonParser parser = JSON.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("malformed JSON event: not an object");
            }
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                JsonToken token = parser.nextToken();
                int size = event.size();
                event.put(name, token == JsonToken.VALUE_STRING ? parser.getText() : JSON.readValue(parser, Object.class));
                repeated |= event.size() == size;
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IllegalArgumentException("malformed JSON event: not one object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON event: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String: not expected
        }
        return new EslEvent(event, repeated ? null : text);
    }

    private static EslEvent plain(String body) {
        Map<String, Object> event = new LinkedHashMap<>();
        int end = body.indexOf("\n\n");
        String block = end < 0 ? body : body.substring(0, end);
        for (String line : block.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                continue;
            }
            String value = urlDecode(line.substring(colon + 2).strip());
            event.put(line.substring(0, colon), value.startsWith("ARRAY::") ? array(value) : value);
        }
        if (end >= 0 && event.containsKey("Content-Length")) {
            event.put("_body", body.substring(end + 2));
        }
        return new EslEvent(event, null);
    }

    /** FreeSWITCH writes array headers as {@code ARRAY::a|:b}. */
    private static List<String> array(String value) {
        return Arrays.asList(value.substring("ARRAY::".length()).split("\\|:", -1));
    }

    /** Like FreeSWITCH's own esl_url_decode: %XX only ('+' stays), a malformed escape is kept as written. */
    static String urlDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int hi = i + 2 < in.length && in[i] == '%' ? Character.digit(in[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(in[i + 2], 16) : -1;
            if (lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
