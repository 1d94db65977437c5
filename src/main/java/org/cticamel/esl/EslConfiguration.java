package org.cticamel.esl;

import java.util.Arrays;
import java.util.List;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.cticamel.esl.protocol.EslSettings;

/**
 * The options of one esl: endpoint: the component's (camel.component.esl.*) copied, then those of its URI
 * ({@code esl:fs2?host=10.0.0.2&port=8021}) bound over them, as camel-netty does.
 */
@UriParams
public class EslConfiguration implements Cloneable {

    @UriParam(defaultValue = "127.0.0.1", description = "FreeSWITCH's event socket address")
    private String host = "127.0.0.1";
    @UriParam(defaultValue = "8021")
    private int port = 8021;
    @UriParam(defaultValue = "ClueCon", secret = true, description = "event_socket.conf's password")
    @Metadata(secret = true)
    private String password = "ClueCon";
    @UriParam(defaultValue = "json", enums = "json,plain", description = "event encoding asked of FreeSWITCH")
    private String format = "json";
    @UriParam(defaultValue = "HEARTBEAT BACKGROUND_JOB", description = "plain event names subscribed")
    private String events = "HEARTBEAT BACKGROUND_JOB";
    @UriParam(defaultValue = "sofia::register sofia::unregister sofia::expire sofia::gateway_add sofia::gateway_state "
            + "sofia::gateway_delete", description = "CUSTOM event subclasses subscribed")
    private String subclasses = "sofia::register sofia::unregister sofia::expire sofia::gateway_add sofia::gateway_state "
            + "sofia::gateway_delete";
    @UriParam(defaultValue = "20", description = "FreeSWITCH's event-heartbeat-interval")
    private int heartbeatSeconds = 20;
    @UriParam(defaultValue = "3", description = "silent heartbeat intervals before the connection counts as dead")
    private int missedHeartbeats = 3;
    @UriParam(defaultValue = "250")
    private long reconnectMinMs = 250;
    @UriParam(defaultValue = "10000")
    private long reconnectMaxMs = 10_000;
    @UriParam(defaultValue = "30000", description = "how long a connection stays up before the backoff starts afresh")
    private long healthyAfterMs = 30_000;
    @UriParam(defaultValue = "3000")
    private int connectTimeoutMs = 3000;
    @UriParam(defaultValue = "67108864", description = "a larger frame is skipped: the job it answers fails")
    private int maxFrameBytes = 64 << 20;
    @UriParam(defaultValue = "100000", description = "events received and not yet through the route")
    private int queueCapacity = 100_000;
    @UriParam(defaultValue = "134217728", description = "bytes of those events")
    private long queueMaxBytes = 128L << 20;
    @UriParam(defaultValue = "30000", description = "how long a bgapi job may take")
    private long commandTimeoutMs = 30_000;

    public EslConfiguration copy() {
        try {
            return (EslConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** What the connection needs, checked: a mistake names the option. */
    EslSettings settings(String name) {
        if (!format.equals("json") && !format.equals("plain")) {
            throw new IllegalArgumentException("esl:" + name + " format must be json or plain, not '" + format + "'");
        }
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("esl:" + name + " password must not contain a line break");
        }
        return new EslSettings(host, port, password, format, words(events), words(subclasses), heartbeatSeconds, missedHeartbeats,
                reconnectMinMs, reconnectMaxMs, healthyAfterMs, connectTimeoutMs, maxFrameBytes);
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.trim().split("[\\s,]+")).filter(word -> !word.isEmpty()).toList();
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public String getEvents() {
        return events;
    }

    public void setEvents(String events) {
        this.events = events;
    }

    public String getSubclasses() {
        return subclasses;
    }

    public void setSubclasses(String subclasses) {
        this.subclasses = subclasses;
    }

    public int getHeartbeatSeconds() {
        return heartbeatSeconds;
    }

    public void setHeartbeatSeconds(int heartbeatSeconds) {
        this.heartbeatSeconds = heartbeatSeconds;
    }

    public int getMissedHeartbeats() {
        return missedHeartbeats;
    }

    public void setMissedHeartbeats(int missedHeartbeats) {
        this.missedHeartbeats = missedHeartbeats;
    }

    public long getReconnectMinMs() {
        return reconnectMinMs;
    }

    public void setReconnectMinMs(long reconnectMinMs) {
        this.reconnectMinMs = reconnectMinMs;
    }

    public long getReconnectMaxMs() {
        return reconnectMaxMs;
    }

    public void setReconnectMaxMs(long reconnectMaxMs) {
        this.reconnectMaxMs = reconnectMaxMs;
    }

    public long getHealthyAfterMs() {
        return healthyAfterMs;
    }

    public void setHealthyAfterMs(long healthyAfterMs) {
        this.healthyAfterMs = healthyAfterMs;
    }

    public int getConnectTimeoutMs() {
        return connectTimeoutMs;
    }

    public void setConnectTimeoutMs(int connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
    }

    public int getMaxFrameBytes() {
        return maxFrameBytes;
    }

    public void setMaxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public long getQueueMaxBytes() {
        return queueMaxBytes;
    }

    public void setQueueMaxBytes(long queueMaxBytes) {
        this.queueMaxBytes = queueMaxBytes;
    }

    public long getCommandTimeoutMs() {
        return commandTimeoutMs;
    }

    public void setCommandTimeoutMs(long commandTimeoutMs) {
        this.commandTimeoutMs = commandTimeoutMs;
    }
}
