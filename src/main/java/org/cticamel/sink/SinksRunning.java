package org.cticamel.sink;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.component.seda.QueueReference;
import org.apache.camel.component.seda.SedaComponent;

/**
 * True while a sink route reads the sink feed ({@code seda:cti-updates}): route sink-feed-in offers an
 * update only then. Without a sink (the shipped cti.json) each update would otherwise be queued and handed
 * on to nobody; asking the seda component is a map lookup, which YAML cannot say.
 */
public final class SinksRunning implements Predicate {

    /** The endpoint every sink route reads (docs/sinks.md). */
    public static final String FEED = "seda:cti-updates?multipleConsumers=true";

    private final SedaComponent seda;
    private final String queue;

    public SinksRunning(CamelContext context) {
        seda = context.getComponent("seda", SedaComponent.class);
        queue = seda.getQueueKey(context.getEndpoint(FEED).getEndpointUri());
    }

    @Override
    public boolean matches(Exchange exchange) {
        QueueReference feed = seda.getQueueReference(queue);
        return feed != null && feed.hasConsumers();
    }
}
