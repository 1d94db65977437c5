package org.cticamel.config;

/** The message a start-up line shows for a failure: ours, not the layers of Camel's wrappers above it. */
public final class RootMessage {

    private RootMessage() {
    }

    /** Ours is the innermost message: the layers above it are Camel's bean and reflection wrappers. */
    public static String of(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
