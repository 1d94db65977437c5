package org.cticamel.esl;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.cticamel.esl.protocol.EslClient;

/**
 * Health check {@code esl:<name>}: UP only while the connection is authenticated and subscribed (Camel's
 * own route checks say UP while FreeSWITCH is down); details: since when, reconnects, queued events, last problem.
 */
final class EslHealth extends AbstractHealthCheck {

    private final EslEndpoint endpoint;

    private EslHealth(EslEndpoint endpoint) {
        super("cti", "esl:" + endpoint.name());
        this.endpoint = endpoint;
    }

    static void register(CamelContext context, EslEndpoint endpoint) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            registry.register(new EslHealth(endpoint));
        }
    }

    @Override
    public boolean isLiveness() {
        return false; // a FreeSWITCH that is down is no reason to restart this service
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        EslClient client = endpoint.client();
        builder.detail("esl.address", client.settings().address());
        builder.detail("esl.connected", client.isReady());
        builder.detail("esl.reconnects", client.reconnects());
        builder.detail("esl.queued.events", endpoint.queuedEvents());
        if (client.isReady()) {
            builder.detail("esl.connected.since", client.readySince().toString());
            builder.up();
        } else {
            builder.detail("esl.problem", client.lastProblem());
            builder.message("ESL not connected to " + client.settings().address() + ": " + client.lastProblem());
            builder.down();
        }
    }
}
