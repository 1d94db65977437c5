package org.cticamel.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.esl.protocol.EslEvent;

/** JSON text of what goes into Redis: UTF-8 strings readable with redis-cli, in the order the map holds. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String write(Object value) {
        if (value instanceof EslEvent event) {
            return event.json(); // as received, when that is the same
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
