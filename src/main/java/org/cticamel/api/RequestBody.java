package org.cticamel.api;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A PUT body: a JSON object with the documented top-level keys only, each section an object whose names
 * FreeSWITCH accepts and whose values are strings, numbers or booleans, read as the strings FreeSWITCH sees
 * ({@code false} → "false", {@code 10000} → "10000"). Anything else is an {@link ApiProblem} naming the field.
 */
final class RequestBody {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** XML 1.0 has no way to carry these, so FreeSWITCH could not parse the document. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]");

    private final ObjectNode root;

    private RequestBody(ObjectNode root) {
        this.root = root;
    }

    static RequestBody parse(String body, Set<String> keys) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.invalid("body", "is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw ApiProblem.invalid("body", "must be a JSON object (keys: " + allowed(keys) + ")");
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!keys.contains(key)) {
                throw ApiProblem.invalid(key, "is not a known key (allowed: " + allowed(keys) + ")");
            }
        });
        return new RequestBody((ObjectNode) root);
    }

    private static String allowed(Set<String> keys) {
        return String.join(", ", keys.stream().sorted().toList());
    }

    /** A top-level string, or null when absent. */
    String text(String key) {
        JsonNode node = root.get(key);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiProblem.invalid(key, "must be a string");
        }
        return checked(key, node.asText());
    }

    /** One section as name → FreeSWITCH string, in the given order; empty when absent. */
    Map<String, String> section(String section, Pattern names, String namesAre) {
        JsonNode node = root.get(section);
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            throw ApiProblem.invalid(section, "must be a JSON object");
        }
        Set<String> seen = new HashSet<>();
        node.fields().forEachRemaining(member -> {
            String name = member.getKey();
            String field = section + "." + name;
            if (!names.matcher(name).matches()) {
                throw ApiProblem.invalid(field, "is not a name FreeSWITCH accepts (" + namesAre + ")");
            }
            if (!seen.add(name.toLowerCase())) {
                throw ApiProblem.invalid(field, "is given twice (FreeSWITCH compares these names ignoring case)");
            }
            out.put(name, checked(field, scalar(field, member.getValue())));
        });
        return out;
    }

    private static String scalar(String field, JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return String.valueOf(value.asBoolean());
        }
        if (value.isNumber()) {
            return value.isIntegralNumber() ? value.bigIntegerValue().toString()
                    : new BigDecimal(value.asText()).stripTrailingZeros().toPlainString();
        }
        throw ApiProblem.invalid(field, "must be a string, number or boolean");
    }

    private static String checked(String field, String value) {
        if (CONTROL.matcher(value).find()) {
            throw ApiProblem.invalid(field, "contains a control character, which FreeSWITCH's XML cannot carry");
        }
        return value;
    }
}
