// cti-camel live console (docs/console.md). Opens the WebSocket first and keeps what it pushes, then reads
// the Redis hashes (GET /console/state) and replays the kept updates on top: nothing falls between the two.
// Updates are numbered; one missing (dropped for a slow browser, or a reconnect) means: read the hashes again.
// Changes only mark a table dirty; it is redrawn at most once per animation frame, so a burst of 1,000
// registrations is one redraw, and the timers tick once a second on the cells they own.
'use strict';

(() => {
  const KINDS = ['registration', 'gateway', 'call'];
  const state = { registration: new Map(), gateway: new Map(), call: new Map() };
  const seenAt = new WeakMap();     // document -> when this page got it (for relative "expires")
  const directions = new Map();     // call uuid -> callout|callin, as the pushed documents said while it rang
  const timers = { registration: [], gateway: [], call: [] };
  const dirty = new Set();
  let socket = null;
  let generation = 0;
  let pending = null;               // updates received while the hashes are being read, or null
  let lastSeq = null;
  let retries = 0;
  let frame = 0;
  let query = '';

  const $ = (id) => document.getElementById(id);
  const box = (doc) => doc['FreeSWITCH-Switchname'] || '';

  function status(text, cls) {
    const el = $('status');
    el.textContent = text;
    el.className = 'status ' + cls;
  }

  function connect() {
    const gen = ++generation;
    pending = [];
    lastSeq = null;
    status(retries ? 'reconnecting…' : 'connecting…', retries ? 'reconnecting' : 'connecting');
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/console/live');
    socket.onopen = () => catchUp(gen);
    socket.onmessage = (event) => receive(JSON.parse(event.data));
    socket.onclose = () => {
      if (gen !== generation) return;
      retries++;
      status('reconnecting…', 'reconnecting');
      setTimeout(connect, Math.min(500 * 2 ** (retries - 1), 5000));
    };
  }

  // Read the hashes, then replay what arrived meanwhile (the socket was open before the read began).
  function catchUp(gen) {
    if (pending === null) pending = [];
    // location.origin: a page opened as http://user:pass@host/ must not fetch a URL with credentials in it
    fetch(location.origin + '/console/state', { cache: 'no-store', credentials: 'same-origin' })
      .then((response) => {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then((snapshot) => {
        if (gen !== generation) return;
        const now = Date.now();
        for (const kind of KINDS) {
          state[kind] = new Map(Object.entries(snapshot[kind] || {}));
          state[kind].forEach((doc) => seenAt.set(doc, now));
          dirty.add(kind);
        }
        const replay = pending;
        pending = null;
        lastSeq = null;
        retries = 0;
        status('live', 'live');
        replay.forEach(receive);
        schedule();
      })
      .catch(() => {
        if (gen === generation) setTimeout(() => catchUp(gen), 2000);
      });
  }

  // {"seq": n, "update": {...}} or a heartbeat {"seq": n} carrying the number of the last update.
  function receive(message) {
    if (pending !== null) {
      pending.push(message);
      return;
    }
    const expected = lastSeq === null ? message.seq : (message.update ? lastSeq + 1 : lastSeq);
    if (message.seq !== expected) {
      status('catching up…', 'connecting');
      pending = [message];
      catchUp(generation);
      return;
    }
    lastSeq = message.seq;
    if (message.update) apply(message.update);
  }

  function apply(update) {
    const docs = state[update.kind];
    if (!docs) return;
    if (update.action === 'remove') {
      // as Redis did: one FreeSWITCH never removes another one's entry
      const shown = docs.get(update.field);
      if (shown && (!box(shown) || !update.node || box(shown) === update.node)) docs.delete(update.field);
    } else {
      seenAt.set(update.data, Date.now());
      docs.set(update.field, update.data);
      if (update.kind === 'call' && (update.data.notify === 'callout' || update.data.notify === 'callin')) {
        directions.set(update.data.current, update.data.notify);
      }
    }
    dirty.add(update.kind);
    schedule();
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  // ---- rows --------------------------------------------------------------------------------------------

  // sofia::register says "expires" in seconds from the event; sofia::expire and a resync, as an epoch time
  function expiresAt(doc) {
    const expires = Number(doc.expires);
    if (!(expires > 0)) return null;
    if (expires > 1e9) return expires * 1000;
    const at = Number(doc['Event-Date-Timestamp']);
    return (at > 0 ? at / 1000 : seenAt.get(doc) || Date.now()) + expires * 1000;
  }

  function registrationRows() {
    return [...state.registration].map(([field, doc]) => ({
      key: field,
      sort: field,
      cells: [
        doc['from-user'] || doc.username || doc.user || field,
        doc['from-host'] || doc.realm || doc.host || '',
        doc['network-ip'] ? doc['network-ip'] + ':' + (doc['network-port'] || '') : '',
        doc['user-agent'] || '',
        { until: expiresAt(doc) },
        box(doc),
      ],
    }));
  }

  function gatewayRows() {
    return [...state.gateway].map(([field, doc]) => ({
      key: field,
      sort: field,
      cells: [
        doc.Gateway || field,
        doc['profile-name'] || '',
        { text: doc.State || '', state: doc.State },
        { text: doc['Ping-Status'] || '', state: doc['Ping-Status'] },
        box(doc),
      ],
    }));
  }

  // One row per call in progress (the document's activity). Its direction: as pushed while it rang, else a
  // leg whose destination is the extension itself rings it (callin), any other is one it placed (callout).
  function callRows() {
    const rows = [];
    state.call.forEach((doc, extension) => {
      (Array.isArray(doc.activity) ? doc.activity : []).forEach((uuid) => {
        const call = doc[uuid] || {};
        const direction = directions.get(uuid)
          || (call['Caller-Destination-Number'] === extension ? 'callin' : 'callout');
        const answered = Number(call['Caller-Channel-Answered-Time']) / 1000;
        rows.push({
          key: uuid,
          sort: extension + ' ' + (call['Caller-Profile-Created-Time'] || ''),
          cells: [
            extension,
            direction,
            direction === 'callout' ? call['Caller-Destination-Number'] || '' : call['Caller-Caller-ID-Number'] || '',
            { text: answered > 0 ? 'answered' : 'ringing', state: answered > 0 ? 'answered' : 'ringing' },
            { since: answered > 0 ? answered : null },
            box(call),
          ],
        });
      });
    });
    return rows;
  }

  const ROWS = { registration: registrationRows, gateway: gatewayRows, call: callRows };
  const TABLES = { registration: 'registrations', gateway: 'gateways', call: 'calls' };
  const collator = new Intl.Collator(undefined, { numeric: true });

  // ---- drawing -----------------------------------------------------------------------------------------

  function render() {
    frame = 0;
    for (const kind of dirty) draw(kind);
    dirty.clear();
    tick();
  }

  function draw(kind) {
    const rows = ROWS[kind]().sort((a, b) => collator.compare(a.sort, b.sort));
    const fragment = document.createDocumentFragment();
    const ticking = [];
    for (const row of rows) {
      const tr = document.createElement('tr');
      tr.dataset.key = row.key;
      const words = [];
      for (const cell of row.cells) {
        const td = document.createElement('td');
        if (typeof cell === 'string') {
          td.textContent = cell;
          words.push(cell);
        } else if ('text' in cell) {
          td.textContent = cell.text;
          if (cell.state) td.className = 'state-' + cell.state;
          words.push(cell.text);
        } else {
          td.className = 'num';
          if (cell.until) td.dataset.until = cell.until;
          if (cell.since) td.dataset.since = cell.since;
          ticking.push(td);
        }
        tr.appendChild(td);
      }
      tr.search = words.join(' ').toLowerCase();
      if (query && !tr.search.includes(query)) tr.className = 'hidden';
      fragment.appendChild(tr);
    }
    document.querySelector('#' + TABLES[kind] + ' tbody').replaceChildren(fragment);
    timers[kind] = ticking;
    count(kind);
  }

  function count(kind) {
    const rows = document.querySelector('#' + TABLES[kind] + ' tbody').rows;
    let shown = 0;
    for (const tr of rows) if (tr.className !== 'hidden') shown++;
    $(kind + '-count').textContent = shown === rows.length ? String(rows.length) : shown + ' of ' + rows.length;
  }

  function clock(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600);
    const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
    const ss = String(s % 60).padStart(2, '0');
    return h ? h + ':' + mm + ':' + ss : mm + ':' + ss;
  }

  function tick() {
    const now = Date.now();
    for (const kind of KINDS) {
      for (const td of timers[kind]) {
        if (td.dataset.until) {
          const left = Number(td.dataset.until) - now;
          td.textContent = left > 0 ? clock(left) : 'expired';
        } else if (td.dataset.since) {
          td.textContent = clock(now - Number(td.dataset.since));
        }
      }
    }
  }

  function filter() {
    query = $('filter').value.trim().toLowerCase();
    for (const kind of KINDS) {
      for (const tr of document.querySelector('#' + TABLES[kind] + ' tbody').rows) {
        tr.className = !query || tr.search.includes(query) ? '' : 'hidden';
      }
      count(kind);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('filter').addEventListener('input', filter);
    setInterval(tick, 1000);
    connect();
  });
})();
