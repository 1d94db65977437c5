package org.cticamel.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.cticamel.config.CtiConfig;
import org.cticamel.esl.protocol.EslArgument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-extension call document in hash {@code call.hash}: {@code username}, {@code current} (the uuid whose
 * state changed last), {@code notify} (its state: callout, callin, answer, hangup), one object per call with
 * the configured fields (and the FreeSWITCH-Switchname it runs on), and {@code activity} (calls in progress).
 * Each change is one Lua script run by Redis: read, change and write the document, then PUBLISH / RPUSH it,
 * atomically. So two legs of one extension changing at once never lose an update, every message equals the
 * stored state, and the state survives a restart of the service (it lives in Redis, not here). The scripts go
 * out pipelined from the single ESL worker, in event order; their replies (the new documents) are handed to
 * {@code copy} in that same order, for the sink feed.
 */
public final class CallState {

    /**
     * KEYS[1] hash, KEYS[2] list (absent when off): every key it touches is declared, so that a Cluster runs it
     * where they live (they must share a slot, see ClusterSlots). ARGV: extension, change
     * (callout|callin|answer|hangup|gone), channel (not a key), node, uuid (for gone: a JSON array of uuids), n,
     * n field names, n values. Returns the new document, or false when a
     * gone changed nothing. The JSON is written here, not by cjson, for a stable key order and for an empty
     * activity that stays [] (cjson writes an empty table as {}).
     */
    static final String UPDATE = """
            local hash, list, ext, change, channel, node, uuid = KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
            local n = tonumber(ARGV[6])
            local doc = {}
            local raw = redis.call('HGET', hash, ext)
            if raw then
              local ok, d = pcall(cjson.decode, raw)
              if ok and type(d) == 'table' then doc = d end
            end
            local function str(v) if type(v) == 'string' or type(v) == 'number' then return tostring(v) end return '' end
            local activity = {}
            if type(doc.activity) == 'table' then
              for _, u in ipairs(doc.activity) do if str(u) ~= '' then activity[#activity + 1] = str(u) end end
            end
            local function without(u) local r = {} for _, v in ipairs(activity) do if v ~= u then r[#r + 1] = v end end return r end
            local current, notify = str(doc.current), str(doc.notify)
            if change == 'gone' then
              local before = #activity
              for _, u in ipairs(cjson.decode(uuid)) do
                activity = without(u)
                if u == current then notify = 'hangup' end
              end
              if #activity == before then return false end
            else
              local call = {}
              for i = 1, n do call[ARGV[6 + i]] = ARGV[6 + n + i] end
              call['FreeSWITCH-Switchname'] = node
              doc[uuid] = call
              activity = without(uuid)
              if change ~= 'hangup' then activity[#activity + 1] = uuid end
              current, notify = uuid, change
            end
            local function entry(u)
              local call = doc[u]
              if type(call) ~= 'table' then call = {} end
              local f = {}
              for i = 1, n do f[i] = cjson.encode(ARGV[6 + i]) .. ':' .. cjson.encode(str(call[ARGV[6 + i]])) end
              f[n + 1] = '"FreeSWITCH-Switchname":' .. cjson.encode(str(call['FreeSWITCH-Switchname']))
              return cjson.encode(u) .. ':{' .. table.concat(f, ',') .. '}'
            end
            local parts = {'"username":' .. cjson.encode(ext), '"current":' .. cjson.encode(current), '"notify":' .. cjson.encode(notify)}
            local ids, shown = {}, {}
            for i, u in ipairs(activity) do parts[#parts + 1] = entry(u); ids[i] = cjson.encode(u); shown[u] = true end
            if current ~= '' and not shown[current] then parts[#parts + 1] = entry(current) end
            parts[#parts + 1] = '"activity":[' .. table.concat(ids, ',') .. ']'
            local json = '{' .. table.concat(parts, ',') .. '}'
            redis.call('HSET', hash, ext, json)
            if channel ~= '' then redis.call('PUBLISH', channel, json) end
            if list then redis.call('RPUSH', list, json) end
            return json""";

