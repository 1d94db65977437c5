package org.cticamel.xmlcurl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Once every route has started: replays captured mod_xml_curl {@code sip_auth} bodies (FreeSWITCH 1.10.12,
 * resources warm-up/) through the real xml-curl route for a while, so that the first registrations after a
 * restart do not pay for class loading and the JIT; then opens the HTTP port ({@link XmlCurlVertxServer#open()}).
 * The lookups are for domain {@value #DOMAIN}: one extension written there for the warm-up and deleted after
 * it (no cacheable, no alias), and an unknown user, so that the found and the not-found paths are both run.
 * They are not counted in cti_xml_curl_requests.
 */
public class XmlCurlWarmUp implements ExtendedStartupListener {

    static final String DOMAIN = "warm-up.invalid";
    /** Begins the log line saying that the port is open. */
    public static final String OPEN = "xml_curl: /fs/xml";
    private static final Logger LOG = LoggerFactory.getLogger(XmlCurlWarmUp.class);
    private static final String[] BODIES = {"sip_auth-REGISTER", "sip_auth-INVITE", "sip_auth-UNREGISTER-expires0"};
    private static final String KEY = "cti_exten@" + DOMAIN;

    private final StringRedisTemplate redis;
    private final long budgetMs;
    private final AtomicBoolean warmedUp = new AtomicBoolean();

    /** @param budgetMs how long the warm-up may run (0: none) */
    public XmlCurlWarmUp(StringRedisTemplate redis, long budgetMs) {
        this.redis = redis;
        this.budgetMs = budgetMs;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        // once: camel-main adds this listener while it starts the context, so alreadyStarted is true here too
        String done = warmedUp.compareAndSet(false, true) ? warmUp(context) : "done before";
        XmlCurlVertxServer server = context.hasService(XmlCurlVertxServer.class);
        if (server != null) { // none when camel.server.enabled is false
            server.open();
        }
        // the line an operator (and the tests) wait for: from here on FreeSWITCH gets answers
        LOG.info("{} open after the warm-up ({})", OPEN, done);
    }

    /** Runs the warm-up; says how many lookups in how long. */
    private String warmUp(CamelContext context) {
        Route route = context.getRoute("xml-curl");
        if (route == null || budgetMs <= 0) {
            return "none";
        }
        long started = System.nanoTime();
        int lookups = 0;
        try {
            redis.opsForHash().put(KEY, "warm-up", "{\"param\":{\"password\":\"warm-up\"},\"variable\":{\"user_context\":\"default\"}}");
            List<byte[]> forms = forms();
            Processor processor = route.getConsumer().getProcessor();
            long end = started + budgetMs * 1_000_000;
            while (System.nanoTime() < end) {
                Exchange exchange = new DefaultExchange(context);
                exchange.setProperty(XmlCurlMetrics.WARM_UP, Boolean.TRUE);
                exchange.getMessage().setBody(forms.get(lookups % forms.size()));
                processor.process(exchange);
                lookups++;
            }
        } catch (Exception e) {
            LOG.warn("xml_curl warm-up stopped after {} lookups: {}", lookups, e.getMessage());
        } finally {
            try {
                redis.delete(KEY);
            } catch (RuntimeException e) {
                LOG.warn("xml_curl warm-up: could not delete {}: {}", KEY, e.getMessage());
            }
        }
        return lookups + " lookups in " + (System.nanoTime() - started) / 1_000_000 + " ms";
    }

    /** Each captured body for the warm-up extension and for an unknown user of the warm-up domain. */
    private static List<byte[]> forms() throws IOException {
        List<byte[]> forms = new ArrayList<>();
        for (String name : BODIES) {
            try (InputStream in = XmlCurlWarmUp.class.getResourceAsStream("/warm-up/" + name + ".txt")) {
                String body = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
                for (String user : new String[] {"warm-up", "warm-up-unknown"}) {
                    String form = body.replaceAll("(^|&)(key_value|domain)=[^&]*", "$1$2=" + DOMAIN)
                            .replaceAll("(^|&)user=[^&]*", "$1user=" + user);
                    forms.add(form.getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        return forms;
    }
}
