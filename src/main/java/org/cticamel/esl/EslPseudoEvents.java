package org.cticamel.esl;

import org.apache.camel.CamelContext;

/**
 * Queues a pseudo-event on a box's consumer, behind the events it received so far: the route gets it back as
 * header EslEvent of that name, without a body, so that what must not interleave with the box's events (a
 * resync after Redis came back: route redis-back, REDIS_BACK) waits its turn. Nothing is sent to FreeSWITCH.
 */
public class EslPseudoEvents {

    private final CamelContext context;

    public EslPseudoEvents(CamelContext context) {
        this.context = context;
    }

    /** Queues pseudo-event {@code name} on endpoint esl:<box> (the one its route consumes). */
    public void queue(String box, String name) {
        context.getEndpoint("esl:" + box, EslEndpoint.class).enqueue(name);
    }
}
