package org.cticamel;

import java.util.List;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.cticamel.directory.DirectoryConfiguration;
import org.cticamel.health.HealthConfiguration;
import org.cticamel.metrics.MetricsConfiguration;
import org.cticamel.redis.RedisConfiguration;
import org.cticamel.sofia.SofiaConfiguration;
import org.cticamel.state.StateConfiguration;

/** Starts cti-camel: camel-main with the routes in ./routes and the beans of {@link #configurations()}. */
public final class CtiApplication {

    /**
     * The bean configurations, bound in this order: one may use the beans of those before it (most need
     * Redis). Listed rather than found by a package scan, whose order follows the classpath and can change
     * from one build to the next; handed over as plain instances, which camel-main post-processes once
     * (a class it instantiates itself gets its beans bound twice).
     */
    public static List<CamelConfiguration> configurations() {
        return List.of(new MetricsConfiguration(), new RedisConfiguration(), new TemplatesConfiguration(), new DirectoryConfiguration(),
                new SofiaConfiguration(), new StateConfiguration(), new HealthConfiguration());
    }

    private CtiApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        configurations().forEach(main.configure()::addConfiguration);
        System.exit(main.run(args));
    }
}
