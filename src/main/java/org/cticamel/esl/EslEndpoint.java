package org.cticamel.esl;

import java.time.Duration;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One FreeSWITCH connection: connected while the endpoint runs, shared by its consumer and producers. */
public class EslEndpoint extends DefaultEndpoint {

    private final int queueCapacity;
    private final long queueMaxBytes;
    private final Duration commandTimeout;
    private final EslEvents events;
    private final EslClient client;
    private volatile EslMetrics metrics;

    EslEndpoint(String uri, EslComponent component, EslSettings settings, int queueCapacity, long queueMaxBytes, long commandTimeoutMs) {
        super(uri, component);
        this.queueCapacity = queueCapacity;
        this.queueMaxBytes = queueMaxBytes;
        this.commandTimeout = Duration.ofMillis(commandTimeoutMs);
        this.events = new EslEvents(queueCapacity, queueMaxBytes);
        this.client = new EslClient(settings, events);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        EslConsumer consumer = new EslConsumer(this, processor, events);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        return new EslProducer(this);
    }

    @Override
    public boolean isLenientProperties() {
        return false;
    }

    public EslClient client() {
        return client;
    }

    /** The connection's name: {@code freeswitch} of {@code esl:freeswitch}. */
    String name() {
        return getEndpointKey().replaceFirst("^esl:/*", "").replaceFirst("\\?.*", "");
    }

    EslMetrics metrics() {
        return metrics;
    }

    Duration commandTimeout() {
        return commandTimeout;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        events.onOverflow(() -> client.reconnect("more than " + queueCapacity + " events or " + queueMaxBytes
                + " bytes waiting to be processed (Redis too slow?): dropped them and reconnect to resync"));
        EslHealth.register(getCamelContext(), this);
        metrics = EslMetrics.register(getCamelContext(), this);
        client.start();
    }

    @Override
    protected void doStop() throws Exception {
        client.stop();
        super.doStop();
    }

    /** Queues a pseudo-event for the consumer, in order behind the events received so far. */
    void enqueue(String name) {
        events.pseudoEvent(name);
    }

    /** Events received and not yet through the route. */
    public int queuedEvents() {
        return events.size();
    }
}
