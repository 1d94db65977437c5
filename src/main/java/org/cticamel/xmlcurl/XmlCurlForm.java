package org.cticamel.xmlcurl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Reads mod_xml_curl's form ({@code application/x-www-form-urlencoded}) straight from the request body and
 * sets only the fields the routes and templates use (cti.xml-curl.fields) as headers; an empty field is
 * left out, as if absent. FreeSWITCH posts ~48 fields per lookup: decoding all of them with Vert.x's
 * form decoder was half of the CPU per request. The body is capped and so are the fields: past a limit
 * the request is refused with {@link Refused} (HTTP 413 or 400, one WARN line) before anything is looked up.
 */
public class XmlCurlForm implements Processor {

    /** A request that is not a form mod_xml_curl would send; the message says which limit it broke. */
    public static class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false); // no stack trace: it is a verdict on input, not a failure
            this.status = status;
        }

        /** The HTTP status of the answer: 413 for a body too large, 503 for one too slow, else 400. */
        public int getStatus() {
            return status;
        }
    }

    private final Map<String, String> wanted = new HashMap<>();
    private final int maxBodyBytes;
    private final int maxFields;
    private final int maxFieldBytes;
    private final long readTimeoutMs;

    /**
     * @param fields        comma-separated field names (as headers they keep the same name)
     * @param maxBodyBytes  the largest body read
     * @param maxFields     the most name=value pairs a body may have
     * @param maxFieldBytes the longest name or value (encoded)
     * @param readTimeoutMs how long the body may take to arrive once its headers have
     */
    public XmlCurlForm(String fields, int maxBodyBytes, int maxFields, int maxFieldBytes, long readTimeoutMs) {
        for (String field : fields.split(",")) {
            String name = field.strip();
            // the credentials come from the Authorization header only, never from the form
            if (!name.isEmpty() && !name.equalsIgnoreCase("Authorization")) {
                wanted.put(name, name);
            }
        }
        this.maxBodyBytes = maxBodyBytes;
        this.maxFields = maxFields;
        this.maxFieldBytes = maxFieldBytes;
        this.readTimeoutMs = readTimeoutMs;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        byte[] form = body instanceof HttpServerRequest request ? read(request) : message.getBody(byte[].class);
        message.setBody(null);
        if (form != null) {
            if (form.length > maxBodyBytes) {
                throw new Refused(413, "body over " + maxBodyBytes + " bytes");
            }
            parse(form, message);
        }
    }

    /** Sets the wanted fields of {@code form} as headers of {@code message}; the first of a repeated field wins. */
    void parse(byte[] form, Message message) {
        int fields = 0;
        int start = 0;
        while (start < form.length) {
            int end = indexOf(form, (byte) '&', start, form.length);
            if (end > start) {
                if (++fields > maxFields) {
                    throw new Refused(400, "more than " + maxFields + " form fields");
                }
                int eq = indexOf(form, (byte) '=', start, end);
                int valueStart = Math.min(eq + 1, end);
                if (eq - start > maxFieldBytes || end - valueStart > maxFieldBytes) {
                    throw new Refused(400, "form field '" + printable(decode(form, start, Math.min(eq, start + 40)))
                            + "' over " + maxFieldBytes + " bytes");
                }
                String header = wanted.get(decode(form, start, eq));
                if (header != null && valueStart < end && message.getHeader(header) == null) {
                    message.setHeader(header, decode(form, valueStart, end));
                }
            }
            start = end + 1;
        }
    }

    private byte[] read(HttpServerRequest request) throws Exception {
        long length = contentLength(request);
        if (length > maxBodyBytes) {
            discardRest(request);
            throw new Refused(413, "body of " + length + " bytes, over " + maxBodyBytes);
        }
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(length < 0 ? 2048 : (int) length);
        request.exceptionHandler(done::completeExceptionally);
        request.handler(chunk -> {
            if (done.isDone()) {
                return; // refused: the rest is read and dropped, as Vert.x's body handler does
            }
            if (bytes.size() + chunk.length() > maxBodyBytes) {
                done.completeExceptionally(new Refused(413, "body over " + maxBodyBytes + " bytes"));
            } else {
                bytes.writeBytes(chunk.getBytes());
            }
        });
        request.endHandler(v -> done.complete(bytes.toByteArray()));
        request.resume();
        try {
            return done.get(readTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            closeAfterResponse(request);
            throw new Refused(503, "body not received within " + readTimeoutMs + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Refused refused ? refused : new Refused(400, "body not readable: " + e.getCause());
        }
    }

    /** The declared length, -1 when there is none (chunked); a value that is not a length counts as too long. */
    private static long contentLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The body of a refused request is read and dropped, as Vert.x's body handler does: the client gets the answer. */
    private static void discardRest(HttpServerRequest request) {
        request.handler(chunk -> { });
        request.resume();
    }

    /** A body that stalls is not waited for: the connection cannot carry another request. */
    private static void closeAfterResponse(HttpServerRequest request) {
        request.response().endHandler(v -> request.connection().close());
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return to;
    }

    /** Percent-decoding of one name or value ({@code +} is a space); a malformed escape stays as it is. */
    static String decode(byte[] form, int from, int to) {
        int i = from;
        while (i < to && form[i] != '%' && form[i] != '+' && form[i] >= 0) {
            i++;
        }
        if (i == to) {
            return new String(form, from, to - from, StandardCharsets.ISO_8859_1); // plain ASCII: a copy
        }
        byte[] out = new byte[to - from];
        int n = 0;
        for (i = from; i < to; i++) {
            byte b = form[i];
            if (b == '+') {
                b = ' ';
            } else if (b == '%' && i + 2 < to && hex(form[i + 1]) >= 0 && hex(form[i + 2]) >= 0) {
                b = (byte) (hex(form[i + 1]) << 4 | hex(form[i + 2]));
                i += 2;
            }
            out[n++] = b;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    private static String printable(String name) {
        return name.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
