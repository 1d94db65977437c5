package org.cticamel;

import org.apache.camel.main.Main;

/** Starts cti-camel: camel-main with the routes in ./routes and the beans of this package. */
public final class CtiApplication {

    private CtiApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(CtiApplication.class);
        System.exit(main.run(args));
    }
}
