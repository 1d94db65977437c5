package org.cticamel.directory;

import org.cticamel.live.LiveCommand;

/** Drops one user, by the name a box asked for it (id or number-alias), from that box's directory cache. */
public record CacheFlush(String box, String switchname, String domain, String extension, String user, CachedUsers.Served served,
        CachedUsers cachedUsers)
        implements LiveCommand {

    @Override
    public String subject() {
        return "extension " + extension + "@" + domain + (user.equals(extension) ? "" : " (cached as " + user + ")");
    }

    @Override
    public String command() {
        return "xml_flush_cache id " + user + " " + domain;
    }

    @Override
    public void undo() {
        cachedUsers.restore(switchname, domain, extension, served);
    }
}
