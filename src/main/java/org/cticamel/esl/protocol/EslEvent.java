package org.cticamel.esl.protocol;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * One event's headers, decoded, in FreeSWITCH's order: an unmodifiable Map (copy it to change it), and the
 * same as JSON text. A JSON event whose keys are all distinct keeps the text FreeSWITCH sent, so storing it
 * costs no second serialization; other events (plain, or a repeated key: the last wins) are written once.
 */
public final class EslEvent extends AbstractMap<String, Object> {

    private final Map<String, Object> headers;
    private String json;

    EslEvent(Map<String, Object> headers, String json) {
        this.headers = Collections.unmodifiableMap(headers);
        this.json = json;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return headers.entrySet();
    }

    @Override
    public Object get(Object key) {
        return headers.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return headers.containsKey(key);
    }

    @Override
    public int size() {
        return headers.size();
    }

    /** The headers as one JSON object. */
    public String json() {
        if (json == null) {
            try {
                json = EslEventParser.JSON.writeValueAsString(headers);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write the event as JSON: " + e.getOriginalMessage(), e);
            }
        }
        return json;
    }
}
