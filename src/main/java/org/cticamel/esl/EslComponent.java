package org.cticamel.esl;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code esl:<name>} component: one inbound event-socket connection per endpoint; its consumer yields
 * the events, its producer runs commands as bgapi over the same connection. Set up by camel.component.esl.*.
 */
public class EslComponent extends DefaultComponent {

    private String host = "127.0.0.1";
    private int port = 8021;
    private String password = "ClueCon";
    private String format = "json";
    private String events = "HEARTBEAT BACKGROUND_JOB";
    private String subclasses = "sofia::register sofia::unregister sofia::expire sofia::gateway_add sofia::gateway_state sofia::gateway_delete";
    private int heartbeatSeconds = 20;
    private int missedHeartbeats = 3;
    private long reconnectMinMs = 250;
    private long reconnectMaxMs = 10_000;
    private long healthyAfterMs = 30_000;
    private int connectTimeoutMs = 3000;
    private int maxFrameBytes = 64 * 1024 * 1024;
    private int queueCapacity = 100_000;
    private long queueMaxBytes = 128L << 20;
    private long commandTimeoutMs = 30_000;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (!format.equals("json") && !format.equals("plain")) {
            throw new IllegalArgumentException("camel.component.esl.format must be json or plain, not '" + format + "'");
        }
        EslSettings settings = new EslSettings(host, port, password, format, words(events), words(subclasses),
                heartbeatSeconds, missedHeartbeats, reconnectMinMs, reconnectMaxMs, healthyAfterMs, connectTimeoutMs, maxFrameBytes);
        return new EslEndpoint(uri, this, settings, queueCapacity, queueMaxBytes, commandTimeoutMs);
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.trim().split("[\\s,]+")).filter(word -> !word.isEmpty()).toList();
    }

    public void setHost(String host) {
        this.host = host;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public void setEvents(String events) {
        this.events = events;
    }

    public void setSubclasses(String subclasses) {
        this.subclasses = subclasses;
    }

    public void setHeartbeatSeconds(int heartbeatSeconds) {
        this.heartbeatSeconds = heartbeatSeconds;
    }

    public void setMissedHeartbeats(int missedHeartbeats) {
        this.missedHeartbeats = missedHeartbeats;
    }

    public void setReconnectMinMs(long reconnectMinMs) {
        this.reconnectMinMs = reconnectMinMs;
    }

    public void setReconnectMaxMs(long reconnectMaxMs) {
        this.reconnectMaxMs = reconnectMaxMs;
    }

    public void setHealthyAfterMs(long healthyAfterMs) {
        this.healthyAfterMs = healthyAfterMs;
    }

    public void setConnectTimeoutMs(int connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
    }

    public void setMaxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public void setQueueMaxBytes(long queueMaxBytes) {
        this.queueMaxBytes = queueMaxBytes;
    }

    public void setCommandTimeoutMs(long commandTimeoutMs) {
        this.commandTimeoutMs = commandTimeoutMs;
    }
}
