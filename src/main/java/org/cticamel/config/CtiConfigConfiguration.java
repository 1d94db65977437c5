package org.cticamel.config;

import java.nio.file.Path;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds {@code ctiConfig}: cti.json (CTI_CONFIG), validated: a mistake stops the start, naming the key. */
public class CtiConfigConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CtiConfigConfiguration.class);

    @BindToRegistry("ctiConfig")
    public CtiConfig ctiConfig(@PropertyInject(value = "cti.config", defaultValue = "./cti.json") String path) {
        CtiConfig config = CtiConfigReader.read(Path.of(path));
        LOG.info("cti.json {}: registration {}, call {}, gateway {}, {}", path, config.registration(), config.call(), config.gateway(),
                config.webhook());
        return config;
    }
}
