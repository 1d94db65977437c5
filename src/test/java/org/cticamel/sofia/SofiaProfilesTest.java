package org.cticamel.sofia;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import freemarker.template.Configuration;
import org.cticamel.xmlcurl.TemplatesConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The profiles are read from the template as it is now: an integrator's edit is followed without a restart. */
class SofiaProfilesTest {

    @Test
    void the_shipped_template_renders_internal_and_external_and_an_added_profile_is_picked_up(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("sofia.conf.ftl");
        String shipped = Files.readString(Path.of("templates/sofia.conf.ftl"));
        Files.writeString(template, shipped);
        Configuration templates = new TemplatesConfiguration().templates(dir.toString(), 0);
        SofiaProfiles profiles = new SofiaProfiles(templates);

        assertEquals(Set.of("internal", "external"), profiles.names());

        Files.writeString(template, shipped.replace("      </profiles>", """
                <#if asked == "" || asked == "carriers">
                        <profile name="carriers"><@gateways "carriers"/><settings/></profile>
                </#if>
                      </profiles>"""));
        Files.setLastModifiedTime(template, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));

        assertEquals(Set.of("internal", "external", "carriers"), profiles.names());
    }
}
