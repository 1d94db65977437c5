package org.cticamel.api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.CtiTestSupport;

/** The service with the API on (CTI_API_CREDENTIALS admin:s3cret), and requests to it over real HTTP. */
abstract class ApiTestSupport extends CtiTestSupport {

    static final String CREDENTIALS = "admin:s3cret";
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected Properties extraProperties() {
        Properties properties = super.extraProperties();
        properties.put("cti.api.credentials", CREDENTIALS);
        return properties;
    }

    HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, CREDENTIALS);
    }

    HttpResponse<String> call(String method, String path, String body, String credentials) throws IOException, InterruptedException {
        return new ApiClient(httpPort).call(method, path, body, credentials);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    String hget(String key, String field) {
        return redisTemplate().<String, String>opsForHash().get(key, field);
    }
}
