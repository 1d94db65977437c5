package org.cticamel.esl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.cticamel.esl.protocol.EslClient;

/**
 * Meters of one esl: endpoint, tag {@code esl=<name>}, in the registry bound as {@code metricsRegistry}
 * (none there: nothing is counted): events received by name ({@code cti.esl.events}, tag {@code event} = the
 * subclass of a CUSTOM event, else the event name), reconnects, connected (1/0), events queued.
 */
final class EslMetrics {

    private final MeterRegistry registry;
    private final String name;
    private final Map<String, Counter> events = new ConcurrentHashMap<>();

    private EslMetrics(MeterRegistry registry, String name) {
        this.registry = registry;
        this.name = name;
    }

    static EslMetrics register(CamelContext context, EslEndpoint endpoint) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        EslMetrics metrics = new EslMetrics(registry, endpoint.name());
        if (registry != null) {
            EslClient client = endpoint.client();
            FunctionCounter.builder("cti.esl.reconnects", client, EslClient::reconnects).tag("esl", endpoint.name())
                    .description("Event-socket connections made ready again after the first").register(registry);
            Gauge.builder("cti.esl.connected", client, c -> c.isReady() ? 1 : 0).tag("esl", endpoint.name())
                    .description("1 while the event socket is authenticated and subscribed").register(registry);
            Gauge.builder("cti.esl.queued.events", endpoint, EslEndpoint::queuedEvents).tag("esl", endpoint.name())
                    .description("Events received and not yet through the routes").register(registry);
        }
        return metrics;
    }

    /** One event handed to the route; a counter per event name, made on its first occurrence. */
    void received(String event) {
        if (registry != null) {
            events.computeIfAbsent(event, e -> Counter.builder("cti.esl.events").tag("esl", name).tag("event", e)
                    .description("Events received from FreeSWITCH, by name").register(registry)).increment();
        }
    }
}
