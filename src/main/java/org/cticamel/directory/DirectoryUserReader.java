package org.cticamel.directory;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.cticamel.redis.SwitchTrue;
import org.cticamel.redis.HashValue;

/**
 * Reads one field of {@code cti_exten@<domain>} (JSON with {@code param}, {@code variable}, {@code attribute})
 * into a {@link DirectoryUser}, or null when it can't be served. Applies the secure default: an extension
 * without a password or a1-hash gets {@code allow-empty-password=false} unless its JSON explicitly allows it,
 * because FreeSWITCH's own default lets such a user register with no credential at all.
 * A param with an empty value means "not set" and is left out: FreeSWITCH would read {@code auth-acl=""}
 * as an ACL that matches nothing (sofia_reg.c {@code if (auth_acl)}), an empty dial-string as no dial-string.
 */
public class DirectoryUserReader {

    private static final Set<String> SECTIONS = Set.of("param", "variable", "attribute");
    /** What may stand as an XML attribute name on {@code <user>}. */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    /**
     * @param domain    the domain FreeSWITCH asked for (rendered as {@code <domain name>})
     * @param user      the user FreeSWITCH asked for: the extension, or its number-alias
     * @param key       the Redis hash read, for log lines
     * @param extension the hash field that held the value
     * @param json      the value, or null when there was none
     */
    public DirectoryUser read(@Header("key_value") String domain, @Header("user") String user, @Header("CamelRedis.Key") String key,
            @Header("CamelRedis.Field") String extension, @Body String json) {
        if (json == null || extension == null) {
            return null;
        }
        HashValue value = HashValue.parse(key, extension, json, SECTIONS);
        if (value == null) {
            return null;
        }
        Map<String, String> params = value.strings("param");
        Map<String, String> variables = value.strings("variable");
        Map<String, String> attributes = value.strings("attribute");
        if (params == null || variables == null || attributes == null) {
            return null;
        }
        if (!extension.equals(user) && !user.equals(attributes.get("number-alias"))) {
            return null; // an alias index entry that went stale before it was invalidated
        }
        params.values().removeIf(String::isEmpty);
        attributes.keySet().removeIf(name -> !isUsableAttribute(name, value));
        requireCredential(params);
        return new DirectoryUser(domain, extension, params, variables, attributes);
    }

    private static void requireCredential(Map<String, String> params) {
        boolean hasSecret = false;
        String allowEmpty = null;
        for (Map.Entry<String, String> p : params.entrySet()) {
            String name = p.getKey();
            // sofia_reg.c compares these names case-insensitively
            if (name.equalsIgnoreCase("password") || name.equalsIgnoreCase("a1-hash")) {
                hasSecret = true;
            } else if (name.equalsIgnoreCase("allow-empty-password")) {
                allowEmpty = p.getValue();
            }
        }
        if (!hasSecret && !SwitchTrue.test(allowEmpty)) {
            params.keySet().removeIf(name -> name.equalsIgnoreCase("allow-empty-password"));
            params.put("allow-empty-password", "false");
        }
    }

    private static boolean isUsableAttribute(String name, HashValue value) {
        if (name.equals("id")) {
            value.report("sets attribute 'id', which is the hash field; ignored");
            return false;
        }
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            value.report("has attribute name '" + name + "' that is not a valid XML name; ignored");
            return false;
        }
        return true;
    }
}
