package org.cticamel.xmlcurl;

import org.apache.camel.CamelConfiguration;
import java.io.File;
import java.io.IOException;

import freemarker.core.XMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.TemplateExceptionHandler;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;

/** Binds {@code templates}: the FreeMarker configuration behind every {@code freemarker:} endpoint (templates/ on disk, cached, reloaded on edit). */
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
}
