package org.cticamel.esl;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Runs the body as {@code bgapi <body>} on the endpoint's connection and replaces the body with the output;
 * headers {@code EslSwitchname}, {@code EslCoreUuid} and {@code EslIpv4} say which FreeSWITCH answered. Asynchronous: no thread
 * waits for the BACKGROUND_JOB event; the route goes on, off the socket thread, once it came.
 */
public class EslProducer extends DefaultAsyncProducer {

    public static final String SWITCHNAME = "EslSwitchname";
    public static final String CORE_UUID = "EslCoreUuid";
    public static final String IPV4 = "EslIpv4";

    EslProducer(EslEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public EslEndpoint getEndpoint() {
        return (EslEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String command;
        try {
            command = exchange.getMessage().getMandatoryBody(String.class);
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        getEndpoint().client().bgapi(command, getEndpoint().commandTimeout()).whenCompleteAsync((job, error) -> {
            if (error != null) {
                // a refused command says why itself; the others are named here
                exchange.setException(error instanceof IllegalArgumentException ? error : new IllegalStateException(
                        "bgapi " + command + " failed: " + (error.getMessage() != null ? error.getMessage() : error), error));
            } else {
                exchange.getMessage().setBody(String.valueOf(job.getOrDefault("_body", "")));
                exchange.getMessage().setHeader(SWITCHNAME, job.get("FreeSWITCH-Switchname"));
                exchange.getMessage().setHeader(CORE_UUID, job.get("Core-UUID"));
                exchange.getMessage().setHeader(IPV4, job.get("FreeSWITCH-IPv4"));
            }
            callback.done(false);
        }, getEndpoint().replies());
        return false;
    }
}
