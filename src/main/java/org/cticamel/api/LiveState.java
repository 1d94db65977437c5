package org.cticamel.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.config.CtiConfig;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The live state the event routes keep in the hashes cti.json names (registrations, gateway states, call
 * documents), filtered by {@code domain}, {@code user} and {@code node} (FreeSWITCH-Switchname), each optional.
 * What they match per kind is in docs/api.md: a registration carries its user and domain; a gateway state and a
 * call document are of a domain when the gateway / extension is provisioned in it.
 */
public class LiveState {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODE = "FreeSWITCH-Switchname";

    private final CtiConfig config;
    private final StringRedisTemplate redis;

    public LiveState(CtiConfig config, StringRedisTemplate redis) {
        this.config = config;
        this.redis = redis;
    }

    /** The hash of a kind (registration, gateway, call); 404 when cti.json turns it off. */
    public String hash(String kind) {
        String hash = config.store(kind).hash();
        if (hash.isEmpty()) {
            throw new ApiProblem(404, null, "cti.json gui." + kind + ".hash is \"\": this state is not kept");
        }
        return hash;
    }

    /** The entries of a kind's hash that match every filter given. */
    public Map<String, String> filter(String kind, Map<String, String> hash, String domain, String user, String node) {
        Set<String> provisioned = domain == null || domain.isEmpty() || kind.equals("registration") ? null
                : redis.<String, String>opsForHash().keys((kind.equals("gateway") ? Gateways.key(domain) : Extensions.key(domain)));
        Map<String, String> out = new LinkedHashMap<>();
        hash.forEach((field, json) -> {
            JsonNode value = parsed(json);
            if (matches(kind, field, value, blankIsNull(domain), blankIsNull(user), blankIsNull(node), provisioned)) {
                out.put(field, json);
            }
        });
        return out;
    }

    private static boolean matches(String kind, String field, JsonNode value, String domain, String user, String node,
            Set<String> provisioned) {
        int at = field.indexOf('@');
        String fieldUser = at < 0 ? field : field.substring(0, at);
        if (kind.equals("registration")) {
            return (user == null || user.equals(text(value, "from-user", fieldUser)))
                    && (domain == null || domain.equals(text(value, "from-host", at < 0 ? text(value, "realm", null) : field.substring(at + 1))))
                    && (node == null || node.equals(text(value, NODE, null)));
        }
        if ((user != null && !user.equals(fieldUser)) || (provisioned != null && !provisioned.contains(fieldUser))) {
            return false;
        }
        if (node == null) {
            return true;
        }
        if (kind.equals("gateway")) {
            return node.equals(text(value, NODE, null));
        }
        // a call document: one object per call, each with the node it is on
        for (JsonNode call : value) {
            if (call.isObject() && node.equals(text(call, NODE, null))) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode value, String name, String otherwise) {
        JsonNode node = value.get(name);
        return node != null && node.isValueNode() ? node.asText() : otherwise;
    }

    private static String blankIsNull(String filter) {
        return filter == null || filter.isEmpty() ? null : filter;
    }

    private static JsonNode parsed(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject() ? node : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
