package org.cticamel.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.directory.NumberAliases;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Keeps number-aliases unique within a domain: FreeSWITCH asks {@code user=<alias>} and only one extension can
 * answer, so a PUT whose alias is another extension's alias or id, or whose id is another's alias, is a 409
 * naming the holder. A few reads, whatever the size of the directory: the alias index names the holder
 * ({@link NumberAliases}), whose value is read again to be sure. An alias written past the API (redis-cli) is in
 * the index after its pass, and two PUTs racing for one alias can both pass: the directory then answers with one
 * of them and logs it.
 */
public class NumberAliasCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringRedisTemplate redis;
    private final NumberAliases aliases;

    public NumberAliasCheck(StringRedisTemplate redis, NumberAliases aliases) {
        this.redis = redis;
        this.aliases = aliases;
    }

    /** {@code value}: the checked JSON about to be stored as field {@code id} of hash {@code key}. */
    public void check(String key, String id, String value) throws IOException {
        String alias = JSON.readTree(value).path("attribute").path("number-alias").asText("");
        if (!alias.isEmpty() && !alias.equals(id)) {
            String holder = redis.opsForHash().hasKey(key, alias) ? alias : holding(key, alias, id);
            if (holder != null) {
                throw new ApiProblem(409, "attribute.number-alias", "'" + alias + "' is already taken by extension '" + holder + "'");
            }
        }
        String holder = holding(key, id, id);
        if (holder != null) {
            throw new ApiProblem(409, "id", "'" + id + "' is the number-alias of extension '" + holder + "'");
        }
    }

    /** The extension other than {@code id} whose value holds {@code alias} now, as the index names it; or null. */
    private String holding(String key, String alias, String id) {
        String holder = aliases.holder(key, alias);
        if (holder == null || holder.equals(id)) {
            return null;
        }
        return alias.equals(aliasIn((String) redis.opsForHash().get(key, holder))) ? holder : null;
    }

    private static String aliasIn(String json) {
        if (json == null) {
            return "";
        }
        try {
            JsonNode alias = JSON.readTree(json).path("attribute").path("number-alias");
            return alias.isValueNode() ? alias.asText() : "";
        } catch (IOException e) {
            return ""; // a malformed value serves no alias
        }
    }
}
