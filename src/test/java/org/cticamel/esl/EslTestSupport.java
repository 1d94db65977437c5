package org.cticamel.esl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cticamel.CtiTestSupport;
import org.junit.jupiter.api.AfterAll;

/** Boots the service against a {@link ScriptedEslServer} of its own, speaking {@link #format()}, with every sink on. */
public abstract class EslTestSupport extends CtiTestSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected ScriptedEslServer peer;

    protected String format() {
        return "json";
    }

    @Override
    protected Properties extraProperties() {
        try {
            peer = new ScriptedEslServer(format());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties properties = new Properties();
        properties.put("camel.component.esl.port", String.valueOf(peer.port()));
        properties.put("cti.config", "src/test/resources/esl/cti.json");
        properties.put("camel.component.esl.format", format());
        properties.put("camel.component.esl.reconnect-min-ms", "50");
        properties.put("camel.component.esl.reconnect-max-ms", "400");
        properties.put("camel.component.esl.heartbeat-seconds", "1");
        return properties;
    }

    @AfterAll
    void stopPeer() throws IOException {
        peer.close();
    }

    protected void send(List<byte[]> frames) throws IOException {
        for (byte[] frame : frames) {
            peer.send(frame);
        }
    }

    protected String hget(String hash, String field) {
        return redisTemplate().<String, String>opsForHash().get(hash, field);
    }

    protected static Map<String, Object> map(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
