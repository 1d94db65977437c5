package org.cticamel.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One field of a Redis hash whose value is a JSON object of sections ({@code param}, {@code variable}, ...),
 * each an object of scalars. Problems are logged once per key, field and value, naming the key and field
 * but never quoting the value (it may hold a password).
 */
public final class HashValue {

    private static final Logger LOG = LoggerFactory.getLogger(HashValue.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReportOnce REPORTED = new ReportOnce();

    private final String key;
    private final String field;
    private final String json;
    private final JsonNode root;

    private HashValue(String key, String field, String json, JsonNode root) {
        this.key = key;
        this.field = field;
        this.json = json;
        this.root = root;
    }

    /** The parsed value, or null (logged) when it is not a JSON object with only the given sections. */
    public static HashValue parse(String key, String field, String json, Set<String> sections) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (StreamConstraintsException e) {
            // no location: a limit (nesting deeper than 1000, a number of 1000 digits, ...) was passed
            report(key, field, json, "is beyond the JSON parser's limits (nesting depth, number or string length)");
            return null;
        } catch (JsonProcessingException e) {
            report(key, field, json, "is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
            return null;
        }
        if (root == null || !root.isObject()) {
            report(key, field, json, "is not a JSON object");
            return null;
        }
        HashValue value = new HashValue(key, field, json, root);
        root.fieldNames().forEachRemaining(name -> {
            if (!sections.contains(name)) {
                value.report("has unknown key '" + name + "' (expected " + String.join(", ", sections) + "); ignored");
            }
        });
        return value;
    }

    /** A top-level string member, or null when absent. */
    public String text(String name) {
        JsonNode node = root.get(name);
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    /**
     * The scalar members of one section as strings (JSON false becomes "false", 10000 becomes "10000");
     * objects, arrays and null are left out with a log line. Null when the section is not an object.
     */
    public Map<String, String> strings(String section) {
        JsonNode node = root.get(section);
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            report("has '" + section + "' that is not a JSON object");
            return null;
        }
        node.fields().forEachRemaining(member -> {
            JsonNode value = member.getValue();
            if (value.isValueNode() && !value.isNull()) {
                out.put(member.getKey(), value.asText());
            } else if (!value.isNull()) {
                report("has " + section + " '" + member.getKey() + "' that is not a string, number or boolean; ignored");
            }
        });
        return out;
    }

    /** Logs a problem with this value once. */
    public void report(String problem) {
        report(key, field, json, problem);
    }

    private static void report(String key, String field, String json, String problem) {
        if (REPORTED.first(key + '\0' + field + '\0' + problem + '\0' + json.hashCode())) {
            LOG.warn("Redis {} field '{}' {}", key, field, problem);
        }
    }
}
