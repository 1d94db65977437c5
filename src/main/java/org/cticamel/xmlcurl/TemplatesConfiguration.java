package org.cticamel.xmlcurl;

import org.apache.camel.CamelConfiguration;
import java.io.File;
import java.io.IOException;

import freemarker.core.XMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.TemplateExceptionHandler;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

/**
 * What shapes the xml_curl answer: the FreeMarker configuration behind every {@code freemarker:} endpoint
 * (templates/ on disk, cached, reloaded on edit), the form fields the routes and templates see, and who may ask.
 */
public class TemplatesConfiguration implements CamelConfiguration {

    /**
     * A scheme-less template name ({@code freemarker:directory.ftl}) goes through this configuration's cache;
     * a {@code file:} URI would re-parse the template on every request.
     * FreeSWITCH XML is full of {@code ${var}} and {@code $${var}}, so templates use {@code [=expr]} for
     * FreeMarker and leave {@code ${...}} as literal text. Output is XML-escaped by default.
     */
    @BindToRegistry("templates")
    public Configuration templates(
            @PropertyInject(value = "cti.templates.dir", defaultValue = "templates") String dir,
            @PropertyInject(value = "cti.templates.update-delay-ms", defaultValue = "1000") long updateDelayMs)
            throws IOException {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setDirectoryForTemplateLoading(new File(dir));
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setOutputFormat(XMLOutputFormat.INSTANCE);
        cfg.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
        cfg.setTemplateUpdateDelayMilliseconds(updateDelayMs);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        return cfg;
    }

    @BindToRegistry("xmlCurlFields")
    public XmlCurlFields xmlCurlFields() {
        return new XmlCurlFields();
    }

    @BindToRegistry("xmlCurlForm")
    public XmlCurlForm xmlCurlForm(@PropertyInject("cti.xml-curl.fields") String fields,
            @PropertyInject(value = "camel.server.max-body-size", defaultValue = "65536") int maxBodyBytes,
            @PropertyInject(value = "cti.xml-curl.max-fields", defaultValue = "256") int maxFields,
            @PropertyInject(value = "cti.xml-curl.max-field-bytes", defaultValue = "8192") int maxFieldBytes,
            @PropertyInject(value = "cti.http.request-timeout-ms", defaultValue = "10000") long bodyTimeoutMs) {
        return new XmlCurlForm(fields, maxBodyBytes, maxFields, maxFieldBytes, bodyTimeoutMs);
    }

    @BindToRegistry("xmlCurlCredentials")
    public XmlCurlCredentials xmlCurlCredentials(@PropertyInject(value = "cti.http.credentials", defaultValue = "") String credentials) {
        return new XmlCurlCredentials(credentials);
    }

    @BindToRegistry("freeswitchCaller")
    public FreeswitchCaller freeswitchCaller(@PropertyInject(value = "cti.http.credentials", defaultValue = "") String credentials) {
        return new FreeswitchCaller(!credentials.isBlank());
    }
}
