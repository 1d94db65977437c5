package org.cticamel.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The service's meters, in the registry that camel-micrometer-prometheus binds as {@code metricsRegistry}
 * (camel.metrics.enabled, before any configuration) and scrapes on GET /observe/metrics. Bound first: the
 * Redis stores count their failed writes here.
 */
public class MetricsConfiguration implements CamelConfiguration {

    @BindToRegistry("ctiMeters")
    public CtiMeters ctiMeters(@BeanInject("metricsRegistry") MeterRegistry registry, CamelContext context) {
        return new CtiMeters(registry, context.getName());
    }
}
