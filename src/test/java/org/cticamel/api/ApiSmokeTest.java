package org.cticamel.api;

import org.junit.jupiter.api.Test;

class ApiSmokeTest extends ApiTestSupport {
    @Test
    void smoke() throws Exception {
        for (String[] c : new String[][] {
                {"PUT", "/api/domains/example.com/extensions/1001", "{\"param\": {\"password\": \"123\"}, \"attribute\": {\"number-alias\": \"myphone\"}}"},
                {"GET", "/api/domains/example.com/extensions/1001", null},
                {"GET", "/api/domains/example.com/extensions", null},
                {"PUT", "/api/domains/example.com/extensions/1002", "{\"param\": {\"password\": 123}, \"attribute\": {\"number-alias\": \"myphone\"}}"},
                {"PUT", "/api/domains/example.com/extensions/1003", "{\"param\": {}}"},
                {"PUT", "/api/domains/example.com/gateways/carrier", "{\"param\": {\"register\": false, \"proxy\": \"10.0.0.1\"}}"},
                {"GET", "/api/domains/example.com/gateways", null},
                {"DELETE", "/api/domains/example.com/gateways/carrier", null},
                {"DELETE", "/api/domains/example.com/gateways/carrier", null},
                {"GET", "/api/registrations", null},
                {"GET", "/api/openapi.json", null},
        }) {
            var r = call(c[0], c[1], c[2]);
            System.out.println("### " + c[0] + " " + c[1] + " -> " + r.statusCode() + " " + r.headers().map() + "\n" + r.body());
        }
        var r = call("GET", "/api/registrations", null, "admin:wrong");
        System.out.println("### wrong -> " + r.statusCode() + " " + r.headers().map() + "\n" + r.body());
    }
}
