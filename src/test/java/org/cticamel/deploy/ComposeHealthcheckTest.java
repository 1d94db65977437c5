package org.cticamel.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import org.cticamel.CtiTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml's health check of the service, run with bash as the container runs it: healthy when
 * /fs/xml answers FreeSWITCH's way with the credentials, not when the port merely accepts connections.
 */
class ComposeHealthcheckTest extends CtiTestSupport {

    private static final String CREDENTIALS = "freeswitch:pw";

    @Override
    protected Properties extraProperties() {
        Properties properties = new Properties();
        properties.put("cti.http.credentials", CREDENTIALS);
        return properties;
    }

    @Test
    void healthy_when_fs_xml_answers_with_the_credentials() throws Exception {
        assertEquals(0, run(httpPort, CREDENTIALS));
    }

    @Test
    void unhealthy_with_other_credentials() throws Exception {
        assertNotEquals(0, run(httpPort, "freeswitch:wrong"));
    }

    /** What a bare TCP connect let pass: a port that is open but answers 404. */
    @Test
    void unhealthy_when_the_port_is_open_but_fs_xml_is_not_there() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        other.start();
        try {
            assertNotEquals(0, run(other.getAddress().getPort(), CREDENTIALS));
        } finally {
            other.stop(0);
        }
    }

    private static int run(int port, String credentials) throws IOException, InterruptedException {
        String script = ComposeFileTest.healthcheck(new YAMLMapper().readTree(Path.of("docker-compose.yml").toFile()));
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        bash.environment().putAll(Map.of("CTI_HTTP_PORT", String.valueOf(port), "CTI_HTTP_CREDENTIALS", credentials));
        Process process = bash.start();
        // compose's timeout for it is 3 s
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the check ended");
        return process.exitValue();
    }
}
