package org.cticamel.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/** The health checks of the service (routes, consumers, the ESL connection) as one JSON document for operators. */
public final class HealthReport {

    /** Fills the reply: JSON body, HTTP 200 when every check is UP, else 503. */
    public Map<String, Object> report(Exchange exchange) {
        CamelContext context = exchange.getContext();
        List<Map<String, Object>> checks = HealthCheckHelper.invoke(context).stream().map(result -> {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", result.getCheck().getId());
            check.put("status", result.getState().name());
            result.getMessage().ifPresent(message -> check.put("message", message));
            check.put("details", result.getDetails());
            return check;
        }).toList();
        boolean up = checks.stream().allMatch(check -> HealthCheck.State.UP.name().equals(check.get("status")));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", up ? "UP" : "DOWN");
        report.put("checks", checks);
        return report;
    }
}
