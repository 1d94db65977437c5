package org.cticamel;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Camel binds the @BindToRegistry methods of one configuration class in an order of its own (no-parameter
 * methods first, the rest roughly, then in the JVM's getDeclaredMethods() order, which is not fixed), so a
 * bean may only @BeanInject what an earlier configuration of {@link CtiApplication#configurations()} or
 * camel-main bound; a class passes its own beans to each other by hand.
 */
class BeanBindingOrderTest {

    /** Bound by camel-main before any configuration: camel-micrometer-prometheus's registry (camel.metrics.enabled). */
    private static final Set<String> CAMEL_BEANS = Set.of("metricsRegistry");

    @Test
    void everyInjectedBeanIsBoundByAnEarlierConfiguration() {
        Set<String> bound = new HashSet<>(CAMEL_BEANS);
        List<String> problems = new ArrayList<>();
        for (CamelConfiguration configuration : CtiApplication.configurations()) {
            Class<?> type = configuration.getClass();
            for (Field field : type.getDeclaredFields()) {
                check(field.getAnnotation(BeanInject.class), type.getSimpleName() + "." + field.getName(), bound, problems);
            }
            Set<String> own = new HashSet<>();
            for (Method method : type.getDeclaredMethods()) {
                BindToRegistry bind = method.getAnnotation(BindToRegistry.class);
                if (bind == null) {
                    continue;
                }
                own.add(bind.value().isEmpty() ? method.getName() : bind.value());
                for (Parameter parameter : method.getParameters()) {
                    check(parameter.getAnnotation(BeanInject.class), type.getSimpleName() + "." + method.getName() + "()", bound, problems);
                }
            }
            bound.addAll(own);
        }
        assertEquals(List.of(), problems);
    }

    private static void check(BeanInject inject, String where, Set<String> bound, List<String> problems) {
        if (inject != null && !bound.contains(inject.value())) {
            problems.add(where + " injects '" + inject.value() + "', which no earlier configuration binds");
        }
    }
}
