package org.cticamel;

import java.util.List;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.cticamel.api.ApiConfiguration;
import org.cticamel.config.CtiConfigConfiguration;
import org.cticamel.config.RootMessage;
import org.cticamel.console.ConsoleConfiguration;
import org.cticamel.directory.DirectoryConfiguration;
import org.cticamel.health.HealthConfiguration;
import org.cticamel.metrics.MetricsConfiguration;
import org.cticamel.redis.RedisConfiguration;
import org.cticamel.sink.SinkConfiguration;
import org.cticamel.sofia.SofiaConfiguration;
import org.cticamel.state.StateConfiguration;
import org.cticamel.xmlcurl.HttpPortCheck;
import org.cticamel.xmlcurl.TemplatesConfiguration;
import org.cticamel.xmlcurl.XmlCurlConfiguration;
import org.slf4j.LoggerFactory;

/** Starts cti-camel: camel-main with the routes in ./routes and the beans of {@link #configurations()}. */
public final class CtiApplication {

    /**
     * The bean configurations, bound in this order: one may @BeanInject the beans of those before it (most need
     * Redis), never its own, as Camel binds one class's methods in no fixed order (BeanBindingOrderTest).
     * Listed rather than found by a package scan, whose order follows the classpath and can change from one
     * build to the next; handed over as plain instances, which camel-main post-processes once (a class it
     * instantiates itself gets its beans bound twice).
     */
    public static List<CamelConfiguration> configurations() {
        return List.of(new MetricsConfiguration(), new RedisConfiguration(), new TemplatesConfiguration(), new XmlCurlConfiguration(),
                new CtiConfigConfiguration(), new StateConfiguration(), new DirectoryConfiguration(), new SofiaConfiguration(),
                new SinkConfiguration(), new HealthConfiguration(), new ApiConfiguration(), new ConsoleConfiguration());
    }

    private CtiApplication() {
    }

    /** A start-up problem (cti.json, HTTP port, ...) is one log line and exit status 1, not a stack trace. */
    public static void main(String[] args) {
        Main main = new Main();
        configurations().forEach(main.configure()::addConfiguration);
        main.addMainListener(new HttpPortCheck());
        int status;
        try {
            status = main.run(args);
        } catch (Exception e) {
            LoggerFactory.getLogger(CtiApplication.class).error("Not started: {}", RootMessage.of(e));
            status = 1;
        }
        System.exit(status);
    }
}
