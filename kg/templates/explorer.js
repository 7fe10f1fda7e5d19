/* Knowledge-graph explorer: renders the JSON embedded in #kg-data with vis-network.
 * Data is only ever put into the page with textContent / DOM properties, never as HTML. */
(function () {
  'use strict';

  var TIMING = { start: performance.now() };
  var DATA = JSON.parse(document.getElementById('kg-data').textContent);
  TIMING.parsed = performance.now();
  var NODES = DATA.nodes;
  var EDGES = DATA.edges;
  var KINDS = DATA.edgeKinds;
  var ARTICLES = DATA.articles || [];
  var TYPES = {};
  DATA.types.forEach(function (t) { TYPES[t.key] = t; });
  var KIND = {};
  KINDS.forEach(function (k, i) { KIND[k.key] = i; });
  var ACTOR_TYPES = { person: 1, organization: 1, anonymous: 1, other: 1 };
  var N = NODES.length;
  var BIG = N > 3000;

  // ---- adjacency -------------------------------------------------------
  var outE = new Array(N), inE = new Array(N);
  for (var i = 0; i < N; i++) { outE[i] = []; inE[i] = []; }
  EDGES.forEach(function (e, idx) {
    outE[e[0]].push(idx);
    inE[e[1]].push(idx);
  });
  function outOf(id, kind) {
    var k = KIND[kind], res = [];
    outE[id].forEach(function (ei) { if (EDGES[ei][2] === k) res.push(EDGES[ei][1]); });
    return res;
  }
  function inOf(id, kind) {
    var k = KIND[kind], res = [];
    inE[id].forEach(function (ei) { if (EDGES[ei][2] === k) res.push(EDGES[ei][0]); });
    return res;
  }
  var iriIndex = {};
  NODES.forEach(function (n, id) { iriIndex[n.i] = id; });

  // ---- filters state ---------------------------------------------------
  var typeOn = {};
  DATA.types.forEach(function (t) { typeOn[t.key] = !!t.visible; });
  var dateFrom = '', dateTo = '';

  function meetingInRange(n) {
    if (!dateFrom && !dateTo) return true;
    if (!n.d) return true;               // undated meetings are never "outside" a range
    var start = n.d, end = n.e || n.d;
    if (dateFrom && end < dateFrom) return false;
    if (dateTo && start > dateTo) return false;
    return true;
  }

  function computeHidden() {
    var hidden = new Array(N);
    var meetingOut = new Array(N);
    var dateActive = !!(dateFrom || dateTo);
    for (var id = 0; id < N; id++) {
      var n = NODES[id];
      meetingOut[id] = n.t === 'meeting' && dateActive && !meetingInRange(n);
      hidden[id] = !typeOn[n.t] || meetingOut[id];
    }
    if (dateActive) {
      // Hide what only the out-of-range meetings connect.
      var said = KIND.said, mentions = KIND.mentions;
      for (id = 0; id < N; id++) {
        if (hidden[id] || NODES[id].t === 'statement') continue;
        var links = 0, viaOut = 0;
        var lists = [outE[id], inE[id]];
        for (var l = 0; l < 2; l++) {
          var list = lists[l];
          for (var j = 0; j < list.length; j++) {
            var e = EDGES[list[j]];
            if (e[2] === said || e[2] === mentions) continue;
            var other = e[0] === id ? e[1] : e[0];
            links++;
            if (meetingOut[other]) viaOut++;
          }
        }
        if (links > 0 && links === viaOut) hidden[id] = true;
      }
    }
    return hidden;
  }

  function edgeHidden(e, hidden) {
    if (hidden[e[0]] || hidden[e[1]]) return true;
    if (e[2] === KIND.mentions_agg) return !!typeOn.statement;  // statement nodes carry the links instead
    return false;
  }

  // ---- vis data --------------------------------------------------------
  var hiddenNow = computeHidden();
  var visNodes = new Array(N);
  for (i = 0; i < N; i++) {
    var n = NODES[i];
    visNodes[i] = { id: i, label: n.l, x: n.x, y: n.y, size: n.s, group: n.t, hidden: hiddenNow[i] };
    // small graphs: hubs get bigger labels, so the main actors read at first sight
    if (!BIG && n.t !== 'statement') visNodes[i].font = { size: Math.round(Math.min(22, 11 + 0.45 * n.s)) };
  }
  var visEdges = new Array(EDGES.length);
  var edgeHiddenNow = new Array(EDGES.length);
  // Plain colour strings: a colour object with opacity is re-parsed on every frame.
  var edgeColors = KINDS.map(function (k) { return { color: shade(k.color, 0.3), highlight: k.color }; });
  EDGES.forEach(function (e, idx) {
    var kind = KINDS[e[2]];
    edgeHiddenNow[idx] = edgeHidden(e, hiddenNow);
    var edge = { id: idx, from: e[0], to: e[1], label: kind.label, color: edgeColors[e[2]], hidden: edgeHiddenNow[idx] };
    if (kind.dashes) edge.dashes = true;
    visEdges[idx] = edge;
  });
  var nodesDS = new vis.DataSet(visNodes);
  var edgesDS = new vis.DataSet(visEdges);
  TIMING.datasets = performance.now();

  var groups = {};
  DATA.types.forEach(function (t) {
    groups[t.key] = {
      shape: t.shape,
      color: { background: t.color, border: shade(t.color, -0.25),
               highlight: { background: shade(t.color, 0.2), border: '#111' },
               hover: { background: shade(t.color, 0.2), border: '#111' } },
      borderWidth: 1
    };
  });
  var options = {
    autoResize: true,
    groups: groups,
    layout: { improvedLayout: false, randomSeed: 1 },
    physics: {
      enabled: false, solver: 'forceAtlas2Based',
      forceAtlas2Based: { gravitationalConstant: -45, springLength: 110, springConstant: 0.06, avoidOverlap: 0.4 },
      stabilization: { enabled: false }, minVelocity: 1.0, maxVelocity: 40, timestep: 0.4
    },
    interaction: { hover: false, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG, multiselect: false,
                   tooltipDelay: 300, zoomSpeed: 0.8 },
    nodes: {
      font: { size: 14, face: 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif',
              color: '#1d1d1f', strokeWidth: 3, strokeColor: 'rgba(255,255,255,0.9)' },
      scaling: { label: { drawThreshold: 7 } }
    },
    edges: {
      smooth: false, width: 1, selectionWidth: 1.5,
      arrows: { to: { enabled: !BIG, scaleFactor: 0.45 } },
      font: { size: 11, color: '#55555a', strokeWidth: 2, strokeColor: '#ffffff', align: 'middle' },
      scaling: { label: { drawThreshold: 6 } }
    }
  };
  var container = document.getElementById('network');
  var network = new vis.Network(container, { nodes: nodesDS, edges: edgesDS }, options);
  TIMING.network = performance.now();

  // Fit the drawing (labels included) to the part of the screen the controls box leaves free.
  function fitView() {
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    var showLabels = N <= 400;
    for (var id = 0; id < N; id++) {
      if (hiddenNow[id]) continue;
      var n = NODES[id], half = showLabels ? Math.max(n.s, n.l.length * 4.4 + 6) : n.s;
      if (n.x - half < minX) minX = n.x - half;
      if (n.x + half > maxX) maxX = n.x + half;
      if (n.y - n.s < minY) minY = n.y - n.s;
      if (n.y + n.s + (showLabels ? 22 : 0) > maxY) maxY = n.y + n.s + (showLabels ? 22 : 0);
    }
    if (!isFinite(minX)) return;
    var controls = document.getElementById('controls');
    var left = controls ? controls.offsetLeft + controls.offsetWidth + 8 : 0;
    var w = container.clientWidth - left - 16, h = container.clientHeight - 24;
    if (w < 200) { left = 0; w = container.clientWidth; }
    var scale = Math.min(w / Math.max(maxX - minX, 1), h / Math.max(maxY - minY, 1), 1.6);
    var cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
    var screenCx = left + w / 2, shift = screenCx - container.clientWidth / 2;
    network.moveTo({ position: { x: cx - shift / scale, y: cy }, scale: scale });
  }
  fitView();

  var api = window.kgExplorer = {
    ready: false, readyAt: null, timing: TIMING, network: network, nodes: nodesDS, edges: edgesDS, data: DATA,
    select: select, focus: focus, search: search, findAndFocus: findAndFocus,
    setTypeVisible: setTypeVisible, setDateRange: setDateRange, counts: counts,
    domPosition: domPosition, idByIri: function (iri) { return iri in iriIndex ? iriIndex[iri] : null; },
    selected: null
  };

  network.once('afterDrawing', function () {
    api.ready = true;
    api.readyAt = TIMING.drawn = performance.now();
    var l = document.getElementById('loading');
    if (l) l.remove();
    document.body.setAttribute('data-ready', '1');
  });
  // Zoomed far out, nodes shrink below a pixel: take the nearest node within a few pixels.
  function nearestNode(canvasPoint, pixels) {
    var limit = pixels / network.getScale(), best = null, bestD = Infinity;
    for (var id = 0; id < N; id++) {
      if (hiddenNow[id]) continue;
      var n = NODES[id], dx = n.x - canvasPoint.x, dy = n.y - canvasPoint.y;
      var d = Math.sqrt(dx * dx + dy * dy) - n.s;
      if (d < limit && d < bestD) { bestD = d; best = id; }
    }
    return best;
  }
  function onPointer(params) {
    if (params.nodes && params.nodes.length) { select(params.nodes[0]); return; }
    var near = params.pointer && params.pointer.canvas ? nearestNode(params.pointer.canvas, 6) : null;
    if (near !== null) select(near);
    else if (!params.edges || !params.edges.length) closePanel();
  }
  network.on('click', onPointer);
  network.on('hold', onPointer);  // a slow frame can turn a click into a "hold"
  if (BIG) {
    // Arrowheads cost as much as the lines; draw them only once zoomed in.
    var arrowsOn = false;
    network.on('zoom', function () {
      var want = network.getScale() > 0.3;
      if (want !== arrowsOn) {
        arrowsOn = want;
        network.setOptions({ edges: { arrows: { to: { enabled: want, scaleFactor: 0.45 } } } });
      }
    });
  }

  // ---- helpers ---------------------------------------------------------
  function shade(hex, amount) {
    var c = parseInt(hex.slice(1), 16), r = c >> 16, g = (c >> 8) & 255, b = c & 255;
    function f(v) { return Math.max(0, Math.min(255, Math.round(amount < 0 ? v * (1 + amount) : v + (255 - v) * amount))); }
    return 'rgb(' + f(r) + ',' + f(g) + ',' + f(b) + ')';
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function swatch(type) {
    var t = TYPES[type] || TYPES.other;
    var s = el('span', null, 'swatch shape-' + t.shape);
    s.style.background = t.color;
    return s;
  }
  function nodeLink(id) {
    var b = el('button', NODES[id].l, 'link');
    b.type = 'button';
    b.addEventListener('click', function () { focus(id); });
    return b;
  }
  function joinLinks(parent, ids) {
    ids.forEach(function (id, k) {
      if (k) parent.appendChild(document.createTextNode(', '));
      parent.appendChild(nodeLink(id));
    });
  }
  function dateText(n) {
    if (!n.d) return 'date unknown';
    return n.e ? n.d + ' – ' + n.e : n.d;
  }
  function uniq(list) {
    var seen = {}, res = [];
    list.forEach(function (x) { if (!seen[x]) { seen[x] = 1; res.push(x); } });
    return res;
  }
  function safeUrl(u) { return typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null; }

  // ---- panel -----------------------------------------------------------
  var panel = document.getElementById('panel');
  var body = document.getElementById('panel-body');
  document.getElementById('panel-close').addEventListener('click', closePanel);

  function closePanel() {
    panel.hidden = true;
    api.selected = null;
    network.unselectAll();
  }

  function section(title, items, render, emptyText) {
    body.appendChild(el('h4', title + (items.length ? ' (' + items.length + ')' : '')));
    if (!items.length) { body.appendChild(el('div', emptyText || 'none', 'empty')); return; }
    var ul = el('ul');
    items.forEach(function (x) { var li = el('li', null, 'item'); render(li, x); ul.appendChild(li); });
    body.appendChild(ul);
  }

  function sourceLine(parent, srcs) {
    (srcs || []).forEach(function (ai) {
      var a = ARTICLES[ai];
      if (!a) return;
      var line = el('div', null, 'meta');
      line.appendChild(document.createTextNode('Source: '));
      var label = (a.h || a.id) + (a.d ? ' (' + a.d + ')' : '');
      var url = safeUrl(a.u);
      if (url) {
        var link = el('a', label, 'src');
        link.href = url; link.target = '_blank'; link.rel = 'noopener noreferrer';
        line.appendChild(link);
      } else {
        line.appendChild(el('span', label));
      }
      if (a.h && a.id) line.appendChild(document.createTextNode(' [' + a.id + ']'));
      parent.appendChild(line);
    });
  }

  function renderStatement(li, sid, showSpeaker) {
    var s = NODES[sid];
    var indirect = s.k === 'indirect';
    var top = el('div', null, 'meta');
    top.appendChild(el('span', indirect ? 'reported speech' : (s.k === 'direct' ? 'direct quote' : (s.k || 'statement')),
                       'badge' + (indirect ? ' indirect' : '')));
    if (showSpeaker) {
      var sp = inOf(sid, 'said');
      top.appendChild(document.createTextNode(' '));
      if (sp.length) joinLinks(top, sp); else top.appendChild(document.createTextNode('speaker unknown'));
    }
    li.appendChild(top);
    li.appendChild(el('blockquote', indirect ? s.tx : '«' + s.tx + '»', indirect ? 'indirect' : ''));
    sourceLine(li, s.src);
    (s.ev || []).forEach(function (ev) {
      if (norm(ev[0]) === norm(s.tx)) return;  // the sentence is the quote itself
      var sent = el('div', ev[0], 'sentence');
      if (ev[1] !== null && ev[1] !== undefined) sent.title = 'characters ' + ev[1] + '–' + ev[2];
      li.appendChild(sent);
    });
    var m = outOf(sid, 'mentions');
    if (m.length) {
      var line = el('div', 'Mentions: ', 'meta');
      joinLinks(line, m);
      li.appendChild(line);
    }
  }

  function byDate(a, b) {
    var da = NODES[a].d || '9999', db = NODES[b].d || '9999';
    return da < db ? -1 : da > db ? 1 : a - b;
  }
  function stmtDate(sid) {
    var s = NODES[sid];
    var d = (s.src || []).map(function (ai) { return (ARTICLES[ai] || {}).d || ''; }).sort()[0];
    return d || '';
  }

  function renderMeeting(li, mid, exceptId) {
    var m = NODES[mid];
    var head = el('button', dateText(m) + (m.n ? ' · ' + m.n : ''), 'link');
    head.type = 'button';
    head.style.fontWeight = '600';
    head.addEventListener('click', function () { focus(mid); });
    li.appendChild(head);
    var places = outOf(mid, 'held_in');
    var where = el('div', 'Place: ', 'meta');
    if (places.length) joinLinks(where, places); else where.appendChild(document.createTextNode('not stated'));
    li.appendChild(where);
    var others = inOf(mid, 'attended').filter(function (x) { return x !== exceptId; });
    var who = el('div', exceptId === undefined ? 'Attendees: ' : 'With: ', 'meta');
    if (others.length) joinLinks(who, others); else who.appendChild(document.createTextNode('nobody else named'));
    li.appendChild(who);
  }

  function renderRole(li, rid) {
    var r = NODES[rid];
    li.appendChild(el('div', r.rn || r.ti || r.l));
    var orgs = outOf(rid, 'role_org');
    if (orgs.length) { var o = el('div', 'Organisation: ', 'meta'); joinLinks(o, orgs); li.appendChild(o); }
    sourceLine(li, r.src);
  }

  function select(id) {
    id = Number(id);
    if (!(id >= 0 && id < N)) return false;
    api.selected = id;
    var n = NODES[id];
    body.textContent = '';
    var type = el('div', null, 'type');
    type.appendChild(swatch(n.t));
    type.appendChild(el('span', (TYPES[n.t] || TYPES.other).label));
    body.appendChild(type);
    body.appendChild(el('h2', n.t === 'statement' ? 'Statement' : n.l));
    if (n.a && n.a.length) body.appendChild(el('div', 'Also: ' + n.a.join(' · '), 'aliases'));
    if (nodesDS.get(id) && nodesDS.get(id).hidden) body.appendChild(el('div', '(hidden by the current filters)', 'meta'));

    if (ACTOR_TYPES[n.t]) {
      section('Roles', outOf(id, 'holds_role'), renderRole);
      section('Meetings', outOf(id, 'attended').sort(byDate), function (li, mid) { renderMeeting(li, mid, id); });
      var stmts = outOf(id, 'said').sort(function (a, b) { return stmtDate(a) < stmtDate(b) ? -1 : stmtDate(a) > stmtDate(b) ? 1 : a - b; });
      section('Statements', stmts, function (li, sid) { renderStatement(li, sid, false); });
      var mentionedIn = inOf(id, 'mentions');
      if (mentionedIn.length) section('Mentioned in statements by others', mentionedIn, function (li, sid) { renderStatement(li, sid, true); });
      var rolesHere = inOf(id, 'role_org');
      if (rolesHere.length) section('Roles in this organisation', rolesHere, function (li, rid) {
        li.appendChild(el('div', NODES[rid].rn || NODES[rid].l));
        var h = el('div', 'Held by: ', 'meta'); joinLinks(h, inOf(rid, 'holds_role')); li.appendChild(h);
      });
      var heldHere = inOf(id, 'held_in');
      if (heldHere.length) section('Meetings held here', heldHere.sort(byDate), function (li, mid) { renderMeeting(li, mid); });
    } else if (n.t === 'place') {
      section('Meetings held here', inOf(id, 'held_in').sort(byDate), function (li, mid) { renderMeeting(li, mid); });
      var ment = inOf(id, 'mentions');
      if (ment.length) section('Mentioned in statements', ment, function (li, sid) { renderStatement(li, sid, true); });
      var rolesOf = inOf(id, 'role_org');
      if (rolesOf.length) section('Roles', rolesOf, function (li, rid) {
        li.appendChild(el('div', NODES[rid].rn || NODES[rid].l));
        var h = el('div', 'Held by: ', 'meta'); joinLinks(h, inOf(rid, 'holds_role')); li.appendChild(h);
      });
    } else if (n.t === 'meeting') {
      body.appendChild(el('div', 'Date: ' + dateText(n), 'meta'));
      if (n.n) body.appendChild(el('div', 'Name: ' + n.n, 'meta'));
      var pl = el('div', 'Place: ', 'meta');
      var places = outOf(id, 'held_in');
      if (places.length) joinLinks(pl, places); else pl.appendChild(document.createTextNode('not stated'));
      body.appendChild(pl);
      section('Attendees', inOf(id, 'attended'), function (li, aid) { li.appendChild(nodeLink(aid)); });
      body.appendChild(el('h4', 'Sources'));
      sourceLine(body, n.src);
    } else if (n.t === 'role') {
      if (n.ti && n.ti !== n.l) body.appendChild(el('div', 'Title: ' + n.ti, 'meta'));
      section('Held by', inOf(id, 'holds_role'), function (li, pid) { li.appendChild(nodeLink(pid)); });
      section('Organisation', outOf(id, 'role_org'), function (li, oid) { li.appendChild(nodeLink(oid)); }, 'not stated');
      body.appendChild(el('h4', 'Sources'));
      sourceLine(body, n.src);
    } else if (n.t === 'statement') {
      var ul = el('ul'), li = el('li', null, 'item');
      renderStatement(li, id, true);
      ul.appendChild(li);
      body.appendChild(ul);
    }
    panel.hidden = false;
    panel.scrollTop = 0;
    if (nodesDS.get(id) && !nodesDS.get(id).hidden) {
      network.selectNodes([id]);
      keepInView(id);
    }
    return true;
  }

  // If the node sits under the side panel or the controls box, pan it into the free strip.
  function keepInView(id) {
    var p = network.canvasToDOM(network.getPosition(id));
    var controls = document.getElementById('controls');
    var left = controls ? controls.offsetLeft + controls.offsetWidth : 0;
    var right = panel.hidden ? container.clientWidth : panel.offsetLeft;
    if (p.x > left + 30 && p.x < right - 30 && p.y > 20 && p.y < container.clientHeight - 20) return;
    var scale = network.getScale(), view = network.getViewPosition();
    var dx = ((left + right) / 2 - p.x) / scale, dy = (container.clientHeight / 2 - p.y) / scale;
    network.moveTo({ position: { x: view.x - dx, y: view.y - dy }, scale: scale,
                     animation: { duration: 300, easingFunction: 'easeInOutQuad' } });
  }

  function focus(id) {
    id = Number(id);
    if (!select(id)) return false;
    if (!nodesDS.get(id).hidden) {
      var scale = Math.max(network.getScale(), 1.0);
      var controls = document.getElementById('controls');
      var left = controls ? controls.offsetLeft + controls.offsetWidth : 0;
      var right = panel.hidden ? container.clientWidth : panel.offsetLeft;
      var offsetX = (left + right) / 2 - container.clientWidth / 2;
      network.focus(id, { scale: scale, offset: { x: offsetX, y: 0 },
                          animation: { duration: 350, easingFunction: 'easeInOutQuad' } });
    }
    return true;
  }

  function domPosition(id) {
    var p = network.getPosition(id);
    var d = network.canvasToDOM(p);
    var r = container.getBoundingClientRect();
    return { x: r.left + d.x, y: r.top + d.y };
  }

  // ---- search ----------------------------------------------------------
  function norm(s) {
    return String(s || '').toLowerCase().replace(/ё/g, 'е')
      .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  }
  function words(s) { var t = norm(s); return t ? t.split(' ') : []; }
  function commonPrefix(a, b) {
    var k = 0, m = Math.min(a.length, b.length);
    while (k < m && a.charCodeAt(k) === b.charCodeAt(k)) k++;
    return k;
  }
  // Score of query word q against a name word w: 0 = no match.
  function wordScore(q, w) {
    if (q === w) return 4;
    if (w.lastIndexOf(q, 0) === 0) return 3;                               // typing a prefix
    if (q.lastIndexOf(w, 0) === 0 && q.length - w.length <= 3 && w.length >= 3) return 2.5;  // inflected ending added
    var m = Math.min(q.length, w.length);
    if (m >= 4 && commonPrefix(q, w) >= Math.max(4, Math.min(5, m - 1))) return 2;  // same stem (first 5 letters)
    return 0;
  }
  var searchIndex = [];
  NODES.forEach(function (n, id) {
    if (n.t === 'statement') return;
    var forms = [n.l].concat(n.a || []);
    if (n.t === 'role' && n.ti) forms.push(n.ti);
    forms.forEach(function (f) {
      var ws = words(f);
      if (ws.length) searchIndex.push({ id: id, form: f, norm: ws.join(' '), words: ws });
    });
  });
  var degree = new Array(N);
  for (i = 0; i < N; i++) degree[i] = outE[i].length + inE[i].length;

  function search(query, limit) {
    var qw = words(query);
    if (!qw.length) return [];
    var qn = qw.join(' ');
    var best = {};
    for (var k = 0; k < searchIndex.length; k++) {
      var entry = searchIndex[k];
      var score;
      if (entry.norm === qn) score = 100;
      else {
        score = 0;
        for (var a = 0; a < qw.length; a++) {
          var bestW = 0;
          for (var b = 0; b < entry.words.length; b++) {
            var sc = wordScore(qw[a], entry.words[b]);
            if (sc > bestW) bestW = sc;
          }
          if (!bestW) { score = 0; break; }
          score += bestW;
        }
        if (!score) continue;
      }
      var t = NODES[entry.id].t;
      if (ACTOR_TYPES[t]) score += 0.5;
      var prev = best[entry.id];
      if (!prev || prev.score < score) best[entry.id] = { id: entry.id, label: NODES[entry.id].l, type: t, form: entry.form, score: score };
    }
    var res = Object.keys(best).map(function (key) { return best[key]; });
    res.sort(function (x, y) { return y.score - x.score || degree[y.id] - degree[x.id] || x.id - y.id; });
    return res.slice(0, limit || 10);
  }

  function findAndFocus(query) {
    var r = search(query, 1);
    if (!r.length) return null;
    focus(r[0].id);
    return r[0].id;
  }

  var searchInput = document.getElementById('search');
  var resultsList = document.getElementById('search-results');
  var searchTimer = null, lastResults = [];
  function showResults() {
    lastResults = search(searchInput.value, 10);
    resultsList.textContent = '';
    lastResults.forEach(function (r, k) {
      var li = el('li'), b = el('button', null, k === 0 ? 'active' : '');
      b.type = 'button';
      b.appendChild(swatch(r.type));
      b.appendChild(el('span', r.label));
      if (norm(r.form) !== norm(r.label)) b.appendChild(el('span', r.form, 'via'));
      b.addEventListener('click', function () { focus(r.id); resultsList.textContent = ''; });
      li.appendChild(b);
      resultsList.appendChild(li);
    });
    if (searchInput.value && !lastResults.length) {
      var none = el('li'); none.appendChild(el('span', 'no match', 'via')); resultsList.appendChild(none);
    }
  }
  searchInput.addEventListener('input', function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(showResults, BIG ? 150 : 40);
  });
  searchInput.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') {
      clearTimeout(searchTimer);
      showResults();
      if (lastResults.length) focus(lastResults[0].id);
      resultsList.textContent = '';
    } else if (ev.key === 'Escape') {
      searchInput.value = ''; resultsList.textContent = '';
    }
  });
  document.addEventListener('click', function (ev) {
    if (!document.getElementById('searchbox').contains(ev.target)) resultsList.textContent = '';
  });

  // ---- filters ---------------------------------------------------------
  function applyFilters() {
    var hidden = computeHidden();
    var nodeUpd = [], edgeUpd = [];
    for (var id = 0; id < N; id++) {
      if (hidden[id] !== hiddenNow[id]) nodeUpd.push({ id: id, hidden: hidden[id] });
    }
    for (var k = 0; k < EDGES.length; k++) {
      var h = edgeHidden(EDGES[k], hidden);
      if (h !== edgeHiddenNow[k]) { edgeUpd.push({ id: k, hidden: h }); edgeHiddenNow[k] = h; }
    }
    hiddenNow = hidden;
    if (nodeUpd.length) nodesDS.update(nodeUpd);
    if (edgeUpd.length) edgesDS.update(edgeUpd);
    updateStats();
  }
  function setTypeVisible(type, on) {
    typeOn[type] = !!on;
    var box = document.querySelector('#type-filters input[data-type="' + type + '"]');
    if (box) box.checked = !!on;
    applyFilters();
    return counts();
  }
  function setDateRange(from, to) {
    dateFrom = from || ''; dateTo = to || '';
    document.getElementById('date-from').value = dateFrom;
    document.getElementById('date-to').value = dateTo;
    applyFilters();
    return counts();
  }
  function counts() {
    var visible = 0, byType = {}, visibleEdges = 0;
    for (var id = 0; id < N; id++) {
      var t = NODES[id].t;
      if (!byType[t]) byType[t] = { total: 0, visible: 0 };
      byType[t].total++;
      if (!hiddenNow[id]) { visible++; byType[t].visible++; }
    }
    for (var k = 0; k < EDGES.length; k++) if (!edgeHiddenNow[k]) visibleEdges++;
    return { nodes: N, edges: EDGES.length, visible: visible, visibleEdges: visibleEdges,
             byType: byType, drawn: Object.keys(network.body.nodes).length };
  }
  function updateStats() {
    var c = counts();
    document.getElementById('stats').textContent =
      c.visible + ' of ' + c.nodes + ' nodes · ' + c.visibleEdges + ' of ' + c.edges + ' edges shown';
  }

  // type filters double as the node legend
  var typeBox = document.getElementById('type-filters');
  var totals = {};
  NODES.forEach(function (n) { totals[n.t] = (totals[n.t] || 0) + 1; });
  DATA.types.forEach(function (t) {
    if (!totals[t.key] && t.key === 'other') return;
    var label = el('label');
    var cb = el('input');
    cb.type = 'checkbox'; cb.checked = typeOn[t.key]; cb.setAttribute('data-type', t.key);
    cb.addEventListener('change', function () { setTypeVisible(t.key, cb.checked); });
    label.appendChild(cb);
    label.appendChild(swatch(t.key));
    label.appendChild(el('span', t.label));
    label.appendChild(el('span', totals[t.key] || 0, 'count'));
    typeBox.appendChild(label);
  });
  var edgeBox = document.getElementById('edge-legend');
  var shownKinds = {};
  KINDS.forEach(function (k) {
    if (shownKinds[k.label]) return;
    shownKinds[k.label] = 1;
    var row = el('div', null, 'edge-legend');
    var line = el('span', null, 'line' + (k.dashes ? ' dashed' : ''));
    line.style.borderTopColor = k.color;
    row.appendChild(line);
    row.appendChild(el('span', k.label));
    edgeBox.appendChild(row);
  });

  // dates
  var dates = NODES.filter(function (n) { return n.t === 'meeting' && n.d; })
    .map(function (n) { return n.d; }).sort();
  var fromInput = document.getElementById('date-from'), toInput = document.getElementById('date-to');
  if (dates.length) {
    fromInput.min = toInput.min = dates[0];
    fromInput.max = toInput.max = dates[dates.length - 1];
  }
  fromInput.addEventListener('change', function () { setDateRange(fromInput.value, toInput.value); });
  toInput.addEventListener('change', function () { setDateRange(fromInput.value, toInput.value); });
  document.getElementById('date-reset').addEventListener('click', function () { setDateRange('', ''); });

  // physics: only offered for small graphs; switches itself off once stable
  var physicsBox = document.getElementById('physics');
  var physicsTimer = null;
  if (N > 2000) {
    physicsBox.disabled = true;
    document.getElementById('physics-note').textContent = 'graph too big';
  }
  function stopPhysics() {
    clearTimeout(physicsTimer);
    network.setOptions({ physics: { enabled: false } });
    physicsBox.checked = false;
  }
  physicsBox.addEventListener('change', function () {
    if (physicsBox.checked) {
      network.setOptions({ physics: { enabled: true } });
      network.once('stabilized', stopPhysics);
      physicsTimer = setTimeout(stopPhysics, 20000);
    } else {
      stopPhysics();
    }
  });
  document.getElementById('fit').addEventListener('click', fitView);

  document.getElementById('title').textContent = DATA.title || 'Knowledge graph explorer';
  document.title = DATA.title || 'Knowledge graph explorer';
  updateStats();
})();
