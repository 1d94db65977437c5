package org.cticamel.esl;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code esl:<name>} component: one inbound event-socket connection per endpoint; its consumer yields
 * the events, its producer runs commands as bgapi over the same connection. The defaults of every endpoint
 * are set by camel.component.esl.*; an endpoint's URI parameters override them ({@code esl:fs2?host=10.0.0.2}).
 */
@Component("esl")
public class EslComponent extends DefaultComponent {

    @Metadata(description = "The defaults every esl: endpoint starts from")
    private EslConfiguration configuration = new EslConfiguration();

    /** Per endpoint name, options that stand in for URI parameters: each FreeSWITCH box's address and password. */
    private final Map<String, Map<String, Object>> boxes = new ConcurrentHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        EslConfiguration config = configuration.copy();
        setProperties(config, new HashMap<>(boxes.getOrDefault(remaining, Map.of())));
        setProperties(config, parameters); // what is left over is refused: lenient properties are off
        return new EslEndpoint(uri, this, remaining, config);
    }

    /**
     * Options of endpoint {@code esl:<name>} as if its URI carried them (its own URI parameters still win), so that
     * the consumer and the producers of one box share one endpoint and no password stands in a route.
     */
    public void addBox(String name, Map<String, Object> options) {
        boxes.put(name, Map.copyOf(options));
    }

    public EslConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(EslConfiguration configuration) {
        this.configuration = configuration;
    }

    // camel.component.esl.<option>: the defaults, one setter per option of EslConfiguration

    public void setHost(String host) {
        configuration.setHost(host);
    }

    public void setPort(int port) {
        configuration.setPort(port);
    }

    public void setPassword(String password) {
        configuration.setPassword(password);
    }

    public void setFormat(String format) {
        configuration.setFormat(format);
    }

    public void setEvents(String events) {
        configuration.setEvents(events);
    }

    public void setSubclasses(String subclasses) {
        configuration.setSubclasses(subclasses);
    }

    public void setHeartbeatSeconds(int heartbeatSeconds) {
        configuration.setHeartbeatSeconds(heartbeatSeconds);
    }

    public void setMissedHeartbeats(int missedHeartbeats) {
        configuration.setMissedHeartbeats(missedHeartbeats);
    }

    public void setReconnectMinMs(long reconnectMinMs) {
        configuration.setReconnectMinMs(reconnectMinMs);
    }

    public void setReconnectMaxMs(long reconnectMaxMs) {
        configuration.setReconnectMaxMs(reconnectMaxMs);
    }

    public void setHealthyAfterMs(long healthyAfterMs) {
        configuration.setHealthyAfterMs(healthyAfterMs);
    }

    public void setConnectTimeoutMs(int connectTimeoutMs) {
        configuration.setConnectTimeoutMs(connectTimeoutMs);
    }

    public void setMaxFrameBytes(int maxFrameBytes) {
        configuration.setMaxFrameBytes(maxFrameBytes);
    }

    public void setQueueCapacity(int queueCapacity) {
        configuration.setQueueCapacity(queueCapacity);
    }

    public void setQueueMaxBytes(long queueMaxBytes) {
        configuration.setQueueMaxBytes(queueMaxBytes);
    }

    public void setCommandTimeoutMs(long commandTimeoutMs) {
        configuration.setCommandTimeoutMs(commandTimeoutMs);
    }
}
