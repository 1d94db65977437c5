package org.cticamel.xmlcurl;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Route policy of routes/xml-curl.camel.yaml: times each mod_xml_curl request into timer
 * {@code cti.xml_curl.requests} (Prometheus {@code cti_xml_curl_requests_seconds}) by section (directory,
 * configuration, other) and result (found, not_found, error). One Timer.Sample per request, the timers
 * made once: nothing is looked up or allocated per request beyond the sample.
 */
public final class XmlCurlMetrics extends RoutePolicySupport {

    /** Set by route not-found: the answer told FreeSWITCH "not found". */
    private static final String NOT_FOUND = "xmlCurlNotFound";

    private static final String SAMPLE = "cti.xmlCurlSample";
    private static final String[] SECTIONS = {"directory", "configuration", "other"};
    private static final String[] RESULTS = {"found", "not_found", "error"};
    /** FreeSWITCH waits for us: buckets from a fraction of a millisecond up to mod_xml_curl timeouts of seconds. */
    private static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final Timer[][] timers = new Timer[SECTIONS.length][RESULTS.length];

    XmlCurlMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (int s = 0; s < SECTIONS.length; s++) {
            for (int r = 0; r < RESULTS.length; r++) {
                timers[s][r] = Timer.builder("cti.xml_curl.requests")
                        .description("mod_xml_curl requests answered, by section and result")
                        .tag("section", SECTIONS[s]).tag("result", RESULTS[r])
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry);
            }
        }
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        exchange.setProperty(SAMPLE, Timer.start(registry));
    }

    /** The start-up warm-up's lookups (domain warm-up.invalid, {@link XmlCurlWarmUp}) are not FreeSWITCH's: not counted. */
    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (exchange.getProperty(SAMPLE) instanceof Timer.Sample sample
                && !XmlCurlWarmUp.DOMAIN.equals(exchange.getMessage().getHeader("key_value"))) {
            sample.stop(timers[section(exchange.getMessage().getHeader("section"))][result(exchange)]);
        }
    }

    private static int section(Object section) {
        return "directory".equals(section) ? 0 : "configuration".equals(section) ? 1 : 2;
    }

    private static int result(Exchange exchange) {
        if (exchange.getException() != null || exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT) != null) {
            return 2;
        }
        return exchange.getVariable(NOT_FOUND) != null ? 1 : 0;
    }
}
