package org.cticamel.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and validates cti.json, block and line comments allowed as in the original: an unknown key or a
 * value of the wrong type stops the start with an error naming the file and the key's path.
 */
public final class CtiConfigReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> STORE_KEYS = Set.of("hash", "channel", "list");
    private static final Set<String> CALL_KEYS = Set.of("hash", "channel", "list", "fields");
    private static final Set<String> WEBHOOK_KEYS = Set.of("url", "timeout-ms", "retries", "backoff-ms", "queue");

    private final Path file;
    private final String text;

    private CtiConfigReader(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    public static CtiConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName() + " " + e.getMessage();
            throw new IllegalArgumentException(file.toAbsolutePath() + ": cannot read cti.json (cti.config / CTI_CONFIG): " + why);
        }
        return new CtiConfigReader(file, text).parse();
    }

    private CtiConfig parse() {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw error("", "not valid JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr());
        }
        object(root, "", Set.of("gui", "webhook"));
        JsonNode gui = root.get("gui");
        if (gui == null) {
            return new CtiConfig(CtiConfig.Store.OFF, CtiConfig.Store.OFF, CtiConfig.Store.OFF, webhook(root.get("webhook")));
        }
        object(gui, "gui", Set.of("registration", "call", "gateway"));
        return new CtiConfig(store(gui, "registration", STORE_KEYS), store(gui, "call", CALL_KEYS), store(gui, "gateway", STORE_KEYS),
                webhook(root.get("webhook")));
    }

    private CtiConfig.Webhook webhook(JsonNode node) {
        if (node == null) {
            return CtiConfig.Webhook.OFF;
        }
        object(node, "webhook", WEBHOOK_KEYS);
        CtiConfig.Webhook off = CtiConfig.Webhook.OFF;
        return new CtiConfig.Webhook(url(node, "webhook.url"),
                number(node, "webhook", "timeout-ms", off.timeoutMs(), 1),
                number(node, "webhook", "retries", off.retries(), 0),
                number(node, "webhook", "backoff-ms", off.backoffMs(), 1),
                number(node, "webhook", "queue", off.queue(), 1));
    }

    /** "" (off) or an absolute http(s) URL with a host; the error never repeats the value, which may hold a password. */
    private String url(JsonNode node, String path) {
        String url = text(node, "webhook", "url");
        if (url.isEmpty()) {
            return url;
        }
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawFragment() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            throw error(path, "not a URL (" + e.getReason() + ")");
        }
        throw error(path, "must be an http:// or https:// URL with a host and no #fragment, or \"\" = off");
    }

    private int number(JsonNode node, String path, String key, int absent, int min) {
        JsonNode value = node.get(key);
        if (value == null) {
            return absent;
        }
        if (!value.isInt() || value.asInt() < min) {
            throw error(path + "." + key, "must be a whole number of at least " + min + ", not " + value);
        }
        return value.asInt();
    }

    private CtiConfig.Store store(JsonNode gui, String name, Set<String> keys) {
        JsonNode node = gui.get(name);
        if (node == null) {
            return CtiConfig.Store.OFF;
        }
        String path = "gui." + name;
        object(node, path, keys);
        return new CtiConfig.Store(text(node, path, "hash"), text(node, path, "channel"), text(node, path, "list"),
                texts(node, path, "fields"));
    }

    private JsonNode object(JsonNode node, String path, Set<String> keys) {
        if (!node.isObject()) {
            throw error(path, "must be an object, not " + node.getNodeType().name().toLowerCase());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            String key = it.next().getKey();
            if (!keys.contains(key)) {
                throw error(path.isEmpty() ? key : path + "." + key, "unknown key (allowed here: " + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
        return node;
    }

    private String text(JsonNode node, String path, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return "";
        }
        if (!value.isTextual()) {
            throw error(path + "." + key, "must be a string (\"\" = off), not " + value.getNodeType().name().toLowerCase());
        }
        return value.asText().trim();
    }

    private List<String> texts(JsonNode node, String path, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error(path + "." + key, "must be an array of strings, not " + value.getNodeType().name().toLowerCase());
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw error(path + "." + key + "[" + i + "]", "must be a string");
            }
            names.add(value.get(i).asText());
        }
        return List.copyOf(names);
    }

    private IllegalArgumentException error(String path, String problem) {
        int line = path.isEmpty() ? -1 : lineOf(path);
        return new IllegalArgumentException(file + (path.isEmpty() ? "" : ": " + path) + (line > 0 ? " (line " + line + ")" : "")
                + ": " + problem);
    }

    /** The line where the key of {@code path} (e.g. gui.call.fields[2]) is, found by a second, streaming read. */
    private int lineOf(String path) {
        String pointer = "/" + path.replace('.', '/').replace("[", "/").replace("]", "");
        try (JsonParser parser = JSON.createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return parser.currentLocation().getLineNr();
                }
            }
        } catch (IOException e) {
            // the tree was read, so the stream is too: no line then
        }
        return -1;
    }
}
