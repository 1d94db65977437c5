package org.cticamel.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The API's JSON replies from Redis hashes: {@code {"<name>": {field: value, ...}}} with each stored value as
 * the JSON it is (one that is not JSON, written by hand, comes back as a string), and pages of an HSCAN.
 */
public class ApiJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CURSOR = Pattern.compile("[0-9]{1,20}");
    private static final int DEFAULT_COUNT = 100;
    private static final int MAX_COUNT = 1000;
    /** One HSCAN step: [next cursor, [field, value, ...]]. Spring's hash scan hides the cursor, which a page needs. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> HSCAN = RedisScript.of(
            "return redis.call('HSCAN', KEYS[1], ARGV[1], 'COUNT', ARGV[2])", List.class);

    private final StringRedisTemplate redis;

    public ApiJson(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Every field of a hash, sorted by field. */
    public String entries(String name, Map<String, String> hash) {
        Map<String, JsonNode> values = new TreeMap<>();
        if (hash != null) {
            hash.forEach((field, value) -> values.put(field, parsed(value)));
        }
        return write(Map.of(name, values));
    }

    /**
     * One page of an HSCAN of {@code key} from {@code cursor} ("" or "0" = the start), about {@code count} fields
     * (Redis may return a few more or fewer): {@code {"cursor": "<next, 0 when done>", "<name>": {...}}}.
     */
    @SuppressWarnings("unchecked")
    public String page(String name, String key, String cursor, String count) {
        String from = cursor == null || cursor.isEmpty() ? "0" : cursor;
        if (!CURSOR.matcher(from).matches()) {
            throw ApiProblem.invalid("cursor", "must be the cursor of the previous reply (digits), or 0 to start");
        }
        int size = DEFAULT_COUNT;
        if (count != null && !count.isEmpty()) {
            size = count.matches("[0-9]{1,4}") ? Integer.parseInt(count) : 0;
            if (size < 1 || size > MAX_COUNT) {
                throw ApiProblem.invalid("count", "must be a whole number from 1 to " + MAX_COUNT);
            }
        }
        List<Object> step = redis.execute(HSCAN, List.of(key), from, String.valueOf(size));
        List<String> flat = (List<String>) step.get(1);
        Map<String, JsonNode> values = new TreeMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            values.put(flat.get(i), parsed(flat.get(i + 1)));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("cursor", String.valueOf(step.get(0)));
        reply.put(name, values);
        return write(reply);
    }

    private static JsonNode parsed(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(value);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
