package org.cticamel.esl.protocol;

import java.util.List;

/** Where and how to connect: address, password, event format and subscription, timings and limits. */
public record EslSettings(String host, int port, String password, String format, List<String> events,
        List<String> subclasses, int heartbeatSeconds, int missedHeartbeats, long reconnectMinMs, long reconnectMaxMs,
        long healthyAfterMs, int connectTimeoutMs, int maxFrameBytes) {

    /** One {@code event} command: plain event names first, CUSTOM last, because every word after it is a subclass. */
    public String subscription() {
        StringBuilder command = new StringBuilder("event ").append(format);
        events.forEach(name -> command.append(' ').append(name));
        if (!subclasses.isEmpty()) {
            command.append(" CUSTOM");
            subclasses.forEach(name -> command.append(' ').append(name));
        }
        return command.toString();
    }

    public String address() {
        return host + ":" + port;
    }
}
