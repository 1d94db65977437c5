package org.cticamel.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.redis.SwitchTrue;

/**
 * The extension a PUT asks to store in {@code cti_exten@<domain>}: checked field by field, and written back as
 * the JSON the directory route renders unchanged (every value a string). Secure by default: no password or
 * a1-hash only with {@code allow-empty-password} true. With store {@code a1-hash} the password is replaced by
 * {@code md5(<id>:<domain>:<password>)}, the HA1 FreeSWITCH checks a digest against, so no plaintext is stored.
 */
public class Extensions {

    public static final String KEY = "cti_exten@";
    static final String PASSWORD = "password";
    static final String A1_HASH = "a1-hash";
    private static final Set<String> KEYS = Set.of("param", "variable", "attribute");
    private static final Set<String> STORES = Set.of(PASSWORD, A1_HASH);
    /** A SIP user part: what FreeSWITCH asks for as user=<id>. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9+_.-]{1,64}");
    /** A SIP domain: a host name or an IPv4 address. */
    static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final String NAME_IS = "letters, digits, _ . -";
    /** What may stand as an XML attribute name on {@code <user>}. */
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String defaultStore;

    /** {@code defaultStore}: what a PUT without {@code ?store=} keeps, password or a1-hash (cti.api.extension-store). */
    public Extensions(String defaultStore) {
        if (!STORES.contains(defaultStore)) {
            throw new IllegalArgumentException("cti.api.extension-store must be password or a1-hash, not " + defaultStore);
        }
        this.defaultStore = defaultStore;
    }

    /** The Redis key of a domain's extensions, once the domain is checked. */
    public static String key(String domain) {
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw ApiProblem.invalid("domain", "is not a SIP domain (a host name or an IPv4 address)");
        }
        return KEY + domain;
    }

    /** The id, once checked. */
    public static String id(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiProblem.invalid("id", "is not an extension FreeSWITCH can be asked for (1-64 letters, digits or + _ . -)");
        }
        return id;
    }

    /** The value to HSET for a PUT body; {@code store} is the request's {@code ?store=} (null = the default). */
    public String value(String domain, String id, String body, String store) {
        key(domain);
        id(id);
        String keep = store == null || store.isEmpty() ? defaultStore : store;
        if (!STORES.contains(keep)) {
            throw ApiProblem.invalid("store", "must be password or a1-hash");
        }
        RequestBody request = RequestBody.parse(body, KEYS);
        Map<String, String> params = request.section("param", NAME, NAME_IS);
        Map<String, String> variables = request.section("variable", NAME, NAME_IS);
        Map<String, String> attributes = request.section("attribute", ATTRIBUTE, "an XML name: a letter or _, then letters, digits, _ . -");
        if (attributes.containsKey("id")) {
            throw ApiProblem.invalid("attribute.id", "is the extension itself (the path's id)");
        }
        ParamTypes.check("param", params, ParamTypes.EXTENSION_PARAMS);
        ParamTypes.check("attribute", attributes, ParamTypes.EXTENSION_ATTRIBUTES);
        String password = named(params, PASSWORD);
        String a1Hash = named(params, A1_HASH);
        if (!password.isEmpty() && !a1Hash.isEmpty()) {
            throw ApiProblem.invalid("param.a1-hash", "is given with a password: give one of them");
        }
        if (password.isEmpty() && a1Hash.isEmpty() && !SwitchTrue.test(named(params, "allow-empty-password"))) {
            throw ApiProblem.invalid("param.password", "is required (or a1-hash); an extension without either registers "
                    + "with no credential, so it needs \"allow-empty-password\": true");
        }
        if (keep.equals(A1_HASH) && !password.isEmpty()) {
            params = a1Hash(params, id, domain, password);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("param", params);
        value.put("variable", variables);
        value.put("attribute", attributes);
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The password param replaced, in its place, by the a1-hash. */
    private static Map<String, String> a1Hash(Map<String, String> params, String id, String domain, String password) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (name.equalsIgnoreCase(PASSWORD)) {
                out.put(A1_HASH, md5(id + ":" + domain + ":" + password));
            } else {
                out.put(name, value);
            }
        });
        return out;
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A param by name, compared as sofia_reg.c does (ignoring case); "" when absent. */
    private static String named(Map<String, String> params, String name) {
        return params.entrySet().stream().filter(p -> p.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse("");
    }
}
