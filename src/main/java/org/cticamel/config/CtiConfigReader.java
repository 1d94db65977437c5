package org.cticamel.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Set<String> FREESWITCH_KEYS = Set.of("name", "host", "port", "password");
    /** A box name: it names an esl: endpoint, a route and a health check. */
    private static final Pattern BOX_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** A password given as a reference to an environment variable, so that cti.json holds no secret. */
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

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
        object(root, "", Set.of("gui", "webhook", "freeswitch"));
        List<CtiConfig.Freeswitch> boxes = freeswitch(root.get("freeswitch"));
        JsonNode gui = root.get("gui");
        if (gui == null) {
            return new CtiConfig(CtiConfig.Store.OFF, CtiConfig.Store.OFF, CtiConfig.Store.OFF, webhook(root.get("webhook")), boxes);
        }
        object(gui, "gui", Set.of("registration", "call", "gateway"));
        return new CtiConfig(store(gui, "registration", STORE_KEYS), store(gui, "call", CALL_KEYS), store(gui, "gateway", STORE_KEYS),
                webhook(root.get("webhook")), boxes);
    }

    private List<CtiConfig.Freeswitch> freeswitch(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("freeswitch", "must be an array of {name, host, port, password}, not " + node.getNodeType().name().toLowerCase());
        }
        List<CtiConfig.Freeswitch> boxes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "freeswitch[" + i + "]";
            JsonNode box = object(node.get(i), path, FREESWITCH_KEYS);
            String name = text(box, path, "name");
            if (!BOX_NAME.matcher(name).matches()) {
                throw error(path + ".name", "must be 1 to 64 letters, digits, _ or -");
            }
            if (!names.add(name)) {
                throw error(path + ".name", "names a box named before");
            }
            String host = text(box, path, "host");
            if (host.isEmpty() || !host.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
                throw error(path + ".host", "must be a host name or IP address");
            }
            int port = number(box, path, "port", 8021, 1);
            if (port > 65535) {
                throw error(path + ".port", "must be at most 65535");
            }
            boxes.add(new CtiConfig.Freeswitch(name, host, port, password(box, path)));
        }
        return List.copyOf(boxes);
    }

    /** As written, or from the environment for {@code "${env:NAME}"}; the error never repeats the value. */
    private String password(JsonNode box, String path) {
        JsonNode value = box.get("password");
        if (value == null) {
            return "ClueCon"; // event_socket.conf's default, as CTI_ESL_PASSWORD's
        }
        String password = text(box, path, "password");
        Matcher env = ENV.matcher(password);
        if (env.matches()) {
            password = System.getenv(env.group(1));
            if (password == null) {
                throw error(path + ".password", "environment variable " + env.group(1) + " is not set");
            }
        }
        if (password.isEmpty() || password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            throw error(path + ".password", "must not be empty nor hold a line break");
        }
        return password;
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
