package org.cticamel.directory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one field of {@code cti_exten@<domain>} (JSON with {@code param}, {@code variable}, {@code attribute})
 * into a {@link DirectoryUser}, or null when it can't be served. Applies the secure default: an extension
 * without a password or a1-hash gets {@code allow-empty-password=false} unless its JSON explicitly allows it,
 * because FreeSWITCH's own default lets such a user register with no credential at all.
 * A param with an empty value means "not set" and is left out: FreeSWITCH would read {@code auth-acl=""}
 * as an ACL that matches nothing (sofia_reg.c {@code if (auth_acl)}), an empty dial-string as no dial-string.
 */
public class DirectoryUserReader {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryUserReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SECTIONS = Set.of("param", "variable", "attribute");
    /** What may stand as an XML attribute name on {@code <user>}. */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** Values FreeSWITCH's switch_true() reads as true. */
    private static final Set<String> SWITCH_TRUE = Set.of("true", "yes", "on", "t", "enabled", "active", "allow");

    private final ReportOnce reported = new ReportOnce();

    /**
     * @param domain    the domain FreeSWITCH asked for (rendered as {@code <domain name>})
     * @param user      the user FreeSWITCH asked for: the extension, or its number-alias
     * @param key       the Redis hash read, for log lines
     * @param extension the hash field that held the value
     * @param json      the value, or null when there was none
     */
    public DirectoryUser read(String domain, String user, String key, String extension, String json) {
        if (json == null || extension == null) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // the location, not Jackson's message: that quotes the text, which may be a password
            report(key, extension, json, "is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
            return null;
        }
        if (root == null || !root.isObject()) {
            report(key, extension, json, "is not a JSON object");
            return null;
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!SECTIONS.contains(name)) {
                report(key, extension, json, "has unknown key '" + name + "' (expected param, variable, attribute); ignored");
            }
        });
        Map<String, String> params = strings(root, "param", key, extension, json);
        Map<String, String> variables = strings(root, "variable", key, extension, json);
        Map<String, String> attributes = strings(root, "attribute", key, extension, json);
        if (params == null || variables == null || attributes == null) {
            return null;
        }
        params.values().removeIf(String::isEmpty);
        if (!extension.equals(user) && !user.equals(attributes.get("number-alias"))) {
            return null; // an alias index entry that went stale before it was invalidated
        }
        attributes.keySet().removeIf(name -> !isUsableAttribute(name, key, extension, json));
        requireCredential(params);
        return new DirectoryUser(domain, extension, params, variables, attributes);
    }

    private static void requireCredential(Map<String, String> params) {
        boolean hasSecret = false;
        String allowEmpty = null;
        for (Map.Entry<String, String> p : params.entrySet()) {
            String name = p.getKey();
            // sofia_reg.c compares these names case-insensitively
            if ((name.equalsIgnoreCase("password") || name.equalsIgnoreCase("a1-hash")) && !p.getValue().isEmpty()) {
                hasSecret = true;
            } else if (name.equalsIgnoreCase("allow-empty-password")) {
                allowEmpty = p.getValue();
            }
        }
        if (!hasSecret && !switchTrue(allowEmpty)) {
            params.keySet().removeIf(name -> name.equalsIgnoreCase("allow-empty-password"));
            params.put("allow-empty-password", "false");
        }
    }

    private boolean isUsableAttribute(String name, String key, String extension, String json) {
        if (name.equals("id")) {
            report(key, extension, json, "sets attribute 'id', which is the hash field; ignored");
            return false;
        }
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            report(key, extension, json, "has attribute name '" + name + "' that is not a valid XML name; ignored");
            return false;
        }
        return true;
    }

    /** The scalar members of one section as strings (JSON false becomes "false"); null if the section is malformed. */
    private Map<String, String> strings(JsonNode root, String section, String key, String extension, String json) {
        JsonNode node = root.get(section);
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            report(key, extension, json, "has '" + section + "' that is not a JSON object");
            return null;
        }
        node.fields().forEachRemaining(member -> {
            JsonNode value = member.getValue();
            if (value.isValueNode() && !value.isNull()) {
                out.put(member.getKey(), value.asText());
            } else if (!value.isNull()) {
                report(key, extension, json, "has " + section + " '" + member.getKey() + "' that is not a string, number or boolean; ignored");
            }
        });
        return out;
    }

    private static boolean switchTrue(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase();
        return SWITCH_TRUE.contains(v) || v.matches("-?[0-9]+") && !v.matches("-?0+");
    }

    private void report(String key, String extension, String json, String problem) {
        if (reported.first(key + '\0' + extension + '\0' + problem + '\0' + json.hashCode())) {
            LOG.warn("Redis {} field '{}' {}", key, extension, problem);
        }
    }
}
