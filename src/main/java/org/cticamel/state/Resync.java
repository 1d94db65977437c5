package org.cticamel.state;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.cticamel.config.CtiConfig;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * After every (re)connect, events missed while disconnected are made good: what FreeSWITCH reports now is
 * compared with what a hash holds <em>for that FreeSWITCH</em> (FreeSWITCH-Switchname in the stored JSON),
 * and the updates that make them agree are returned. Entries of other nodes are never touched.
 */
public final class Resync {

    /** The Event-Subclass of the JSON that a resync (not an event) wrote or published. */
    public static final String SUBCLASS = "cti::resync";

    private final CtiConfig config;
    private final Supplier<RedisStores> redis;
    private final EventUpdates updates;

    public Resync(CtiConfig config, Supplier<RedisStores> redis, EventUpdates updates) {
        this.config = config;
        this.redis = redis;
        this.updates = updates;
    }

    /** From {@code show registrations as json} (rows of reg_user, realm, token, url, expires, network_*, hostname). */
    public List<CtiUpdate> registrations(String output, String node, String coreUuid) {
        if (config.registration().hash().isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, Object>> live = new LinkedHashMap<>();
        for (JsonNode row : json(output, "show registrations as json").path("rows")) {
            Map<String, Object> doc = doc(node, coreUuid, CtiUpdate.SET);
            doc.put("from-user", row.path("reg_user").asText());
            doc.put("from-host", row.path("realm").asText());
            doc.put("call-id", row.path("token").asText());
            doc.put("contact", row.path("url").asText());
            doc.put("expires", row.path("expires").asText());
            doc.put("network-ip", row.path("network_ip").asText());
            doc.put("network-port", row.path("network_port").asText());
            doc.put("network-proto", row.path("network_proto").asText());
            live.put(updates.field(row.path("reg_user").asText(), row.path("realm").asText()), doc);
        }
        Map<String, String> stored = stored(config.registration().hash());
        List<CtiUpdate> result = new ArrayList<>();
        live.forEach((field, doc) -> {
            // missing, last written by another node, or by an earlier registration (its events lost, e.g. in a Redis failover)
            boolean same = node.equals(nodeOf(stored.get(field)))
                    && doc.get("call-id").equals(storedJson(stored.get(field)).path("call-id").asText());
            if (!same) {
                result.add(new CtiUpdate("registration", CtiUpdate.SET, field, Json.write(doc), node));
            }
        });
        removeStale(stored, live.keySet(), "registration", "from-user", node, coreUuid, result);
        return result;
    }

    /** From {@code sofia xmlstatus}: profiles, each followed by its gateways (name, data, state). */
    public List<CtiUpdate> gateways(String output, String node, String coreUuid) {
        Map<String, Map<String, Object>> live = new LinkedHashMap<>();
        String profile = "";
        for (Node child = xml(output).getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals("profile")) {
                profile = text(element, "name");
            } else if (child instanceof Element element && element.getTagName().equals("gateway")) {
                Map<String, Object> doc = doc(node, coreUuid, CtiUpdate.SET);
                doc.put("Gateway", text(element, "name"));
                doc.put("profile-name", profile);
                doc.put("State", text(element, "state"));
                doc.put("register-to", text(element, "data"));
                live.put(text(element, "name"), doc);
                updates.rememberProfile(text(element, "name"), profile);
            }
        }
        if (config.gateway().hash().isEmpty()) {
            return List.of();
        }
        Map<String, String> stored = stored(config.gateway().hash());
        List<CtiUpdate> result = new ArrayList<>();
        live.forEach((name, doc) -> {
            JsonNode old = storedJson(stored.get(name));
            boolean same = node.equals(nodeOf(stored.get(name))) && doc.get("State").equals(old.path("State").asText())
                    && doc.get("profile-name").equals(old.path("profile-name").asText());
            if (!same) {
                result.add(new CtiUpdate("gateway", CtiUpdate.SET, name, Json.write(doc), node));
            }
        });
        removeStale(stored, live.keySet(), "gateway", "Gateway", node, coreUuid, result);
        return result;
    }

    private void removeStale(Map<String, String> stored, java.util.Set<String> live, String kind, String nameKey,
            String node, String coreUuid, List<CtiUpdate> result) {
        stored.forEach((field, value) -> {
            if (!live.contains(field) && node.equals(nodeOf(value))) {
                Map<String, Object> doc = doc(node, coreUuid, CtiUpdate.REMOVE);
                doc.put(nameKey, field);
                result.add(new CtiUpdate(kind, CtiUpdate.REMOVE, field, Json.write(doc), node));
            }
        });
    }

    private static Map<String, Object> doc(String node, String coreUuid, String action) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Event-Name", "CUSTOM");
        doc.put("Event-Subclass", SUBCLASS);
        doc.put("cti-action", action);
        doc.put("Core-UUID", coreUuid);
        doc.put(EventUpdates.NODE, node);
        return doc;
    }

    private Map<String, String> stored(String hash) {
        return redis.get().entries(hash);
    }

    private static String nodeOf(String storedValue) {
        return storedJson(storedValue).path(EventUpdates.NODE).asText(null);
    }

    private static JsonNode storedJson(String value) {
        try {
            return value == null ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.missingNode(); // not ours to judge: left as it is
        }
    }

    private static JsonNode json(String output, String command) {
        try {
            return Json.MAPPER.readTree(output);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(command + " did not answer JSON: " + output.strip());
        }
    }

    private static Element xml(String output) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(output.strip()))).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("sofia xmlstatus did not answer XML: " + output.strip());
        }
    }

    private static String text(Element element, String child) {
        Node node = element.getElementsByTagName(child).item(0);
        return node == null ? "" : node.getTextContent().strip();
    }
}
