package org.cticamel.esl;

import java.time.Duration;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.cticamel.esl.protocol.EslClient;

/** One FreeSWITCH connection: connected while the endpoint runs, shared by its consumer and producers. */
@UriEndpoint(firstVersion = "1.0", scheme = "esl", title = "FreeSWITCH event socket", syntax = "esl:name",
        category = {Category.NETWORKING})
public class EslEndpoint extends DefaultEndpoint {

    @UriPath(description = "The connection's name: the tag of its health check and meters")
    private final String name;
    @UriParam
    private final EslConfiguration configuration;
    private final EslEvents events;
    private final EslClient client;
    private volatile EslMetrics metrics;
    private ExecutorService replies;

    EslEndpoint(String uri, EslComponent component, String name, EslConfiguration configuration) {
        super(uri, component);
        this.name = name;
        this.configuration = configuration;
        this.events = new EslEvents(configuration.getQueueCapacity(), configuration.getQueueMaxBytes());
        this.client = new EslClient(configuration.settings(name), events);
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

    public EslConfiguration getConfiguration() {
        return configuration;
    }

    /** The connection's name: {@code freeswitch} of {@code esl:freeswitch}. */
    public String name() {
        return name;
    }

    EslMetrics metrics() {
        return metrics;
    }

    Duration commandTimeout() {
        return Duration.ofMillis(configuration.getCommandTimeoutMs());
    }

    /** Where a bgapi job's route goes on: never the socket thread, which must keep reading. */
    ExecutorService replies() {
        return replies;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        replies = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "esl-replies-" + name);
        events.onOverflow(() -> client.reconnect("more than " + configuration.getQueueCapacity() + " events or "
                + configuration.getQueueMaxBytes() + " bytes waiting to be processed (Redis too slow?): dropped them and reconnect to resync"));
        EslHealth.register(getCamelContext(), this);
        metrics = EslMetrics.register(getCamelContext(), this);
        client.start();
    }

    @Override
    protected void doStop() throws Exception {
        client.stop();
        getCamelContext().getExecutorServiceManager().shutdownNow(replies);
        super.doStop();
    }

    /** Queues a pseudo-event for the consumer, in order behind the events received so far ({@link EslPseudoEvents}). */
    void enqueue(String name) {
        events.pseudoEvent(name);
    }

    /** Events received and not yet through the route. */
    public int queuedEvents() {
        return events.size();
    }
}
