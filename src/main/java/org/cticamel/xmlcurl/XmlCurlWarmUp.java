package org.cticamel.xmlcurl;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Once every route has started: replays captured mod_xml_curl {@code sip_auth} bodies (FreeSWITCH 1.10.12,
 * resources warm-up/) over HTTP for a while, as mod_xml_curl sends them (a new connection each, several at once),
 * to a loopback listener of the same routes ({@link XmlCurlVertxServer#onLoopback}), so that the first
 * registrations after a restart do not pay for class loading and the JIT anywhere on their path; then opens
 * the HTTP port ({@link XmlCurlVertxServer#open()}). The lookups are for domain {@value #DOMAIN}: one extension
 * written there for the warm-up and deleted after it (no cacheable, no alias), and an unknown user, so that
 * the found and the not-found paths are both run. They carry the credentials FreeSWITCH must send, and are
 * not counted in cti_xml_curl_requests.
 */
public class XmlCurlWarmUp implements ExtendedStartupListener {

    static final String DOMAIN = "warm-up.invalid";
    /** Begins the log line saying that the port is open. */
    public static final String OPEN = "xml_curl: /fs/xml";
    private static final Logger LOG = LoggerFactory.getLogger(XmlCurlWarmUp.class);
    private static final String[] BODIES = {"sip_auth-REGISTER", "sip_auth-INVITE", "sip_auth-UNREGISTER-expires0"};
    private static final String KEY = "cti_exten@" + DOMAIN;
    /** mod_xml_curl's lookups come from several SIP threads at once; so do the warm-up's. */
    private static final int CLIENTS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final StringRedisTemplate redis;
    private final long budgetMs;
    private final String credentials;
    private final AtomicBoolean warmedUp = new AtomicBoolean();

    /**
     * @param budgetMs how long the warm-up may run (0: none)
     * @param credentials cti.http.credentials ({@code user:password}, blank: none)
     */
    public XmlCurlWarmUp(StringRedisTemplate redis, long budgetMs, String credentials) {
        this.redis = redis;
        this.budgetMs = budgetMs;
        this.credentials = credentials;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        XmlCurlVertxServer server = context.hasService(XmlCurlVertxServer.class);
        if (server == null) { // none when camel.server.enabled is false
            return;
        }
        // once: camel-main adds this listener while it starts the context, so alreadyStarted is true here too
        String done = warmedUp.compareAndSet(false, true) && budgetMs > 0 ? server.onLoopback(this::warmUp) : "none";
        server.open();
        // the line an operator (and the tests) wait for: from here on FreeSWITCH gets answers
        LOG.info("{} open after the warm-up ({})", OPEN, done);
    }

    /** Runs the warm-up against {@code port}; says how many lookups in how long. */
    private String warmUp(int port) {
        long started = System.nanoTime();
        AtomicInteger lookups = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            redis.opsForHash().put(KEY, "warm-up", "{\"param\":{\"password\":\"warm-up\"},\"variable\":{\"user_context\":\"default\"}}");
            List<byte[]> requests = requests();
            long end = started + budgetMs * 1_000_000;
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        lookUp(port, requests.get(lookups.getAndIncrement() % requests.size()));
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } catch (Exception e) {
            LOG.warn("xml_curl warm-up stopped after {} lookups: {}", lookups.get(),
                    e instanceof ExecutionException ? e.getCause().getMessage() : e.getMessage());
        } finally {
            clients.shutdownNow();
            try {
                redis.delete(KEY);
            } catch (RuntimeException e) {
                LOG.warn("xml_curl warm-up: could not delete {}: {}", KEY, e.getMessage());
            }
        }
        return lookups.get() + " lookups over HTTP in " + (System.nanoTime() - started) / 1_000_000 + " ms";
    }

    /** One request on a connection of its own, read until the server closes it; anything but a 200 stops the warm-up. */
    private static void lookUp(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            byte[] answer = socket.getInputStream().readAllBytes();
            String status = new String(answer, 0, Math.min(answer.length, 12), StandardCharsets.US_ASCII);
            if (!status.equals("HTTP/1.1 200")) {
                throw new IOException("answered '" + status + "'");
            }
        }
    }

    /** Each captured body, for the warm-up extension and for an unknown user of the warm-up domain, as HTTP requests. */
    private List<byte[]> requests() throws IOException {
        String authorization = credentials == null || credentials.isBlank() ? ""
                : "Authorization: Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) + "\r\n";
        List<byte[]> requests = new ArrayList<>();
        for (String name : BODIES) {
            try (InputStream in = XmlCurlWarmUp.class.getResourceAsStream("/warm-up/" + name + ".txt")) {
                String body = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
                for (String user : new String[] {"warm-up", "warm-up-unknown"}) {
                    String form = body.replaceAll("(^|&)(key_value|domain)=[^&]*", "$1$2=" + DOMAIN)
                            .replaceAll("(^|&)user=[^&]*", "$1user=" + user);
                    requests.add(("POST /fs/xml HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: freeswitch-xml/1.0\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n" + authorization
                            + "Content-Length: " + form.length() + "\r\n\r\n" + form).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return requests;
    }
}
