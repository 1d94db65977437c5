package org.cticamel.xmlcurl;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Reads mod_xml_curl's form ({@code application/x-www-form-urlencoded}) straight from the request body's bytes
 * and sets only the fields the routes and templates use (cti.xml-curl.fields) as headers; an empty field is
 * left out, as if absent. FreeSWITCH posts ~48 fields per lookup: decoding all of them with Vert.x's
 * form decoder was half of the CPU per request. The body was gathered and capped by {@link XmlCurlEngine}
 * (one over the cap arrives as its {@link Refused}); the fields are capped here: past a limit the request is
 * refused with {@link Refused} (HTTP 413 or 400, one WARN line) before anything is looked up.
 */
public class XmlCurlForm implements Processor {

    /** A request that is not a form mod_xml_curl would send; the message says which limit it broke. */
    public static class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false); // no stack trace: it is a verdict on input, not a failure
            this.status = status;
        }

        /** The HTTP status of the answer: 413 for a body too large, else 400. */
        public int getStatus() {
            return status;
        }
    }

    private final Map<String, String> wanted = new HashMap<>();
    private final int maxFields;
    private final int maxFieldBytes;

    /**
     * @param fields        comma-separated field names (as headers they keep the same name)
     * @param maxFields     the most name=value pairs a body may have
     * @param maxFieldBytes the longest name or value (encoded)
     */
    public XmlCurlForm(String fields, int maxFields, int maxFieldBytes) {
        for (String field : fields.split(",")) {
            String name = field.strip();
            // the credentials come from the Authorization header only, never from the form
            if (!name.isEmpty() && !name.equalsIgnoreCase("Authorization")) {
                wanted.put(name, name);
            }
        }
        this.maxFields = maxFields;
        this.maxFieldBytes = maxFieldBytes;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        message.setBody(null);
        if (body instanceof Refused refused) {
            throw refused;
        }
        if (body instanceof byte[] form) {
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
