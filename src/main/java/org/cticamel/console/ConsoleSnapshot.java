package org.cticamel.console;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.config.CtiConfig;
import org.cticamel.state.RedisStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console starts (and catches up) from: the registration, gateway and call hashes that cti.json
 * names, as one JSON object {@code {"registration": {field: document}, "gateway": {...}, "call": {...}}}.
 * Read on the stores' connection, so after every write already sent; a kind without a hash is empty.
 */
public final class ConsoleSnapshot {

    static final List<String> KINDS = List.of("registration", "gateway", "call");

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSnapshot.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CtiConfig config;
    private final Supplier<RedisStores> redis;

    public ConsoleSnapshot(CtiConfig config, Supplier<RedisStores> redis) {
        this.config = config;
        this.redis = redis;
    }

    public String json() throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            for (String kind : KINDS) {
                json.writeObjectFieldStart(kind);
                String hash = config.store(kind).hash();
                if (!hash.isEmpty()) {
                    for (Map.Entry<String, String> entry : redis.get().entries(hash).entrySet()) {
                        JsonNode document = document(hash, entry.getKey(), entry.getValue());
                        if (document != null) {
                            json.writeFieldName(entry.getKey());
                            json.writeTree(document);
                        }
                    }
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        return out.toString();
    }

    /** The stored JSON object, or null (left out, one line) when someone wrote something else there. */
    private static JsonNode document(String hash, String field, String value) {
        try {
            JsonNode document = JSON.readTree(value);
            if (document != null && document.isObject()) {
                return document;
            }
        } catch (IOException e) {
            // logged below
        }
        LOG.warn("Console: Redis {} field {} is not a JSON object, left out", hash, field);
        return null;
    }
}