    private static final Logger LOG = LoggerFactory.getLogger(CallState.class);

    private final CtiConfig.Store store;
    private final List<String> fields;
    private final Supplier<RedisStores> redis;
    private final Consumer<CtiUpdate> copy;
    /** The stores, looked up once (when the first change comes, every bean exists). */
    private volatile RedisStores stores;

    public CallState(CtiConfig config, List<String> fields, Supplier<RedisStores> redis, Consumer<CtiUpdate> copy) {
        this.store = config.call();
        this.fields = fields;
        this.redis = redis;
        this.copy = copy;
    }

    /** The leg's call changed: callout or callin (created), answer, hangup (leaves activity, stays current). */
    public void apply(CallLegs.CallLeg leg, String change) throws InterruptedException {
        if (store.hash().isEmpty()) {
            return; // the document lives in the hash: no hash, no call state
        }
        List<String> args = new ArrayList<>(List.of(leg.extension(), change, store.channel(), leg.node(), leg.uuid(),
                String.valueOf(fields.size())));
        args.addAll(fields);
        args.addAll(leg.values());
        run(args, leg.extension(), leg.node());
    }

    /**
     * After a (re)connect, from {@code show channels as json} of FreeSWITCH {@code node}: the calls of that node
     * that documents hold as active and FreeSWITCH no longer has leave their activity (if one was
     * {@code current}, {@code notify} becomes hangup: it ended unseen). Returns the live channels no document
     * holds, which may have started while the event socket was down (to be looked at with uuid_dump).
     */
    public List<String> resync(String output, String node) throws InterruptedException {
        if (store.hash().isEmpty()) {
            return List.of();
        }
        JsonNode shown;
        try {
            shown = Json.MAPPER.readTree(output);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("show channels as json did not answer JSON: " + output.strip());
        }
        Set<String> live = new LinkedHashSet<>();
        shown.path("rows").forEach(row -> live.add(row.path("uuid").asText()));
        Set<String> held = new HashSet<>();
        for (Map.Entry<String, String> doc : stores().entries(store.hash()).entrySet()) {
            JsonNode stored = stored(doc.getValue());
            List<String> gone = new ArrayList<>();
            stored.path("activity").forEach(uuid -> {
                held.add(uuid.asText());
                if (!live.contains(uuid.asText()) && node.equals(stored.path(uuid.asText()).path(EventUpdates.NODE).asText())) {
                    gone.add(uuid.asText());
                }
            });
            if (!gone.isEmpty()) {
                List<String> args = new ArrayList<>(List.of(doc.getKey(), "gone", store.channel(), node, Json.write(gone),
                        String.valueOf(fields.size())));
                args.addAll(fields);
                run(args, doc.getKey(), node);
            }
        }
        // each goes into uuid_dump <uuid> json: FreeSWITCH's answer is not trusted with a command either
        List<String> unheld = live.stream().filter(uuid -> !held.contains(uuid)).toList();
        List<String> words = unheld.stream().filter(EslArgument::isWord).toList();
        if (words.size() < unheld.size()) {
            LOG.warn("show channels as json: {} channel uuids with a space or control character left out of the resync",
                    unheld.size() - words.size());
        }
        return words;
    }

    private void run(List<String> args, String extension, String node) throws InterruptedException {
        String[] keys = store.list().isEmpty() ? new String[] {store.hash()} : new String[] {store.hash(), store.list()};
        stores().script(UPDATE, keys, args.toArray(String[]::new), "call update", extension)
                .thenAccept(json -> {
                    if (json != null) {
                        copy.accept(new CtiUpdate("call", CtiUpdate.SET, extension, json, node));
                    }
                }).exceptionally(error -> {
                    LOG.debug("call update of {} not copied to the sink feed: {}", extension, error.toString());
                    return null;
                });
    }

    private RedisStores stores() {
        if (stores == null) {
            stores = redis.get();
        }
        return stores;
    }

    private static JsonNode stored(String value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.missingNode(); // not ours to judge: the next update of that extension rewrites it
        }
    }
}
