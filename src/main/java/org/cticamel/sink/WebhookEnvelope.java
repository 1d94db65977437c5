package org.cticamel.sink;

import java.io.IOException;
import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.cticamel.state.CtiUpdate;

/** What a webhook receiver gets for an update (the JSON envelope), and why a POST failed, for its log line. */
public final class WebhookEnvelope {

    private static final JsonFactory JSON = new JsonFactory();

    /** {"kind", "action", "field", "node", "data": the stored document as JSON, not as a string}. */
    public String envelope(CtiUpdate update) throws IOException {
        StringWriter out = new StringWriter(update.json().length() + 128);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("kind", update.kind());
            json.writeStringField("action", update.action());
            json.writeStringField("field", update.field());
            json.writeStringField("node", update.node());
            json.writeFieldName("data");
            // written by our own JSON writer: no need to parse it again
            json.writeRawValue(update.json());
            json.writeEndObject();
        }
        return out.toString();
    }

    /** Why a POST failed, in a few words: the HTTP status, or the I/O problem (whose text names only host and port). */
    public String reason(Exception failure) {
        if (failure instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
