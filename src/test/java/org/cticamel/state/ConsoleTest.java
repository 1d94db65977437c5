package org.cticamel.state;

import org.cticamel.esl.ScriptedEslServer;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live console in a real headless Chromium (Debian's chromium and chromedriver, never a downloaded one):
 * the page starts from the Redis hashes, then follows scripted ESL events as FreeSWITCH sends them (register,
 * gateway up, a call answered and hung up), catches up after a missed update and after a reconnect, filters,
 * and draws 1,000 registrations at once. Screenshot: target/console.png.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTest extends CallTestSupport {

    private static final String STREAM = "esl-json.txt";
    private static final String CREDENTIALS = "supervisor:s3cret";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private ChromeDriver browser;
    private Path profile;

    @Override
    protected Properties extraProperties() {
        Properties properties = super.extraProperties();
        properties.put("cti.api.credentials", CREDENTIALS);
        return properties;
    }

    /** CI installs chromium (.ci/run): there a missing browser is a failure, elsewhere the test is skipped. */
    @BeforeAll
    void needsChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("chromium and chromium-driver are not installed (.ci/run installs them)");
        }
        assumeTrue(present, "no /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver");
    }

    /**
     * Started once the service runs: Selenium's classes loaded before camel-main binds the beans change the
     * order in which the JVM lists a configuration's methods, and RedisConfiguration's depend on that order.
     */
    private ChromeDriver browser() throws IOException {
        if (browser != null) {
            return browser;
        }
        profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile()); // with binary and driver given, Selenium Manager is never asked
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,1000");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driver, options);
        return browser;
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void without_the_credentials_nothing_is_served_and_no_websocket_opens() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/console", "/console/state", "/console/assets/console.js")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode(), path);
            assertEquals("Basic realm=\"cti-camel\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
        }
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(url("/console")).header("Authorization", basic()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'self'"));
        assertFalse(page.headers().firstValue("Authorization").isPresent());

        // someone wrote something else than a JSON object into a hash: left out (one WARN line), the rest is served
        redisTemplate().opsForHash().put("gateways", "broken", "not json");
        redisTemplate().opsForHash().put("gateways", "gw-ok", "{\"Gateway\":\"gw-ok\",\"State\":\"REGED\"}");
        HttpResponse<String> state = http.send(HttpRequest.newBuilder(url("/console/state")).header("Authorization", basic()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, state.statusCode());
        Map<String, Object> gateways = (Map<String, Object>) map(state.body()).get("gateway");
        assertEquals(List.of("gw-ok"), List.copyOf(gateways.keySet()));
        redisTemplate().delete("gateways");

        assertEquals(401, handshake(null, null));
        assertEquals(403, handshake(basic(), "http://elsewhere.example"));
        assertEquals(101, handshake(basic(), "http://127.0.0.1:" + httpPort));
    }

    @Test
    @Order(2)
    void the_page_starts_from_the_hashes_and_follows_register_gateway_up_answer_and_hangup() throws Exception {
        redisTemplate().opsForHash().put("registrations", "2002", "{\"from-user\":\"2002\",\"from-host\":\"127.0.0.1\","
                + "\"network-ip\":\"10.0.0.22\",\"network-port\":\"5060\",\"user-agent\":\"Yealink SIP-T46U\","
                + "\"expires\":\"" + (System.currentTimeMillis() / 1000 + 3600) + "\",\"FreeSWITCH-Switchname\":\"box2\"}");
        open();
        await().untilAsserted(() -> assertEquals(List.of("2002", "127.0.0.1", "10.0.0.22:5060", "Yealink SIP-T46U"),
                first(4, cells("registrations", "2002"))));
        assertTrue(cells("registrations", "2002").get(4).matches("(59|60):\\d\\d|1:00:00"), cells("registrations", "2002").toString());

        // a phone registers
        peer.send(now(ScriptedEslServer.eventFrames(STREAM, "sofia::register").get(0)));
        await().untilAsserted(() -> assertEquals(List.of("1001", "127.0.0.1", "127.0.0.1:5062", "sipp-test"),
                first(4, cells("registrations", "1001"))));
        assertEquals("vm", cells("registrations", "1001").get(5));
        String expires = cells("registrations", "1001").get(4);
        assertTrue(expires.matches("0[12]:\\d\\d"), expires);
        await().untilAsserted(() -> assertNotEquals(expires, cells("registrations", "1001").get(4))); // counting down

        // a gateway comes up
        peer.send(ScriptedEslServer.eventFrames(STREAM, "sofia::gateway_add").get(0));
        byte[] state = ScriptedEslServer.eventFrames(STREAM, "sofia::gateway_state").get(0);
        peer.send(changed(state, Map.of("State", "REGED", "Ping-Status", "UP")));
        await().untilAsserted(() -> assertEquals(List.of("gw5090", "external", "REGED", "UP", "vm"), cells("gateways", "gw5090")));

        // 1001 calls 9999: it rings, is answered (the duration ticks), and hangs up
        send(phone("CHANNEL_CREATE", "call-1", "1001", "9999"));
        await().untilAsserted(() -> assertEquals(List.of("1001", "callout", "9999", "ringing", "", "vm"), cells("calls", "call-1")));
        Map<String, String> answer = phone("CHANNEL_ANSWER", "call-1", "1001", "9999");
        answer.put("Caller-Channel-Answered-Time", String.valueOf((System.currentTimeMillis() - 65_000) * 1000));
        send(answer);
        await().untilAsserted(() -> assertEquals(List.of("1001", "callout", "9999", "answered"), first(4, cells("calls", "call-1"))));
        String duration = cells("calls", "call-1").get(4);
        assertTrue(duration.matches("01:0\\d"), duration);
        await().untilAsserted(() -> assertNotEquals(duration, cells("calls", "call-1").get(4)));

        // and a call to 1001 rings meanwhile: the other direction
        send(toUser("CHANNEL_CREATE", "call-2", "1001", "3003"));
        await().untilAsserted(() -> assertEquals(List.of("1001", "callin", "3003", "ringing", "", "vm"), cells("calls", "call-2")));
        screenshot();

        send(phone("CHANNEL_HANGUP_COMPLETE", "call-1", "1001", "9999"));
        await().untilAsserted(() -> assertTrue(rows("calls").equals(List.of("call-2"))));
    }

    @Test
    @Order(3)
    void the_filter_box_hides_the_rows_that_do_not_match() throws IOException {
        open();
        WebElement filter = browser.findElement(By.id("filter"));
        filter.sendKeys("yealink");
        await().untilAsserted(() -> assertEquals(List.of("2002"), shown("registrations")));
        assertEquals("1 of 2", browser.findElement(By.id("registration-count")).getText());
        filter.clear();
        filter.sendKeys("gw50");
        await().untilAsserted(() -> assertEquals(List.of("gw5090"), shown("gateways")));
        assertEquals(List.of(), shown("registrations"));
    }

    @Test
    @Order(4)
    void a_missed_update_and_a_reconnect_are_made_good_from_the_hashes() throws Exception {
        open();
        String register = body(now(ScriptedEslServer.eventFrames(STREAM, "sofia::register").get(0)));
        peer.send(ScriptedEslServer.frame("json", register.replace("\"from-user\":\"1001\"", "\"from-user\":\"5005\"")));
        await().untilAsserted(() -> assertTrue(rows("registrations").contains("5005")));
        // an update the console never pushed (as when its queue was full): the next one shows the gap
        redisTemplate().opsForHash().put("registrations", "3003", "{\"from-user\":\"3003\",\"FreeSWITCH-Switchname\":\"vm\"}");
        context.getRegistry().lookupByNameAndType("consoleSequence", AtomicLong.class).incrementAndGet();
        peer.send(now(ScriptedEslServer.eventFrames(STREAM, "sofia::register").get(0)));
        await().untilAsserted(() -> assertTrue(rows("registrations").contains("3003")));

        // the WebSocket goes away (its route stops): the page says so, reconnects by itself and catches up
        context.getRouteController().stopRoute("console-live");
        await().untilAsserted(() -> assertEquals("reconnecting…", browser.findElement(By.id("status")).getText()));
        redisTemplate().opsForHash().delete("registrations", "3003");
        redisTemplate().opsForHash().put("registrations", "4004", "{\"from-user\":\"4004\",\"FreeSWITCH-Switchname\":\"vm\"}");
        context.getRouteController().startRoute("console-live");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("live", browser.findElement(By.id("status")).getText()));
        await().untilAsserted(() -> assertTrue(rows("registrations").contains("4004")));
        assertFalse(rows("registrations").contains("3003"));

        // and it is live again
        send(phone("CHANNEL_CREATE", "call-3", "2002", "1001"));
        await().untilAsserted(() -> assertTrue(rows("calls").contains("call-3")));
    }

    @Test
    @Order(5)
    void a_thousand_registrations_arrive_in_one_burst_and_the_page_stays_responsive() throws Exception {
        open();
        String register = body(now(ScriptedEslServer.eventFrames(STREAM, "sofia::register").get(0)));
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            String user = String.valueOf(10000 + i);
            peer.send(ScriptedEslServer.frame("json", register.replace("\"from-user\":\"1001\"", "\"from-user\":\"" + user + "\"")
                    .replace("\"network-port\":\"5062\"", "\"network-port\":\"" + (20000 + i) + "\"")));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertTrue(rows("registrations").contains("10999")));
        await().untilAsserted(() -> assertTrue(rows("registrations").size() >= 1002));
        long shownAfterMs = (System.nanoTime() - started) / 1_000_000;
        // the page answers at once: a script runs, and the longest task the browser saw stays short
        long scriptMs = timed(() -> browser.executeScript("return document.querySelectorAll('#registrations tbody tr').length"));
        assertTrue(scriptMs < 2000, "script waited " + scriptMs + " ms");
        browser.findElement(By.id("filter")).sendKeys("10500");
        await().untilAsserted(() -> assertEquals(List.of("10500"), shown("registrations")));
        System.out.printf("ConsoleTest: 1,000 registrations shown %d ms after the first was sent; a script ran in %d ms%n",
                shownAfterMs, scriptMs);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** The page, opened afresh with the credentials in the URL (as a user answering the browser's prompt), live. */
    private void open() throws IOException {
        browser().get("http://" + CREDENTIALS + "@127.0.0.1:" + httpPort + "/console");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("live", browser.findElement(By.id("status")).getText()));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(StandardCharsets.UTF_8));
    }

    /** The HTTP status of a WebSocket handshake on /console/live (101 = opened). */
    private int handshake(String authorization, String origin) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            builder.buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/console/live"), new WebSocket.Listener() {
            }).join().abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** The texts of the cells of the row with that key, as the browser renders them (none: no such row). */
    @SuppressWarnings("unchecked")
    private List<String> cells(String table, String key) {
        return (List<String>) browser.executeScript("const tr = document.querySelector('#' + arguments[0] + ' tbody tr[data-key=\"' + arguments[1] + '\"]');"
                + "return tr ? [...tr.cells].map(td => td.textContent) : [];", table, key);
    }

    private static List<String> first(int n, List<String> cells) {
        return cells.subList(0, Math.min(n, cells.size()));
    }

    @SuppressWarnings("unchecked")
    private List<String> rows(String table) {
        return (List<String>) browser.executeScript("return [...document.querySelectorAll('#' + arguments[0] + ' tbody tr')].map(tr => tr.dataset.key);", table);
    }

    @SuppressWarnings("unchecked")
    private List<String> shown(String table) {
        return (List<String>) browser.executeScript("return [...document.querySelectorAll('#' + arguments[0] + ' tbody tr')]"
                + ".filter(tr => tr.offsetParent !== null).map(tr => tr.dataset.key);", table);
    }

    private static long timed(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private void screenshot() throws IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target/console.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String body(byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        return text.substring(text.indexOf("\n\n") + 2);
    }

    /** A captured JSON event with some headers changed. */
    private static byte[] changed(byte[] frame, Map<String, String> changes) throws IOException {
        Map<String, Object> event = new LinkedHashMap<>(map(body(frame)));
        event.putAll(changes);
        return ScriptedEslServer.frame("json", JSON.writeValueAsString(event));
    }

    /** A captured event as if sent now (its "expires" counts from Event-Date-Timestamp). */
    private static byte[] now(byte[] frame) throws IOException {
        return changed(frame, Map.of("Event-Date-Timestamp", String.valueOf(System.currentTimeMillis() * 1000)));
    }
}
