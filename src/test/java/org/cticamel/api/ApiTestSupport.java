package org.cticamel.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.CtiTestSupport;

/** The service with the API on (CTI_API_CREDENTIALS admin:s3cret), and requests to it over real HTTP. */
abstract class ApiTestSupport extends CtiTestSupport {

    static final String CREDENTIALS = "admin:s3cret";
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    String hget(String key, String field) {
        return redisTemplate().<String, String>opsForHash().get(key, field);
    }
}
