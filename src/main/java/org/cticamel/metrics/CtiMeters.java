package org.cticamel.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters that routes add to with a step {@code to: micrometer:counter:<name>?tags=...}, and Java beans
 * through this class. Registered up front, so they are scraped at 0 before the first increment. Every
 * micrometer: endpoint tags its meters with {@code camelContext}; these carry it too, or a route step and
 * a bean would make two series of one name.
 */
public final class CtiMeters {

    /** Updates the webhook sink dropped (queue full) or gave up on: {@code to: micrometer:counter:cti.webhook.dropped}. */
    public static final String WEBHOOK_DROPPED = "cti.webhook.dropped";
    /** Failed Redis commands by source: lookup (xml_curl answers), sink (state writes to the stores; the tag value stays "sink"). */
    public static final String REDIS_ERRORS = "cti.redis.errors";

    private final MeterRegistry registry;
    private final String camelContext;

    CtiMeters(MeterRegistry registry, String camelContext) {
        this.registry = registry;
        this.camelContext = camelContext;
        Counter.builder(WEBHOOK_DROPPED).tag("camelContext", camelContext)
                .description("Updates the webhook sink dropped (queue full) or gave up on").register(registry);
        redisErrors("lookup");
    }

    public Counter redisErrors(String source) {
        return Counter.builder(REDIS_ERRORS).tag("camelContext", camelContext).tag("source", source)
                .description("Redis commands that failed or timed out").register(registry);
    }
}
