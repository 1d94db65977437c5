package org.cticamel.esl;

import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.cticamel.esl.protocol.EslEvent;
import org.cticamel.esl.protocol.EslEventParser;
import org.cticamel.esl.protocol.EslFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the route once per event, in FreeSWITCH's order, on a thread of its own (the socket thread only
 * queues). Body: the event's headers as an unmodifiable Map ({@link EslEvent}); header {@code EslEvent}: the subclass of a CUSTOM event,
 * else the event name, or {@code CONNECTED} once per (re)connect, before that connection's events, or the
 * name of a pseudo-event queued by {@link EslPseudoEvents}, without a body; header {@code EslBox}: the
 * endpoint's name.
 */
public class EslConsumer extends DefaultConsumer {

    public static final String EVENT = "EslEvent";
    /** The name of the endpoint (the box) an event came from: what a route answers it with, esl:${header.EslBox}. */
    public static final String BOX = "EslBox";

    private static final Logger LOG = LoggerFactory.getLogger(EslConsumer.class);

    private final EslEvents events;
    private ExecutorService worker;

    EslConsumer(EslEndpoint endpoint, Processor processor, EslEvents events) {
        super(endpoint, processor);
        this.events = events;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        worker = getEndpoint().getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, "esl-events");
        worker.execute(this::run);
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(worker);
        super.doStop();
    }

    private void run() {
        while (isRunAllowed()) {
            try {
                EslFrame frame = events.poll(500);
                if (frame != null) {
                    process(frame);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("ESL event not processed: {}", e.toString());
            }
        }
    }

    private void process(EslFrame frame) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setHeader(BOX, ((EslEndpoint) getEndpoint()).name());
        try {
            if (frame.contentType().equals(EslEvents.PSEUDO_EVENT)) {
                exchange.getMessage().setHeader(EVENT, frame.header("Event-Name"));
            } else {
                EslEvent event = parse(frame);
                if (event == null) {
                    return;
                }
                String name = name(event);
                ((EslEndpoint) getEndpoint()).metrics().received(name);
                exchange.getMessage().setHeader(EVENT, name);
                exchange.getMessage().setBody(event);
            }
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("ESL event " + exchange.getMessage().getHeader(EVENT) + " failed",
                        exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }

    private static EslEvent parse(EslFrame frame) {
        try {
            return EslEventParser.parse(frame);
        } catch (IllegalArgumentException e) {
            String start = frame.body().substring(0, Math.min(120, frame.body().length())).replace('\n', ' ');
            LOG.warn("ESL event skipped, {} (starts: {})", e.getMessage(), start);
            return null;
        }
    }

    private static String name(Map<String, Object> event) {
        Object name = event.get("Event-Name");
        return "CUSTOM".equals(name) && event.get("Event-Subclass") != null ? String.valueOf(event.get("Event-Subclass")) : String.valueOf(name);
    }
}
