package org.cticamel.api;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Keeps number-aliases unique within a domain: FreeSWITCH asks {@code user=<alias>} and only one extension can
 * answer, so a PUT whose alias is another extension's alias or id, or whose id is another's alias, is a 409
 * naming the holder. One HSCAN of {@code cti_exten@<domain>}; two PUTs racing for one alias can both pass
 * (the directory then answers with one of them and logs it).
 */
public class NumberAliasCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringRedisTemplate redis;

    public NumberAliasCheck(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** {@code value}: the checked JSON about to be stored as field {@code id} of hash {@code key}. */
    public void check(String key, String id, String value) throws IOException {
        String alias = JSON.readTree(value).path("attribute").path("number-alias").asText("");
        try (Cursor<Map.Entry<Object, Object>> entries =
                redis.opsForHash().scan(key, ScanOptions.scanOptions().count(1000).build())) {
            while (entries.hasNext()) {
                Map.Entry<Object, Object> entry = entries.next();
                String other = (String) entry.getKey();
                if (other.equals(id)) {
                    continue;
                }
                String otherAlias = aliasIn((String) entry.getValue());
                if (!alias.isEmpty() && (alias.equals(otherAlias) || alias.equals(other))) {
                    throw new ApiProblem(409, "attribute.number-alias", "'" + alias + "' is already taken by extension '" + other + "'");
                }
                if (id.equals(otherAlias)) {
                    throw new ApiProblem(409, "id", "'" + id + "' is the number-alias of extension '" + other + "'");
                }
            }
        }
    }

    private static String aliasIn(String json) {
        try {
            JsonNode alias = JSON.readTree(json).path("attribute").path("number-alias");
            return alias.isValueNode() ? alias.asText() : "";
        } catch (IOException e) {
            return ""; // a malformed value serves no alias
        }
    }
}
