package org.cticamel.esl;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Runs the body as {@code bgapi <body>} on the endpoint's connection and replaces the body with the output;
 * headers {@code EslSwitchname} and {@code EslCoreUuid} say which FreeSWITCH answered. With header
 * {@code EslEnqueue} instead, nothing is sent: the endpoint's consumer yields a pseudo-event of that name,
 * in order behind the events already received (what must not interleave with them waits its turn).
 */
public class EslProducer extends DefaultProducer {

    public static final String SWITCHNAME = "EslSwitchname";
    public static final String CORE_UUID = "EslCoreUuid";
    public static final String ENQUEUE = "EslEnqueue";

    EslProducer(EslEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public EslEndpoint getEndpoint() {
        return (EslEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String pseudoEvent = exchange.getMessage().getHeader(ENQUEUE, String.class);
        if (pseudoEvent != null) {
            getEndpoint().enqueue(pseudoEvent);
            return;
        }
        String command = exchange.getMessage().getMandatoryBody(String.class);
        Map<String, Object> job;
        try {
            job = getEndpoint().client().bgapi(command, getEndpoint().commandTimeout()).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw refused; // says why itself
            }
            String why = e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getCause().toString();
            throw new IllegalStateException("bgapi " + command + " failed: " + why, e.getCause());
        }
        exchange.getMessage().setBody(String.valueOf(job.getOrDefault("_body", "")));
        exchange.getMessage().setHeader(SWITCHNAME, job.get("FreeSWITCH-Switchname"));
        exchange.getMessage().setHeader(CORE_UUID, job.get("Core-UUID"));
    }
}
