package org.cticamel;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.DefaultCamelBeanPostProcessor;
import org.apache.camel.support.PluginHelper;
import org.cticamel.redis.EmbeddedRedis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The configurations bound as camel-main binds them (in order, fields first) against a real context and Redis,
 * but each class's @BindToRegistry methods by name, once A to Z and once Z to A, where Camel's own order
 * follows the JVM's: a bean that needs another of its own class bound first is bound before it in one of
 * the two and fails there with NoSuchBean.
 */
class MethodOrderBindingTest {

    @ParameterizedTest(name = "Z to A: {0}")
    @ValueSource(booleans = {false, true})
    void every_configuration_binds_whatever_the_order_of_its_methods(boolean zToA) throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.start(0);
        try (CamelContext context = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.put("cti.redis.url", redis.url());
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            context.getPropertiesComponent().setOverrideProperties(properties);
            context.getRegistry().bind("metricsRegistry", new SimpleMeterRegistry()); // camel-main's, before any configuration
            DefaultCamelBeanPostProcessor byName = new MethodsByName(context, zToA);
            List<String> names = new ArrayList<>();
            for (CamelConfiguration configuration : CtiApplication.configurations()) {
                byName.postProcessBeforeInitialization(configuration, configuration.getClass().getName());
                for (Method method : configuration.getClass().getDeclaredMethods()) {
                    if (method.isAnnotationPresent(BindToRegistry.class)) {
                        names.add(method.getAnnotation(BindToRegistry.class).value());
                    }
                }
            }
            names.forEach(name -> assertNotNull(context.getRegistry().lookupByName(name), name));
            assertSame(context.getRegistry().lookupByName("redisConnectionFactory"),
                    context.getRegistry().lookupByNameAndType("redisTemplate", StringRedisTemplate.class).getConnectionFactory(),
                    "one connection, however the beans were bound");
        } finally {
            redis.stop();
        }
    }

    /** Binds a class's @BindToRegistry methods (those of the pass Camel is in) in the order of their names. */
    private static final class MethodsByName extends DefaultCamelBeanPostProcessor {

        private final boolean zToA;

        MethodsByName(CamelContext context, boolean zToA) {
            super(context);
            this.zToA = zToA;
        }

        @Override
        protected void injectBindToRegistryMethods(Object bean, String beanName, Function<Class<?>, Boolean> accept) {
            List<Method> methods = new ArrayList<>();
            for (Method method : bean.getClass().getDeclaredMethods()) {
                if (method.isAnnotationPresent(BindToRegistry.class) && accept.apply(method.getReturnType())) {
                    methods.add(method);
                }
            }
            methods.sort(Comparator.comparing(Method::getName));
            if (zToA) {
                Collections.reverse(methods);
            }
            for (Method method : methods) {
                BindToRegistry bind = method.getAnnotation(BindToRegistry.class);
                Object value = getPostProcessorHelper().getInjectionBeanMethodValue(camelContext, method, bean, beanName, "BindToRegistry");
                PluginHelper.getDependencyInjectionAnnotationFactory(camelContext).createBindToRegistryFactory(bind.value(), value,
                        method.getReturnType(), beanName, false, bind.initMethod(), bind.destroyMethod()).run();
            }
        }
    }
}
