package org.cticamel.esl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A FreeSWITCH event socket stand-in on 127.0.0.1 (free port) that speaks the real framing: auth/request,
 * command/reply, bgapi with a BACKGROUND_JOB event, HEARTBEATs; it records every command it receives and
 * sends whatever captured frames a test gives it.
 */
public final class ScriptedEslServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<String> commands = new CopyOnWriteArrayList<>();
    public final AtomicInteger connections = new AtomicInteger();
    /** bgapi command → its output. */
    public final Map<String, String> jobOutputs = new ConcurrentHashMap<>();
    public volatile String password = "ClueCon";
    public volatile boolean heartbeats = true;
    public volatile String switchname = "vm";
    /** FreeSWITCH-IPv4 of every event when set. */
    public volatile String ipv4;
    /** Closes each connection right after confirming its subscription, as a FreeSWITCH in trouble might. */
    public volatile boolean dropAfterSubscribe;
    public final String coreUuid = "3e605bb8-3642-4e98-8810-62dfb04db700";

    private final ServerSocket server;
    private final String format;
    private volatile Socket client;
    private volatile OutputStream out;

    public ScriptedEslServer(String format) throws IOException {
        this.format = format;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        jobOutputs.put("show registrations as json", "{\"row_count\":0}");
        jobOutputs.put("show channels as json", "{\"row_count\":0}");
        jobOutputs.put("sofia xmlstatus", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<profiles>\n</profiles>\n");
        daemon("esl-peer-accept", this::accept);
        daemon("esl-peer-heartbeat", this::heartbeat);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Commands received since the given count, without the bgapi Job-UUID lines. */
    public List<String> commandsSince(int from) {
        List<String> all = new ArrayList<>(commands);
        return all.subList(Math.min(from, all.size()), all.size());
    }

    /** Writes raw bytes to the connected client. */
    public synchronized void send(byte[] bytes) throws IOException {
        OutputStream current = out;
        if (current == null) {
            throw new IOException("no client connected");
        }
        current.write(bytes);
        current.flush();
    }

    /** Closes the client's connection the rude way, as a crashing FreeSWITCH would. */
    public void drop() throws IOException {
        Socket current = client;
        if (current != null) {
            current.close();
        }
    }

    public boolean hasClient() {
        Socket current = client;
        return current != null && !current.isClosed();
    }

    /** The event frames (raw bytes) of a captured stream, e.g. "esl-json.txt". */
    public static List<byte[]> eventFrames(String fixture) throws IOException {
        byte[] all;
        try (InputStream in = ScriptedEslServer.class.getResourceAsStream("/esl/" + fixture)) {
            all = in.readAllBytes();
        }
        List<byte[]> frames = new ArrayList<>();
        int i = 0;
        while (i < all.length) {
            int end = indexOf(all, i);
            String headers = new String(all, i, end - i, StandardCharsets.UTF_8);
            int length = 0;
            for (String line : headers.split("\n")) {
                if (line.startsWith("Content-Length: ")) {
                    length = Integer.parseInt(line.substring(16).trim());
                }
            }
            int next = end + 2 + length;
            if (headers.contains("Content-Type: text/event-")) {
                byte[] frame = new byte[next - i];
                System.arraycopy(all, i, frame, 0, frame.length);
                frames.add(frame);
            }
            i = next;
        }
        return frames;
    }

    /** Frames of one event subclass or name within a captured stream. */
    public static List<byte[]> eventFrames(String fixture, String nameOrSubclass) throws IOException {
        String plain = nameOrSubclass.replace("::", "%3A%3A");
        return eventFrames(fixture).stream().filter(frame -> {
            String text = new String(frame, StandardCharsets.UTF_8);
            return text.contains("\"Event-Subclass\":\"" + nameOrSubclass + "\"") || text.contains("Event-Subclass: " + plain + "\n")
                    || text.contains("\"Event-Name\":\"" + nameOrSubclass + "\"") || text.contains("Event-Name: " + nameOrSubclass + "\n");
        }).toList();
    }

    /** Wraps an event body (JSON or plain headers) in its outer frame, Content-Length in bytes. */
    public static byte[] frame(String format, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("Content-Length: " + bytes.length + "\nContent-Type: text/event-" + format + "\n\n").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(bytes, 0, frame, head.length, bytes.length);
        return frame;
    }

    public byte[] event(Map<String, String> headers, String body) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("Core-UUID", coreUuid);
        event.put("FreeSWITCH-Hostname", switchname);
        event.put("FreeSWITCH-Switchname", switchname);
        if (ipv4 != null) {
            event.put("FreeSWITCH-IPv4", ipv4);
        }
        event.putAll(headers);
        if (format.equals("json")) {
            Map<String, String> json = new LinkedHashMap<>(event);
            if (body != null) {
                json.put("Content-Length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
                json.put("_body", body);
            }
            try {
                return frame(format, JSON.writeValueAsString(json));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        StringBuilder plain = new StringBuilder();
        event.forEach((name, value) -> plain.append(name).append(": ")
                .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")).append('\n'));
        if (body != null) {
            plain.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\n\n").append(body);
        } else {
            plain.append('\n');
        }
        return frame(format, plain.toString());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                client = socket;
                out = socket.getOutputStream();
                daemon("esl-peer-session", () -> session(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket socket) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            write(socket, "Content-Type: auth/request\n\n");
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isEmpty()) {
                    lines.add(line);
                    continue;
                }
                if (!lines.isEmpty()) {
                    handle(socket, lines);
                    lines = new ArrayList<>();
                }
            }
        } catch (IOException e) {
            // the client went away or the test dropped it
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    private void handle(Socket socket, List<String> lines) throws IOException {
        String command = lines.get(0);
        commands.add(command);
        if (command.startsWith("auth ")) {
            if (command.equals("auth " + password)) {
                write(socket, "Content-Type: command/reply\nReply-Text: +OK accepted\n\n");
            } else {
                write(socket, "Content-Type: command/reply\nReply-Text: -ERR invalid\n\n");
                write(socket, "Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
                        + "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n");
                socket.close();
            }
        } else if (command.startsWith("event ")) {
            write(socket, "Content-Type: command/reply\nReply-Text: +OK event listener enabled " + format + "\n\n");
            if (dropAfterSubscribe) {
                socket.close();
            }
        } else if (command.startsWith("bgapi ")) {
            String job = lines.stream().filter(line -> line.startsWith("Job-UUID: ")).map(line -> line.substring(10)).findFirst().orElse("x");
            write(socket, "Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + job + "\nJob-UUID: " + job + "\n\n");
            String api = command.substring(6);
            String output = api.equals("switchname") ? switchname : jobOutputs.getOrDefault(api, "-ERR " + api + " Command not found!\n");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Event-Name", "BACKGROUND_JOB");
            headers.put("Job-UUID", job);
            headers.put("Job-Command", api.split(" ")[0]);
            headers.put("Job-Command-Arg", api.contains(" ") ? api.substring(api.indexOf(' ') + 1) : "");
            synchronized (this) {
                socket.getOutputStream().write(event(headers, output));
            }
        } else {
            write(socket, "Content-Type: command/reply\nReply-Text: -ERR command not found\n\n");
        }
    }

    private synchronized void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private void heartbeat() {
        while (!server.isClosed()) {
            try {
                Thread.sleep(500); // the peer's own pacing, not a test waiting for an outcome
                Socket current = client;
                if (heartbeats && current != null && !current.isClosed()) {
                    synchronized (this) {
                        current.getOutputStream().write(event(Map.of("Event-Name", "HEARTBEAT"), null));
                    }
                }
            } catch (IOException e) {
                // the client is gone; the next one gets them
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static int indexOf(byte[] all, int from) {
        for (int i = from; i + 1 < all.length; i++) {
            if (all[i] == '\n' && all[i + 1] == '\n') {
                return i;
            }
        }
        return all.length;
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        drop();
    }

    /**
     * Properties for a service whose boxes are listed in a cti.json of the test's own ({@code ctiJson}, written to a
     * temporary file): the CTI_ESL_* box is not used (nothing may connect there) and boxes reconnect within 400 ms.
     */
    public static Properties boxesProperties(String ctiJson) throws IOException {
        Path config = Files.createTempFile("cti-boxes", ".json");
        Files.writeString(config, ctiJson);
        config.toFile().deleteOnExit();
        Properties properties = new Properties();
        properties.put("cti.config", config.toString());
        properties.put("camel.component.esl.port", "1");
        properties.put("camel.component.esl.reconnect-min-ms", "50");
        properties.put("camel.component.esl.reconnect-max-ms", "400");
        return properties;
    }
}
