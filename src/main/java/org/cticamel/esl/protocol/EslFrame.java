package org.cticamel.esl.protocol;

import java.util.Map;

/** One frame of the event socket: its header lines and the body its Content-Length announced. */
public record EslFrame(Map<String, String> headers, String body) {

    public String contentType() {
        return headers.getOrDefault("Content-Type", "");
    }

    public String header(String name) {
        return headers.get(name);
    }

    public boolean isEvent() {
        return contentType().startsWith("text/event-");
    }
}
