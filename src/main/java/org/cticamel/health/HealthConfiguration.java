package org.cticamel.health;

import org.apache.camel.BindToRegistry;

/** The {@code healthReport} bean of routes/health.camel.yaml. */
@org.apache.camel.Configuration
public class HealthConfiguration {

    @BindToRegistry("healthReport")
    public HealthReport healthReport() {
        return new HealthReport();
    }
}
