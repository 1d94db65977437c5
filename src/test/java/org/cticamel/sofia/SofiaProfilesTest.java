package org.cticamel.sofia;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import freemarker.template.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The profile names come from rendering the template, so an edited template is followed. */
class SofiaProfilesTest {

    @Test
    void the_shipped_template_renders_internal_and_external_and_an_added_profile_is_seen(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("sofia.conf.ftl");
        Files.copy(Path.of("templates/sofia.conf.ftl"), template);
        Configuration templates = new Configuration(Configuration.VERSION_2_3_34);
        templates.setDirectoryForTemplateLoading(dir.toFile());
        templates.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
        templates.setTemplateUpdateDelayMilliseconds(0);
        SofiaProfiles profiles = new SofiaProfiles(templates);

        assertEquals(Set.of("internal", "external"), profiles.names());

        String shipped = Files.readString(template);
        Files.writeString(template, shipped.replace("      </profiles>",
                "<#if asked == \"\" || asked == \"carriers\">\n        <profile name=\"carriers\"><settings/></profile>\n</#if>\n      </profiles>"));
        Files.setLastModifiedTime(template, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

        assertEquals(Set.of("internal", "external", "carriers"), profiles.names());
    }
}
