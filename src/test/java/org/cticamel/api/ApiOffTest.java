package org.cticamel.api;

import java.net.http.HttpResponse;
import java.util.Properties;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without CTI_API_CREDENTIALS the API is off: none of its routes runs, no path answers, /fs/xml is unaffected. */
class ApiOffTest extends ApiTestSupport {

    @Override
    protected Properties extraProperties() {
        Properties properties = super.extraProperties();
        properties.put("cti.api.credentials", "");
        return properties;
    }

    @Test
    void no_api_route_is_started_and_every_api_path_is_404() throws Exception {
        assertFalse(context.getRoutes().stream().filter(route -> route.getRouteId().startsWith("api-")).toList().isEmpty());
        context.getRoutes().stream().filter(route -> route.getRouteId().startsWith("api-")).forEach(route ->
                assertEquals(ServiceStatus.Stopped, context.getRouteController().getRouteStatus(route.getRouteId()), route.getRouteId()));
        for (String path : new String[] {"/api/openapi.json", "/api/registrations", "/api/domains/example.com/extensions/1001"}) {
            HttpResponse<String> response = call("GET", path, null, CREDENTIALS);
            assertEquals(404, response.statusCode(), path);
        }
        assertEquals(404, call("PUT", "/api/domains/example.com/extensions/1001", "{\"param\": {\"password\": \"1\"}}").statusCode());
        assertFalse(redisTemplate().hasKey("cti_exten@example.com"));
        assertTrue(isNotFound(postForXml(body("sip_auth-REGISTER"))), "the rest of the service runs");
    }
}
