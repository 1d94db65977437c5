package org.cticamel.health;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.BindToRegistry;

/** The {@code healthReport} bean of routes/health.camel.yaml. */
public class HealthConfiguration implements CamelConfiguration {

    @BindToRegistry("healthReport")
    public HealthReport healthReport() {
        return new HealthReport();
    }
}
