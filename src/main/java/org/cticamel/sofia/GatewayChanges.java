package org.cticamel.sofia;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.Header;
import org.cticamel.redis.ReportOnce;
import org.cticamel.sofia.AppliedGateways.Gateway;
import org.cticamel.state.FreeswitchBoxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the sofia commands that bring each box's gateways in line with {@code cti_gateway@<domain>}, from what
 * that box was given (its own applied hash): a new gateway is started, a removed one killed, a changed one
 * killed and started again once that box has deleted it (a name still in its gateway hash makes startgw a
 * no-op "Ignoring duplicate gateway"). Each command is claimed by a compare-and-set of the box's applied record
 * first, so that a burst of changes, two threads or two instances never send it twice; a box that was down gets
 * on its next connect what it missed, and only that.
 */
public class GatewayChanges {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayChanges.class);
    private static final ReportOnce REPORTED = new ReportOnce();

    private final AppliedGateways applied;
    private final FreeswitchBoxes boxes;
    /** cti.domain; empty: the domain of each change, and FreeSWITCH's IPv4 for its events. */
    private final String domain;
    /** How long a killgw waits for sofia::gateway_delete before what follows it is done anyway. */
    private final long deleteWaitMs;

    public GatewayChanges(AppliedGateways applied, FreeswitchBoxes boxes, String domain, long deleteWaitMs) {
        this.applied = applied;
        this.boxes = boxes;
        this.domain = domain;
        this.deleteWaitMs = deleteWaitMs;
    }

    /** For a keyspace notification on {@code __keyspace@<db>__:cti_gateway@<domain>}: the commands of every box. */
    public List<GatewayCommand> changed(String channel) {
        String changed = channel.substring(channel.indexOf(AppliedGateways.GATEWAYS) + AppliedGateways.GATEWAYS.length());
        List<GatewayCommand> commands = new ArrayList<>();
        boxes.switchnames().forEach((box, switchname) -> {
            if (serves(box, changed)) {
                commands.addAll(diff(box, switchname, changed));
            }
        });
        sharedCopied(changed);
        return commands;
    }

    /** For a box's sofia::gateway_delete: the start that waited for it, on that box. */
    public List<GatewayCommand> deleted(String box, String gateway, String freeswitchIpv4) {
        String of = domain.isEmpty() ? freeswitchIpv4 : domain;
        String switchname = boxes.switchnames().get(box);
        if (of == null || gateway == null || switchname == null) {
            return List.of();
        }
        return finishKill(box, switchname, of, gateway, applied.applied(of, switchname, gateway));
    }

    /** The fallback when no sofia::gateway_delete came: the start, if that killgw is still waiting for it. */
    public List<GatewayCommand> stillWaiting(GatewayCommand killgw) {
        String current = applied.applied(killgw.domain(), killgw.switchname(), killgw.gateway());
        Gateway now = AppliedGateways.read(current);
        Gateway then = AppliedGateways.read(killgw.after());
        return now != null && then != null && now.killedAt() == then.killedAt()
                ? finishKill(killgw.box(), killgw.switchname(), killgw.domain(), killgw.gateway(), current) : List.of();
    }

    /**
     * On a box's (re)connect (header EslBox) and on a poll (no box: every box): what changed meanwhile, and the
     * starts whose delete event is overdue.
     */
    public List<GatewayCommand> resync(@Header("EslBox") String box) {
        List<GatewayCommand> commands = new ArrayList<>();
        long overdue = now() - deleteWaitMs;
        boxes.switchnames().forEach((each, switchname) -> {
            if (box != null && !box.equals(each)) {
                return;
            }
            for (String of : domainsOf(each)) {
                commands.addAll(diff(each, switchname, of));
                sharedCopied(of);
                applied.applied(of, switchname).forEach((name, record) -> {
                    Gateway killed = AppliedGateways.read(record);
                    if (killed != null && killed.killed() && killed.killedAt() <= overdue) {
                        commands.addAll(finishKill(each, switchname, of, name, record));
                    }
                });
            }
        });
        return commands;
    }

    /**
     * The domains whose gateways a box's sofia.conf serves: cti.domain; without it, the box's own IPv4 (with
     * cti.json's list, learnt on connect), else every domain in Redis, as for the one box always.
     */
    private Set<String> domainsOf(String box) {
        if (!domain.isEmpty()) {
            return Set.of(domain);
        }
        String ipv4 = boxes.ipv4(box);
        return ipv4 != null ? Set.of(ipv4) : applied.domains();
    }

    /**
     * Upgrade: the one applied hash all boxes shared before goes once each box that serves the domain has a copy
     * of its own; while a listed box has not answered yet, which domain it serves is not known.
     */
    private void sharedCopied(String of) {
        Map<String, String> known = boxes.switchnames();
        if (boxes.listed() && known.size() == boxes.names().size()) {
            applied.dropShared(of, known.entrySet().stream().filter(box -> serves(box.getKey(), of)).map(Map.Entry::getValue).toList());
        }
    }

    /** Whether a box's sofia.conf serves that domain's gateways (see {@link #domainsOf}), without listing them all. */
    private boolean serves(String box, String of) {
        String ipv4 = boxes.ipv4(box);
        return domain.isEmpty() ? ipv4 == null || ipv4.equals(of) : domain.equals(of);
    }

    private List<GatewayCommand> diff(String box, String switchname, String of) {
        Map<String, Gateway> wanted = applied.wanted(of);
        Map<String, String> records = applied.applied(of, switchname);
        Set<String> names = new TreeSet<>(wanted.keySet());
        names.addAll(records.keySet());
        List<GatewayCommand> commands = new ArrayList<>();
        for (String name : names) {
            String before = records.get(name);
            Gateway was = AppliedGateways.read(before);
            Gateway want = wanted.get(name);
            if (was != null && was.killed()) {
                // killgw sent already: the start that follows it fetches the then current value; just keep the record in step
                String after = AppliedGateways.write(want == null ? new Gateway(was.profile(), null, was.killedAt())
                        : want.killedAt(was.killedAt()));
                if (!after.equals(before)) {
                    applied.compareAndSet(of, switchname, name, before, after);
                }
            } else if (was == null && want != null) {
                claim(commands, box, switchname, of, name, before, want, want.profile(), "startgw");
            } else if (was != null && want == null) {
                claim(commands, box, switchname, of, name, before, new Gateway(was.profile(), null, now()), was.profile(), "killgw");
            } else if (was != null && !was.sameAs(want)) {
                claim(commands, box, switchname, of, name, before, want.killedAt(now()), was.profile(), "killgw");
            }
        }
        return commands;
    }

    /** After the box deleted a killed gateway: start what is to follow, or drop the record when nothing is. */
    private List<GatewayCommand> finishKill(String box, String switchname, String of, String name, String current) {
        Gateway killed = AppliedGateways.read(current);
        if (killed == null || !killed.killed()) {
            return List.of();
        }
        if (killed.json() == null) {
            applied.compareAndSet(of, switchname, name, current, null);
            return List.of();
        }
        List<GatewayCommand> commands = new ArrayList<>();
        claim(commands, box, switchname, of, name, current, killed.killedAt(0), killed.profile(), "startgw");
        return commands;
    }

    private void claim(List<GatewayCommand> commands, String box, String switchname, String of, String name, String before,
            Gateway after, String profile, String verb) {
        // names and profiles read back from the applied hash (or named by an event) are checked like those of sofia.conf
        if (!SofiaGatewayReader.NAME.matcher(name).matches() || !SofiaGatewayReader.NAME.matcher(profile).matches()) {
            if (REPORTED.first(switchname + '\0' + of + '\0' + name + '\0' + before)) {
                LOG.warn("Redis {} field {}: the gateway name or its profile cannot stand in a sofia command (letters, digits, "
                        + "_ . - only); {} not sent", AppliedGateways.key(of, switchname),
                        SofiaGatewayReader.NAME.matcher(name).matches() ? "'" + name + "'" : "(not a gateway name)", verb);
            }
            return;
        }
        String record = AppliedGateways.write(after);
        if (applied.compareAndSet(of, switchname, name, before, record)) {
            commands.add(new GatewayCommand(box, switchname, of, name, "sofia profile " + profile + " " + verb + " " + name, before,
                    record, after.killed(), applied));
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
