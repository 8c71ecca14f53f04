/* warmonitor dashboard and event map. Plain ES2017, no build step, no framework.
 *
 * Needs (loaded before this file, all vendored): Leaflet (window.L), topojson-client
 * (window.topojson) and, on the dashboard, leaflet.markercluster (L.markerClusterGroup). Configuration comes from <body data-static data-tiles>.
 *
 * Security: every piece of text from the server is inserted with textContent or
 * createTextNode, never innerHTML; Leaflet popups get a DOM element, not a string.
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var REGION_RADIUS_M = 40000;  // an event placed by its region alone: shown as about a governorate's reach
  var SYRIA = { lat: 35, lon: 38.5, zoom: 6 };
  // The map opens on the countries holding the bulk of a selection: each with at least this
  // share of its mapped events or of their killed (see splitByCountry).
  var CORE_SHARE = 0.05;
  var STATIC = (document.body.getAttribute('data-static') || '/static').replace(/\/+$/, '');
  var TILES = document.body.getAttribute('data-tiles') || null;
  var FILTER_NAMES = ['q', 'from', 'to', 'country', 'conflict', 'admin1', 'type', 'side', 'min_killed'];
  // The table's orders (the API's ``sort``); the first is the default. A column's first
  // click sorts it the way a reader wants first: newest, deadliest, A to Z.
  var SORTS = ['-date', 'date', '-killed', 'killed', 'place', '-place'];
  var FIRST_SORT = { date: '-date', killed: '-killed', place: 'place' };
  var PAGE_SIZES = [25, 10, 50, 100];  // rows per page; the first is the default
  // Filters the API takes but the form does not show: kept from the URL, passed through.
  var EXTRA_NAMES = ['place', 'actor', 'bbox'];
  var AGGREGATE_NAMES = ['from', 'to', 'country', 'conflict', 'admin1'];  // the filters /aggregates takes

  var TYPE_COLOURS = {
    air_strike: '#d62728',
    shelling: '#ff7f0e',
    explosion: '#8c564b',
    armed_clash: '#1f77b4',
    attack_on_civilians: '#e377c2',
    execution: '#6a3d9a',
    abduction: '#b8a800',
    territory: '#17becf',
    ceasefire: '#2ca02c',
    displacement: '#7fb3d5',
    protest: '#98df8a',
    other: '#7f7f7f'
  };
  var TYPE_LABELS = {
    air_strike: 'air or drone strike',
    shelling: 'shelling, artillery, missiles',
    explosion: 'explosion, IED, car bomb',
    armed_clash: 'armed clash',
    attack_on_civilians: 'attack on civilians',
    territory: 'territory, advance, siege'
  };
  var SERIES_COLOURS = {
    civilians: '#d62728',
    government: '#1f77b4',
    opposition: '#2ca02c',
    jihadist: '#333333',
    kurdish: '#ff7f0e',
    foreign: '#9467bd',
    combatants: '#8c564b',
    mixed: '#bcbd22',
    unknown: '#aaaaaa',
    unspecified: '#9e9e9e'
  };
  var PALETTE = ['#17becf', '#e377c2', '#8c564b', '#bcbd22', '#7f7f7f', '#aec7e8', '#ffbb78', '#98df8a'];

  // ---------------------------------------------------------------- helpers

  function $(selector, root) { return (root || document).querySelector(selector); }

  /** An HTML element; attrs set with setAttribute, children are nodes or strings (as text). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v !== null && v !== undefined && v !== false) node.setAttribute(k, String(v));
    });
  }

  function append(node, children) {
    if (children === null || children === undefined) return;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function fmt(n) {
    return (n === null || n === undefined) ? '?' : Number(n).toLocaleString('en');
  }

  function typeLabel(type) {
    if (!type) return 'unknown type';
    return TYPE_LABELS[type] || String(type).replace(/_/g, ' ');
  }

  function typeColour(type) { return TYPE_COLOURS[type] || TYPE_COLOURS.other; }

  function seriesColour(name, index) {
    return SERIES_COLOURS[name] || PALETTE[index % PALETTE.length];
  }

  /** "12 [10–15]" — the range only when it says something. */
  function killedText(best, low, high) {
    var text = fmt(best);
    if (low !== null && low !== undefined && high !== null && high !== undefined && (low !== best || high !== best)) {
      text += ' [' + fmt(low) + '–' + fmt(high) + ']';
    }
    return text;
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  /** GET JSON; a non-2xx answer becomes an Error whose message is the API's explanation. */
  async function getJSON(url, signal) {
    var response = await fetch(url, { signal: signal, headers: { Accept: 'application/json' } });
    var body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      var detail = body && body.detail;
      if (Array.isArray(detail)) {
        detail = detail.map(function (d) {
          return d && typeof d === 'object' ? ((d.parameter ? d.parameter + ': ' : '') + (d.problem || d.msg || '')) : String(d);
        }).join('; ');
      }
      throw new Error(detail ? String(detail) : 'HTTP ' + response.status);
    }
    return body;
  }

  // ------------------------------------------------------------ base map

  /** A Leaflet map with Natural Earth country outlines (and the tile layer if configured). */
  function baseMap(container, options) {
    var map = L.map(container, Object.assign({ worldCopyJump: false, minZoom: 2, maxZoom: 14 }, options || {}));
    map.setView([SYRIA.lat, SYRIA.lon], SYRIA.zoom);
    map.createPane('outlines');
    map.getPane('outlines').style.zIndex = 250;  // above tiles (200), under markers (400)
    map.getPane('outlines').style.pointerEvents = 'none';
    if (TILES) {
      L.tileLayer(TILES, { maxZoom: 18, attribution: tileAttribution(TILES) }).addTo(map);
      container.classList.add('has-tiles');
    }
    loadOutlines().then(function (geojson) {
      L.geoJSON(geojson, {
        pane: 'outlines',
        interactive: false,
        attribution: 'Outlines: Natural Earth',
        style: TILES
          ? { className: 'country-outline', color: '#666', weight: 0.8, fill: false }
          : { className: 'country-outline', color: '#a9a9a9', weight: 0.8, fillColor: '#f2f1ec', fillOpacity: 1 }  // dark: style.css
      }).addTo(map);
      countryLabels(map, geojson);
    }).catch(function () { /* the map still works without outlines */ });
    if (!TILES) {  // a tile layer draws its own
      admin1Borders(map);
      townLabels(map);
    }
    return map;
  }

  /** The smallest town named at each zoom, the deepest first: under zoom 5, none. */
  var TOWN_POPULATION_BY_ZOOM = [[9, 15000], [8, 50000], [7, 100000], [6, 250000], [5, 500000]];

  /** Towns' names in view (GeoNames' towns of the conflict packs' countries, from
   * /api/towns), the largest first, a name left out where it would cover one already
   * placed; asked again after each move. */
  function townLabels(map) {
    map.createPane('towns');
    map.getPane('towns').style.zIndex = 340;  // under the countries' names, over land and borders
    map.getPane('towns').style.pointerEvents = 'none';
    var layer = L.layerGroup().addTo(map);
    var controller = null;
    var update = debounce(function () {
      if (controller) controller.abort();
      layer.clearLayers();
      var zoom = map.getZoom();
      var step = TOWN_POPULATION_BY_ZOOM.find(function (s) { return zoom >= s[0]; });
      if (!step) return;
      var b = map.getBounds();
      var clamp = function (v, limit) { return Math.max(-limit, Math.min(limit, v)).toFixed(3); };
      var box = [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)];
      controller = new AbortController();
      getJSON('/api/towns?bbox=' + box.join(',') + '&min_population=' + step[1], controller.signal).then(function (body) {
        var placed = [];
        body.towns.forEach(function (town) {
          var at = map.latLngToLayerPoint([town.lat, town.lon]);
          var half = 3.5 * town.name.length + 4;
          if (placed.some(function (p) { return Math.abs(p.x - at.x) < half + p.half && Math.abs(p.y - at.y) < 14; })) return;
          placed.push({ x: at.x, y: at.y, half: half });
          L.marker([town.lat, town.lon], {
            pane: 'towns', interactive: false, keyboard: false,
            icon: L.divIcon({ className: 'town-label', html: el('span', null, town.name), iconSize: null })
          }).addTo(layer);
        });
      }).catch(function () { /* the map still works without them */ });
    }, 150);
    map.on('moveend', update);
    update();
  }

  var ADMIN1_MIN_ZOOM = 5;  // under it, a country's governorates are too small to tell apart

  /** The borders between the governorates (admin-1: provinces, oblasts, states) of the
   * conflict packs' countries, Natural Earth's, drawn dashed from ADMIN1_MIN_ZOOM on. Only
   * the borders two regions of one country share: the country outlines are drawn already. */
  function admin1Borders(map) {
    map.createPane('borders');
    map.getPane('borders').style.zIndex = 260;  // over the countries' land, whichever loads first
    map.getPane('borders').style.pointerEvents = 'none';
    fetch(STATIC + '/vendor/admin1/admin1.json')
      .then(function (r) { if (!r.ok) throw new Error('admin1'); return r.json(); })
      .then(function (topo) {
        var inner = topojson.mesh(topo, topo.objects.admin1, function (a, b) {
          return a !== b && a.properties.country === b.properties.country;
        });
        var layer = L.geoJSON(inner, {
          pane: 'borders', interactive: false,
          style: { className: 'admin1-border', weight: 0.7, dashArray: '3 3', fill: false }  // its colour: style.css
        });
        var show = function () {
          var wanted = map.getZoom() >= ADMIN1_MIN_ZOOM;
          if (wanted && !map.hasLayer(layer)) layer.addTo(map);
          else if (!wanted && map.hasLayer(layer)) layer.remove();
        };
        map.on('zoomend', show);
        show();
      }).catch(function () { /* the map still works without them */ });
  }

  /** Countries' names (Natural Earth's, in the outlines' file) at the middle of each
   * country's largest part, shown where that part is wide enough on screen for its name. */
  function countryLabels(map, geojson) {
    map.createPane('labels');
    map.getPane('labels').style.zIndex = 350;  // above outlines and events' areas, under markers
    map.getPane('labels').style.pointerEvents = 'none';
    var labels = [];
    (geojson.features || []).forEach(function (f) {
      var name = f.properties && f.properties.name;
      if (!name || !f.geometry) return;
      var polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] :
        f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [];
      var best = null;
      polygons.forEach(function (polygon) {
        var b = L.latLngBounds(polygon[0].map(function (c) { return [c[1], c[0]]; }));
        var area = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
        if (!best || area > best.area) best = { bounds: b, area: area };
      });
      if (!best) return;
      var marker = L.marker(best.bounds.getCenter(), {
        pane: 'labels', interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'country-label', html: el('span', null, name), iconSize: null })
      });
      labels.push({ marker: marker, bounds: best.bounds, width: 7 * name.length + 8 });
    });
    var place = function () {
      labels.forEach(function (label) {
        var west = map.latLngToLayerPoint(label.bounds.getSouthWest());
        var east = map.latLngToLayerPoint(label.bounds.getNorthEast());
        var fits = Math.abs(east.x - west.x) >= label.width && Math.abs(west.y - east.y) >= 14;
        if (fits && !map.hasLayer(label.marker)) label.marker.addTo(map);
        else if (!fits && map.hasLayer(label.marker)) label.marker.remove();
      });
    };
    map.on('zoomend', place);
    place();
  }

  var outlinesPromise = null;
  function loadOutlines() {
    if (!outlinesPromise) {
      outlinesPromise = fetch(STATIC + '/vendor/world-atlas/countries-50m.json')
        .then(function (r) { if (!r.ok) throw new Error('outlines'); return r.json(); })
        .then(function (topo) { return topojson.feature(topo, topo.objects.countries); });
    }
    return outlinesPromise;
  }

  /** Leaflet puts attribution in with innerHTML: give it only an escaped host name. */
  function tileAttribution(template) {
    var host = '';
    try { host = new URL(template.replace(/\{[a-z]\}/g, '0')).hostname; } catch (e) { host = 'tile server'; }
    host = host.replace(/[^a-zA-Z0-9.\-]/g, '');
    if (/openstreetmap\.org$/.test(host)) return '© OpenStreetMap contributors';
    return 'Tiles: ' + host;
  }

  /** A circle for an event, its area by killed; ``area``: placed by its region alone (no
   * town), so the point is the region's centre, not where it happened: drawn dashed. */
  function markerStyle(type, killed, area) {
    var k = Math.max(0, Number(killed) || 0);
    return {
      className: area ? 'event-marker event-area' : 'event-marker',
      radius: Math.min(30, 3 + 1.3 * Math.sqrt(k)),  // area grows with killed
      color: '#ffffff',
      weight: 0.8,
      opacity: 0.9,
      fillColor: typeColour(type),
      fillOpacity: 0.7
    };
  }

  /** The group of point events (leaflet.markercluster): events at the same or nearby
   * points become one numbered circle — how many, their killed under it, its ring the colour
   * of their most frequent type — that zooms in on click, or fans its events out where
   * they share one point (or the map can zoom no further). */
  function eventClusters() {
    return L.markerClusterGroup({
      // px: wide enough apart that groups do not overlap; once zoomed in, only what overlaps
      maxClusterRadius: function (zoom) { return zoom >= 11 ? 24 : zoom >= 9 ? 40 : 56; },
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      zoomToBoundsOnClick: true,
      spiderLegPolylineOptions: { className: 'cluster-leg', weight: 1.2, color: '#6b7680', opacity: 0.8 },
      iconCreateFunction: clusterIcon
    });
  }

  function clusterIcon(cluster) {
    var markers = cluster.getAllChildMarkers();
    var killed = 0;
    var types = {};
    markers.forEach(function (m) {
      killed += m.options.killed || 0;
      types[m.options.eventType] = (types[m.options.eventType] || 0) + 1;
    });
    var top = Object.keys(types).sort(function (a, b) { return types[b] - types[a]; })[0];
    var count = markers.length;
    // Its size grows with the longer of its two numbers (the killed total is the wider).
    var digits = Math.max(fmt(count).length, killed ? fmt(killed).length : 0);
    var size = digits <= 2 ? 34 : digits <= 3 ? 38 : digits <= 5 ? 46 : 54;
    var label = fmt(count) + ' events' + (killed ? ', ' + fmt(killed) + ' killed' : '') + ' — click to open';
    var box = el('div', { class: 'event-cluster-box', title: label, 'aria-label': label,
      'data-count': count, 'data-killed': killed }, el('span', { class: 'event-cluster-circle' }, [
        el('span', { class: 'event-cluster-count' }, fmt(count)),
        killed ? el('span', { class: 'event-cluster-killed' }, fmt(killed)) : null
      ]));
    box.style.width = box.style.height = size + 'px';
    box.style.setProperty('--cluster-ring', typeColour(top));
    return L.divIcon({ html: box, className: 'event-cluster', iconSize: L.point(size, size) });
  }

  // ------------------------------------------------------------ dashboard

  function Dashboard() {
    this.form = $('#filters');
    this.count = $('#event-count');
    this.countNote = $('#event-count-note');
    this.status = $('#status');
    this.extraBox = $('#extra-filters');
    this.top = $('#top-events');
    this.extra = {};
    this.controller = null;
    this.lastQuery = null;
    this.timeline = new Timeline($('#timeline'), $('#timeline-legend'), $('#timeline-tip'), $('#timeline-mode'));
    this.map = baseMap($('#map'));
    // Events placed at a town are points, grouped when they stand at the same or nearby
    // points (a numbered circle: how many, and their killed; it opens on zoom or click).
    // Events placed by their region alone are areas (dashed) and are never grouped.
    this.points = L.markerClusterGroup ? eventClusters() : L.featureGroup();
    this.areas = L.featureGroup();
    this.markers = L.featureGroup([this.areas, this.points]).addTo(this.map);
    this.legend = null;
    this.firstFit = true;
    this.freshness = $('#freshness');
    this.version = this.freshness ? this.freshness.getAttribute('data-version') : null;
    this.sort = SORTS[0];
    this.page = 1;
    this.pageSize = PAGE_SIZES[0];
    this.tableController = null;
  }

  Dashboard.prototype.start = function () {
    var self = this;
    this.readURL();
    var refresh = function () { self.refresh(); };
    this.form.addEventListener('submit', function (e) { e.preventDefault(); refresh(); });
    this.form.addEventListener('change', refresh);
    ['min_killed', 'q'].forEach(function (name) {  // typed: follow the typing, once it pauses
      var field = self.form.elements.namedItem(name);
      if (!field) return;
      field.addEventListener('input', debounce(refresh, 400));
      field.addEventListener('change', function (e) { e.stopPropagation(); refresh(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll('#events-table .sort-button'), function (button) {
      button.addEventListener('click', function () { self.sortBy(button.getAttribute('data-sort')); });
    });
    $('#page-prev').addEventListener('click', function () { self.turnPage(-1); });
    $('#page-next').addEventListener('click', function () { self.turnPage(1); });
    var sizes = $('#page-size');
    sizes.value = String(this.pageSize);
    sizes.addEventListener('change', function () {
      self.pageSize = Number(sizes.value);
      self.page = 1;
      self.loadTable();
    });
    var reset = $('#filters-reset');
    if (reset) {
      reset.addEventListener('click', function (e) {
        e.preventDefault();
        FILTER_NAMES.forEach(function (name) {
          var field = self.form.elements.namedItem(name);
          if (field) field.value = '';
        });
        self.extra = {};
        refresh();
      });
    }
    window.addEventListener('resize', debounce(function () { self.timeline.draw(); }, 150));
    this.refresh();
    this.listen();
  };

  /** Follow the store's changes (server-sent events from /api/stream): when incidents are
   * added or change, fetch again what the page shows, with the filters and the map view
   * as they are now. EventSource reconnects by itself when the stream is cut. */
  Dashboard.prototype.listen = function () {
    if (!this.freshness || typeof EventSource === 'undefined') return;
    var self = this;
    var source = new EventSource('/api/stream');
    var onStatus = function (message) {
      var status;
      try { status = JSON.parse(message.data); } catch (e) { return; }
      self.freshness.classList.remove('offline');
      self.showFreshness(status);
      if (status.version !== self.version) {
        self.version = status.version;
        self.lastQuery = null;
        self.refresh({ live: true });
      }
    };
    source.addEventListener('status', onStatus);
    source.addEventListener('change', onStatus);
    source.addEventListener('error', function () { self.freshness.classList.add('offline'); });
  };

  /** "updated 14:05" (the local time the newest report that told an incident was stored;
   * its date too when not today), the counts in its title. */
  Dashboard.prototype.showFreshness = function (status) {
    var stamp = status.last_change_at || status.last_report_at;
    var when = stamp ? new Date(stamp) : null;
    var text = 'no reports yet';
    if (when && !isNaN(when.getTime())) {
      var time = String(when.getHours()).padStart(2, '0') + ':' + String(when.getMinutes()).padStart(2, '0');
      var today = new Date().toDateString() === when.toDateString();
      text = 'updated ' + (today ? '' : isoDay(when.getTime() - when.getTimezoneOffset() * 60000) + ' ') + time;
    }
    this.freshness.textContent = text;
    this.freshness.setAttribute('data-version', status.version);
    this.freshness.title = fmt(status.reports) + ' reports, ' + fmt(status.incidents) + ' incidents stored' +
      (status.last_report_at ? '; newest report stored ' + status.last_report_at : '');
  };

  /** Fill the form from the URL (the server does too; this covers what it did not). */
  Dashboard.prototype.readURL = function () {
    var params = new URLSearchParams(window.location.search);
    var form = this.form;
    FILTER_NAMES.forEach(function (name) {
      var value = params.get(name);
      var field = form.elements.namedItem(name);
      if (!field || value === null || value === '') return;
      if (field.tagName === 'SELECT' && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
        field.appendChild(el('option', { value: value }, value.replace(/_/g, ' ')));
      }
      field.value = value;
    });
    var extra = {};
    EXTRA_NAMES.forEach(function (name) {
      var value = params.get(name);
      if (value) extra[name] = value;
    });
    this.extra = extra;
    if (SORTS.indexOf(params.get('sort')) >= 0) this.sort = params.get('sort');
    var page = parseInt(params.get('page'), 10);
    this.page = page >= 1 ? page : 1;
    var size = Number(params.get('per'));
    if (PAGE_SIZES.indexOf(size) >= 0) this.pageSize = size;
  };

  /** The page's own address: the filters and search, then the table's order and page
   * (each only when not the default) — a permalink of what the page shows. */
  Dashboard.prototype.writeURL = function () {
    var params = new URLSearchParams(this.query());
    if (this.sort !== SORTS[0]) params.set('sort', this.sort);
    if (this.page > 1) params.set('page', String(this.page));
    if (this.pageSize !== PAGE_SIZES[0]) params.set('per', String(this.pageSize));
    var qs = params.toString();
    var url = window.location.pathname + (qs ? '?' + qs : '');
    if (url !== window.location.pathname + window.location.search) history.replaceState(null, '', url);
  };

  Dashboard.prototype.query = function () {
    var params = new URLSearchParams();
    var form = this.form;
    FILTER_NAMES.forEach(function (name) {
      var field = form.elements.namedItem(name);
      var value = field ? String(field.value).trim() : '';
      if (value !== '') params.set(name, value);
    });
    var extra = this.extra;
    Object.keys(extra).forEach(function (name) { params.set(name, extra[name]); });
    return params.toString();
  };

  Dashboard.prototype.showExtra = function () {
    var self = this;
    var box = this.extraBox;
    if (!box) return;
    clear(box);
    Object.keys(this.extra).forEach(function (name) {
      var button = el('button', { type: 'button', class: 'chip', title: 'Remove this filter' }, [name + ': ' + self.extra[name] + ' ×']);
      button.addEventListener('click', function () { delete self.extra[name]; self.refresh(); });
      box.appendChild(button);
    });
  };

  /** Fetch and draw what the filters select; ``options.live``: the store changed, so keep
   * the map where the user left it and the page quiet. */
  Dashboard.prototype.refresh = async function (options) {
    var live = Boolean(options && options.live);
    var qs = this.query();
    if (qs === this.lastQuery) return;  // e.g. the input and change events of one edit
    if (this.lastQuery !== null && !live) this.page = 1;  // another selection: from its start
    this.lastQuery = qs;
    this.writeURL();
    this.showDownloads(qs);
    this.showExtra();
    if (this.controller) this.controller.abort();
    var controller = new AbortController();
    this.controller = controller;
    var suffix = qs ? '?' + qs : '';
    if (!live) this.status.textContent = 'Loading…';
    this.status.classList.remove('error');
    document.body.classList.add('loading');
    try {
      var results = await Promise.all([
        getJSON('/api/events.geojson' + suffix, controller.signal),
        getJSON('/api/timeline' + suffix, controller.signal),
        getJSON(this.tableURL(qs), controller.signal)
      ]);
      if (controller !== this.controller) return;
      this.drawMap(results[0], live);
      this.drawTop(results[0]);
      this.timeline.setData(results[1]);
      this.drawTable(results[2]);
      this.showCount(results[0].features.length, results[2].total);
      this.status.textContent = '';
    } catch (error) {
      if (error && error.name === 'AbortError') return;
      this.lastQuery = null;  // let the same query be retried
      this.status.textContent = 'Could not load: ' + (error && error.message ? error.message : 'error');
      this.status.classList.add('error');
    } finally {
      if (controller === this.controller) document.body.classList.remove('loading');
    }
  };

  // ------------------------------------------------------------ events table

  /** The API's page of events for the filters ``qs``, in the table's order and page. */
  Dashboard.prototype.tableURL = function (qs) {
    var params = new URLSearchParams(qs);
    params.set('sort', this.sort);
    params.set('limit', String(this.pageSize));
    params.set('offset', String((this.page - 1) * this.pageSize));
    return '/api/events?' + params.toString();
  };

  /** Fetch and draw the table alone (another order or page: the map stays as it is). */
  Dashboard.prototype.loadTable = async function () {
    if (this.tableController) this.tableController.abort();
    var controller = new AbortController();
    this.tableController = controller;
    this.writeURL();
    try {
      var body = await getJSON(this.tableURL(this.query()), controller.signal);
      if (controller === this.tableController) this.drawTable(body);
    } catch (error) {
      if (error && error.name === 'AbortError') return;
      this.status.textContent = 'Could not load the table: ' + (error && error.message ? error.message : 'error');
      this.status.classList.add('error');
    }
  };

  Dashboard.prototype.sortBy = function (column) {
    var first = FIRST_SORT[column];
    var other = first.charAt(0) === '-' ? first.slice(1) : '-' + first;
    this.sort = this.sort === first ? other : first;
    this.page = 1;
    this.loadTable();
  };

  Dashboard.prototype.turnPage = function (step) {
    this.page = Math.max(1, this.page + step);
    this.loadTable();
  };

  Dashboard.prototype.showDownloads = function (qs) {
    ['csv', 'geojson', 'jsonl'].forEach(function (format) {
      var link = $('#download-' + format);
      if (link) link.setAttribute('href', '/api/export.' + format + (qs ? '?' + qs : ''));
    });
    // The reported totals of the same period and area: the filters /aggregates takes.
    var totals = $('#aggregates-link');
    if (totals) {
      var kept = new URLSearchParams();
      new URLSearchParams(qs).forEach(function (value, name) {
        if (AGGREGATE_NAMES.indexOf(name) >= 0) kept.set(name, value);
      });
      totals.setAttribute('href', '/aggregates' + (kept.toString() ? '?' + kept.toString() : ''));
    }
  };

  Dashboard.prototype.drawTable = function (body) {
    var pages = Math.max(1, Math.ceil(body.total / this.pageSize));
    if (this.page > pages) {  // a permalink to a page the selection no longer has
      this.page = pages;
      this.loadTable();
      return;
    }
    var rows = $('#events-rows');
    clear(rows);
    body.items.forEach(function (p) { rows.appendChild(tableRow(p)); });
    if (!body.items.length) {
      rows.appendChild(el('tr', { class: 'empty-row' }, el('td', { colspan: 8, class: 'empty' }, 'No events in this selection.')));
    }
    this.drawTotals(body.totals);
    this.drawSortState();
    var first = body.total ? body.offset + 1 : 0;
    $('#page-info').textContent = fmt(first) + '–' + fmt(body.offset + body.items.length) + ' of ' + fmt(body.total) +
      ' · page ' + fmt(this.page) + ' of ' + fmt(pages);
    $('#page-prev').disabled = this.page <= 1;
    $('#page-next').disabled = this.page >= pages;
  };

  /** The selection's totals (every page): what `warmonitor tally` gives for the same filters. */
  Dashboard.prototype.drawTotals = function (totals) {
    var box = $('#table-totals');
    clear(box);
    Object.keys(totals).forEach(function (name) { box.setAttribute('data-' + name.replace(/_/g, '-'), String(totals[name])); });
    append(box, [
      el('strong', null, fmt(totals.incidents) + (totals.incidents === 1 ? ' incident' : ' incidents')), ' · ',
      el('strong', null, killedText(totals.killed, totals.killed_low, totals.killed_high) + ' killed'), ' · ',
      fmt(totals.civilians_killed) + ' civilians killed · ', fmt(totals.injured) + ' injured'
    ]);
  };

  Dashboard.prototype.drawSortState = function () {
    var sort = this.sort;
    Array.prototype.forEach.call(document.querySelectorAll('#events-table th[data-sort]'), function (th) {
      var column = th.getAttribute('data-sort');
      var state = sort === column ? 'ascending' : sort === '-' + column ? 'descending' : null;
      if (state) th.setAttribute('aria-sort', state); else th.removeAttribute('aria-sort');
    });
  };

  // An event's page by its public id: the address names the same incident in any store
  // built from the same reports.
  function eventHref(p) {
    return '/events/' + encodeURIComponent(p.public_id);
  }

  function tableRow(p) {
    var swatch = el('span', { class: 'swatch swatch-circle' });
    swatch.style.backgroundColor = typeColour(p.event_type);
    var actors = [p.actor1, p.actor2].filter(Boolean).join(' vs ');
    return el('tr', { class: 'event-row', 'data-event-id': p.event_id }, [
      el('td', { class: 'date' }, el('a', { href: eventHref(p) }, p.event_date || 'date unknown')),
      el('td', { class: 'col-type' }, [swatch, typeLabel(p.event_type)]),
      el('td', { class: 'place' }, tablePlace(p)),
      el('td', { class: 'col-actors' }, actors || '—'),
      el('td', { class: 'num' }, killedText(p.fatalities, p.fatalities_low, p.fatalities_high)),
      el('td', { class: 'num' }, fmt(p.civilian_fatalities)),
      el('td', { class: 'num col-injured' }, fmt(p.injuries)),
      el('td', { class: 'num col-reports' }, fmt(p.reports))
    ]);
  }

  /** The place, or "no place" (and the country when known): such incidents are listed too. */
  function tablePlace(p) {
    if (p.location || p.admin1) return placeText(p);
    return [el('span', { class: 'no-place' }, 'no place'), p.country ? ', ' + countryName(p.country) : ''];
  }

  Dashboard.prototype.showCount = function (mapped, total) {
    this.count.setAttribute('data-count', String(mapped));
    this.count.textContent = fmt(mapped) + (mapped === 1 ? ' event' : ' events');
    var note = '';
    if (total !== null && total !== undefined && total > mapped) {
      note = 'on the map, of ' + fmt(total) + ' matching (' + fmt(total - mapped) + ' without coordinates' +
        (mapped >= 5000 ? ' or beyond the 5,000 shown' : '') + ')';
    }
    this.countNote.textContent = note;
  };

  Dashboard.prototype.drawMap = function (collection, keepView) {
    this.points.clearLayers();
    this.areas.clearLayers();
    var points = [];
    var features = (collection && collection.features) || [];
    // Largest first, so that small circles stay on top and clickable.
    features = features.slice().sort(function (a, b) {
      return (b.properties.fatalities || 0) - (a.properties.fatalities || 0);
    });
    var types = {};
    features.forEach(function (f) {
      if (!f.geometry || !f.geometry.coordinates) return;
      var p = f.properties || {};
      var lon = f.geometry.coordinates[0];
      var lat = f.geometry.coordinates[1];
      if (typeof lat !== 'number' || typeof lon !== 'number') return;
      types[p.event_type || 'other'] = (types[p.event_type || 'other'] || 0) + 1;
      var area = !p.geonameid;
      var style = markerStyle(p.event_type, p.fatalities, area);
      style.killed = Math.max(0, Number(p.fatalities) || 0);  // for the cluster's total
      style.eventType = p.event_type || 'other';
      style.country = p.country || '';  // for the first view (splitByCountry)
      var marker = L.circleMarker([lat, lon], style);
      marker.bindPopup(function () { return popupContent(p); }, { maxWidth: 280 });
      marker.bindTooltip(tooltipText(p), { direction: 'top', sticky: true });
      if (area) this.areas.addLayer(marker); else points.push(marker);
    }, this);
    if (this.points.addLayers) this.points.addLayers(points);
    else points.forEach(function (m) { this.points.addLayer(m); }, this);
    this.drawLegend(types);
    if (!keepView) this.showingAll = false;
    var split = splitByCountry(this.allMarkers());
    this.showElsewhere(split.elsewhere);
    if (!keepView || this.firstFit) this.fit(split.core);
  };

  Dashboard.prototype.allMarkers = function () {
    return this.points.getLayers().concat(this.areas.getLayers());
  };

  /** Fit the map to ``markers`` (to Syria at first when there are none). */
  Dashboard.prototype.fit = function (markers) {
    if (markers.length) {
      var bounds = L.latLngBounds(markers.map(function (m) { return m.getLatLng(); }));
      this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 9, animate: !this.firstFit });
    } else if (this.firstFit) {
      this.map.setView([SYRIA.lat, SYRIA.lon], SYRIA.zoom);
    }
    this.firstFit = false;
  };

  /** A note in the map's corner: how many mapped events lie outside the countries the map
   * opened on, and where (named on wide screens, in its title on all), with a button that
   * fits them all in: no event leaves the view without a word. */
  Dashboard.prototype.showElsewhere = function (markers) {
    if (this.elsewhere) this.elsewhere.remove();
    this.elsewhere = null;
    if (!markers.length || this.showingAll) return;
    var self = this;
    var note = L.control({ position: 'bottomleft' });
    note.onAdd = function () {
      var button = el('button', { type: 'button', class: 'map-elsewhere-all' }, 'Show all');
      button.addEventListener('click', function () {
        self.showingAll = true;
        self.fit(self.allMarkers());
        self.showElsewhere([]);
      });
      var where = placesElsewhere(markers);
      var box = el('div', { class: 'map-elsewhere', id: 'map-elsewhere', title: where, 'data-count': markers.length }, [
        el('span', null, fmt(markers.length) + (markers.length === 1 ? ' event' : ' events') + ' elsewhere'),
        el('span', { class: 'map-elsewhere-where' }, '(' + where + ')'),
        button
      ]);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    note.addTo(this.map);
    this.elsewhere = note;
  };

  /** The countries of ``markers`` by their number of events, the first three named. */
  function placesElsewhere(markers) {
    var counts = {};
    markers.forEach(function (m) { counts[m.options.country] = (counts[m.options.country] || 0) + 1; });
    var codes = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; });
    var named = codes.slice(0, 3).map(function (c) { return (c ? countryName(c) : 'no country') + ' ' + fmt(counts[c]); });
    var more = codes.length - 3;
    return named.join(', ') + (more > 0 ? ' and ' + more + (more === 1 ? ' more country' : ' more countries') : '');
  }

  /** The markers of the countries holding the bulk of a selection (``core``) — each with at
   * least CORE_SHARE of its mapped events or of their killed — and the others. Fitting the
   * bounds of every event would open on the world for a few placed far away (FA-KES: 29 of
   * 645, mostly statements without figures from Moscow, Geneva, Astana...); a share per
   * country keeps any country that matters to the selection, wherever it is, and is simple
   * to tell the reader. When no country holds that much, every marker is core. */
  function splitByCountry(markers) {
    var events = {};
    var killed = {};
    var totalKilled = 0;
    markers.forEach(function (m) {
      var c = m.options.country;
      events[c] = (events[c] || 0) + 1;
      killed[c] = (killed[c] || 0) + m.options.killed;
      totalKilled += m.options.killed;
    });
    var inCore = function (c) {
      return events[c] >= CORE_SHARE * markers.length || (totalKilled > 0 && killed[c] >= CORE_SHARE * totalKilled);
    };
    var split = { core: [], elsewhere: [] };
    markers.forEach(function (m) { split[inCore(m.options.country) ? 'core' : 'elsewhere'].push(m); });
    return split.core.length ? split : { core: markers, elsewhere: [] };
  }

  Dashboard.prototype.drawLegend = function (types) {
    var self = this;
    if (this.legend) this.legend.remove();
    if (this.legendOpen === undefined) this.legendOpen = window.innerWidth >= 700;  // folded on phones
    var names = Object.keys(types).sort(function (a, b) { return types[b] - types[a]; });
    var legend = L.control({ position: 'bottomright' });
    legend.onAdd = function () {
      var box = el('details', { class: 'map-legend', id: 'map-legend', open: self.legendOpen ? '' : null });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      box.addEventListener('toggle', function () { self.legendOpen = box.open; });
      box.appendChild(el('summary', { class: 'map-legend-title' }, 'Event type'));
      var list = el('ul');
      names.forEach(function (name) {
        var swatch = el('span', { class: 'swatch swatch-circle' });
        swatch.style.backgroundColor = typeColour(name);
        list.appendChild(el('li', { 'data-type': name }, [swatch, typeLabel(name) + ' (' + fmt(types[name]) + ')']));
      });
      if (!names.length) list.appendChild(el('li', null, 'no events'));
      box.appendChild(list);
      box.appendChild(el('div', { class: 'map-legend-note' }, 'Circle area grows with killed'));
      box.appendChild(el('div', { class: 'map-legend-note' }, [el('span', { class: 'swatch swatch-area' }), 'Dashed: placed by its region only']));
      box.appendChild(el('div', { class: 'map-legend-note' }, [el('span', { class: 'swatch swatch-cluster' }, '3'), 'Events at nearby points: how many, killed below; click to open']));
      return box;
    };
    legend.addTo(this.map);
    this.legend = legend;
  };

  Dashboard.prototype.drawTop = function (collection) {
    if (!this.top) return;
    clear(this.top);
    var features = ((collection && collection.features) || []).filter(function (f) {
      return (f.properties.fatalities || 0) > 0;
    }).sort(function (a, b) { return b.properties.fatalities - a.properties.fatalities; }).slice(0, 10);
    if (!features.length) {
      this.top.appendChild(el('li', { class: 'empty' }, 'No events with killed in this selection.'));
      return;
    }
    features.forEach(function (f) {
      var p = f.properties;
      var link = el('a', { href: eventHref(p) }, [
        (p.event_date || 'date unknown') + ' · ' + typeLabel(p.event_type) + ' · ' + placeText(p)
      ]);
      this.top.appendChild(el('li', null, [link, el('span', { class: 'killed' }, ' — ' + killedText(p.fatalities, p.fatalities_low, p.fatalities_high) + ' killed')]));
    }, this);
  };

  function placeText(p) {
    var parts = [];
    if (p.location) parts.push(p.location);
    if (p.admin1 && p.admin1 !== p.location) parts.push(p.admin1);
    if (p.country) parts.push(countryName(p.country));
    return parts.length ? parts.join(', ') : 'place unknown';
  }

  /** A country's name, as the country filter lists it (the API gives its code). */
  function countryName(code) {
    var select = $('#filters select[name="country"]');
    var option = select && Array.prototype.find.call(select.options, function (o) { return o.value === code; });
    return option ? option.textContent : code;
  }

  function tooltipText(p) {
    return (p.event_date || '') + ' · ' + placeText(p) + ' · ' + fmt(p.fatalities) + ' killed';
  }

  /** The popup as a DOM element: report-derived text goes in as text nodes only. */
  function popupContent(p) {
    var swatch = el('span', { class: 'swatch swatch-circle' });
    swatch.style.backgroundColor = typeColour(p.event_type);
    var rows = [
      el('div', { class: 'popup-title' }, [swatch, typeLabel(p.event_type)]),
      el('div', { class: 'popup-date' }, p.event_date || 'date unknown'),
      el('div', { class: 'popup-place' }, placeText(p)),
      el('div', { class: 'popup-precision' }, p.geonameid ? 'at the town' : 'somewhere in the region: the circle is at its centre'),
      el('div', { class: 'popup-killed' }, [el('strong', null, 'Killed: '), killedText(p.fatalities, p.fatalities_low, p.fatalities_high)])
    ];
    if (p.civilian_fatalities) rows.push(el('div', null, 'of whom civilians: ' + fmt(p.civilian_fatalities)));
    if (p.injuries) rows.push(el('div', null, 'Injured: ' + fmt(p.injuries)));
    var who = [p.actor1, p.actor2].filter(Boolean);
    if (who.length) rows.push(el('div', { class: 'popup-actors' }, who.join(' vs ')));
    if (p.reports) rows.push(el('div', { class: 'popup-reports' }, fmt(p.reports) + (p.reports === 1 ? ' report' : ' reports')));
    rows.push(el('a', { class: 'popup-link', href: eventHref(p) }, 'Event details and sources →'));
    return el('div', { class: 'event-popup', 'data-event-id': p.event_id }, rows);
  }

  // ------------------------------------------------------------ timeline

  var DAY = 86400000;

  function parseDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text || '');
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  }

  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  function isoWeek(ms) {
    var weekday = (new Date(ms).getUTCDay() + 6) % 7;  // Monday 0
    var monday = ms - weekday * DAY;
    var year = new Date(monday + 3 * DAY).getUTCFullYear();  // the year of its Thursday
    var jan4 = Date.UTC(year, 0, 4);
    var week1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
    var week = 1 + Math.round((monday - week1) / (7 * DAY));
    return year + '-W' + (week < 10 ? '0' : '') + week;
  }

  function niceStep(raw) {
    if (!(raw > 0)) return 1;
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var f = raw / power;
    var nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return Math.max(1, nice * power);
  }

  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  function Timeline(svgNode, legendNode, tipNode, modeNode) {
    this.svg = svgNode;
    this.legend = legendNode;
    this.tip = tipNode;
    this.mode = modeNode;
    this.series = [];
    this.weeks = [];
    this.slots = [];
    this.hidden = {};
    var self = this;
    if (modeNode) modeNode.addEventListener('change', function () { self.draw(); });
    svgNode.addEventListener('pointermove', function (e) { self.hover(e); });
    svgNode.addEventListener('pointerleave', function () { self.unhover(); });
  }

  var GAP_WEEKS = 52;  // a run of this many weeks without killed is drawn as an axis break
  var GAP_PX = 18;

  /** Weeks from the API (only weeks with killed) laid out on a weekly axis: the empty
   * weeks between them are filled in, but a long empty run (a stray date years before the
   * rest) becomes one narrow "gap" slot so that it does not flatten everything else. */
  Timeline.prototype.setData = function (data) {
    var starts = [];
    var byStart = {};
    ((data && data.weeks) || []).forEach(function (w) {
      var t = parseDay(w.start);
      if (isNaN(t)) return;
      if (!byStart[t]) starts.push(t);
      byStart[t] = w;
    });
    starts.sort(function (x, y) { return x - y; });
    var slots = [];
    for (var i = 0; i < starts.length; i++) {
      if (i > 0) {
        var empty = Math.round((starts[i] - starts[i - 1]) / (7 * DAY)) - 1;
        if (empty >= GAP_WEEKS) {
          slots.push({ gap: true, from: starts[i - 1] + 7 * DAY, to: starts[i] - 7 * DAY, weeks: empty, killed: {} });
        } else {
          for (var e = 1; e <= empty; e++) {
            var te = starts[i - 1] + e * 7 * DAY;
            slots.push({ t: te, week: isoWeek(te), start: isoDay(te), killed: {} });
          }
        }
      }
      var w = byStart[starts[i]];
      slots.push({ t: starts[i], week: w.week || isoWeek(starts[i]), start: isoDay(starts[i]), killed: w.killed || {} });
    }
    this.series = (data && data.series) || [];
    this.slots = slots;
    this.weeks = slots.filter(function (slot) { return !slot.gap; });
    this.drawLegend();
    this.draw();
  };

  Timeline.prototype.drawLegend = function () {
    var self = this;
    if (!this.legend) return;
    clear(this.legend);
    this.series.forEach(function (name, i) {
      var total = self.weeks.reduce(function (sum, w) { return sum + (w.killed[name] || 0); }, 0);
      var swatch = el('span', { class: 'swatch' });
      swatch.style.backgroundColor = seriesColour(name, i);
      var button = el('button', {
        type: 'button', class: 'legend-item', 'data-series': name,
        'aria-pressed': self.hidden[name] ? 'false' : 'true',
        title: 'Show or hide ' + name
      }, [swatch, name + ' (' + fmt(total) + ')']);
      button.addEventListener('click', function () {
        self.hidden[name] = !self.hidden[name];
        button.setAttribute('aria-pressed', self.hidden[name] ? 'false' : 'true');
        self.draw();
      });
      self.legend.appendChild(el('li', null, button));
    });
  };

  Timeline.prototype.draw = function () {
    var svgNode = this.svg;
    clear(svgNode);
    this.unhover();
    this.scale = null;
    var width = Math.max(280, Math.floor(svgNode.parentNode.clientWidth || 800));
    var height = width < 600 ? 200 : 260;
    svgNode.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svgNode.setAttribute('width', width);
    svgNode.setAttribute('height', height);
    var m = { top: 12, right: 12, bottom: 40, left: 64 };
    var plotW = width - m.left - m.right;
    var plotH = height - m.top - m.bottom;
    this.layout = { m: m, plotW: plotW, plotH: plotH, width: width, height: height };

    var slots = this.slots || [];
    var weeks = this.weeks || [];
    var hidden = this.hidden;
    var visible = this.series.filter(function (name) { return !hidden[name]; });
    var stacked = !this.mode || this.mode.value !== 'lines';
    var n = slots.length;
    var total = weeks.reduce(function (sum, w) {
      return sum + visible.reduce(function (acc, name) { return acc + (w.killed[name] || 0); }, 0);
    }, 0);
    svgNode.setAttribute('aria-label', weeks.length
      ? 'Killed per week, ' + weeks[0].start + ' to ' + weeks[weeks.length - 1].start + ': ' + fmt(total) + ' killed in all'
      : 'Killed per week: no data');
    svgNode.setAttribute('data-weeks', String(weeks.length));

    svgNode.appendChild(svg('text', {
      class: 'axis-label', x: 11, y: m.top + plotH / 2, transform: 'rotate(-90 11 ' + (m.top + plotH / 2) + ')',
      'text-anchor': 'middle'
    }, 'killed per week'));
    var root = svg('g', { transform: 'translate(' + m.left + ',' + m.top + ')' });
    svgNode.appendChild(root);

    if (!weeks.length) {
      root.appendChild(svg('line', { class: 'baseline', x1: 0, x2: plotW, y1: plotH, y2: plotH }));
      root.appendChild(svg('text', { class: 'empty-label', x: plotW / 2, y: plotH / 2, 'text-anchor': 'middle' }, 'No killed reported in this selection'));
      return;
    }

    // horizontal layout: every week the same width, each gap GAP_PX
    var gaps = n - weeks.length;
    var gapPx = Math.min(GAP_PX, plotW / (n + 1));
    var bw = (plotW - gaps * gapPx) / weeks.length;
    var xs = new Array(n + 1);
    xs[0] = 0;
    for (var i = 0; i < n; i++) xs[i + 1] = xs[i] + (slots[i].gap ? gapPx : bw);

    // values, cumulative when stacked
    var max = 0;
    var layers = visible.map(function () { return new Array(n); });
    for (i = 0; i < n; i++) {
      var base = 0;
      for (var k = 0; k < visible.length; k++) {
        var v = slots[i].killed[visible[k]] || 0;
        var lo = stacked ? base : 0;
        layers[k][i] = [lo, lo + v];
        base += v;
        if (lo + v > max) max = lo + v;
      }
    }
    var step = niceStep(max / (plotH < 180 ? 3 : 5));
    var yMax = Math.max(step, Math.ceil(max / step) * step);
    function y(value) { return plotH - (value / yMax) * plotH; }

    var axis = svg('g', { class: 'axis axis-y' });
    for (var tv = 0; tv <= yMax + 1e-9; tv += step) {
      axis.appendChild(svg('line', { class: tv === 0 ? 'baseline' : 'grid', x1: 0, x2: plotW, y1: y(tv), y2: y(tv) }));
      axis.appendChild(svg('text', { x: -6, y: y(tv), dy: '0.32em', 'text-anchor': 'end' }, fmt(tv)));
    }
    root.appendChild(axis);

    root.appendChild(this.drawXAxis(slots, xs, bw, plotW, plotH, weeks.length));

    // axis breaks
    slots.forEach(function (slot, j) {
      if (!slot.gap) return;
      var g = svg('g', { class: 'axis-break' }, [
        svg('rect', { x: xs[j], y: 0, width: xs[j + 1] - xs[j], height: plotH }),
        svg('path', { d: 'M' + (xs[j] + 2) + ',' + (plotH + 5) + 'l4,-10M' + (xs[j + 1] - 6) + ',' + (plotH + 5) + 'l4,-10' }),
        svg('title', null, 'axis break: ' + fmt(slot.weeks) + ' weeks without killed (' + isoDay(slot.from) + ' to ' + isoDay(slot.to) + ')')
      ]);
      root.appendChild(g);
    });

    // one path per series: a stepped area (stacked) or a stepped line
    var plot = svg('g', { class: 'series-group' });
    var self = this;
    visible.forEach(function (name, k) {
      var colour = seriesColour(name, self.series.indexOf(name));
      var layer = layers[k];
      var top = '';
      for (var i = 0; i < n; i++) {
        var yy = y(layer[i][1]).toFixed(2);
        top += (i === 0 ? 'M0,' + yy : 'V' + yy) + 'H' + xs[i + 1].toFixed(2);
      }
      var d = top;
      if (stacked) {
        for (var j = n - 1; j >= 0; j--) d += 'V' + y(layer[j][0]).toFixed(2) + 'H' + xs[j].toFixed(2);
        d += 'Z';
      }
      plot.appendChild(svg('path', {
        class: 'series ' + (stacked ? 'series-area' : 'series-line'),
        'data-series': name,
        d: d,
        fill: stacked ? colour : 'none',
        'fill-opacity': stacked ? 0.85 : null,
        stroke: colour,
        'stroke-width': stacked ? 0.5 : 1.5,
        'stroke-linejoin': 'round'
      }, svg('title', null, name)));
    });
    root.appendChild(plot);

    this.guide = svg('rect', { class: 'hover-band', x: 0, y: 0, width: Math.max(1, bw), height: plotH, visibility: 'hidden' });
    root.appendChild(this.guide);
    this.scale = { xs: xs, n: n, visible: visible };
  };

  /** Month, quarter or year ticks (whichever leaves room for labels) for each run of weeks. */
  Timeline.prototype.drawXAxis = function (slots, xs, bw, plotW, plotH, nWeeks) {
    var xAxis = svg('g', { class: 'axis axis-x', transform: 'translate(0,' + plotH + ')' });
    var pxPerMonth = bw * 4.348;
    var stepMonths = [1, 3, 6, 12, 24, 60].find(function (st) { return st * pxPerMonth >= 64; }) || 120;
    var labels = [];
    var i = 0;
    while (i < slots.length) {
      if (slots[i].gap) { i++; continue; }
      var first = i;
      while (i < slots.length && !slots[i].gap) i++;
      var last = i - 1;
      var t0 = slots[first].t;
      var tEnd = slots[last].t + 7 * DAY;
      var d = new Date(t0);
      var year = d.getUTCFullYear();
      var month = d.getUTCMonth();
      var found = false;
      for (var guard = 0; guard < 5000; guard++) {
        var tick = Date.UTC(year, month, 1);
        if (tick >= tEnd) break;
        if (tick >= t0 && (year * 12 + month) % stepMonths === 0) {
          var k = first + Math.floor((tick - t0) / (7 * DAY));
          var tx = xs[k] + ((tick - slots[k].t) / (7 * DAY)) * bw;
          var text = stepMonths >= 12 ? String(year) : (month === 0 || stepMonths >= 6 ? MONTHS[month] + ' ' + year : MONTHS[month]);
          labels.push({ x: tx, text: text, anchor: 'middle' });
          found = true;
        }
        month += 1;
        if (month === 12) { month = 0; year += 1; }
      }
      if (!found) {  // a short run with no tick of its own: label where it starts
        var start = new Date(t0);
        labels.push({ x: xs[first], text: (stepMonths >= 12 ? '' : MONTHS[start.getUTCMonth()] + ' ') + start.getUTCFullYear(), anchor: 'start', edge: true });
      }
    }
    labels.sort(function (a, b) { return a.x - b.x; });
    var right = -Infinity;
    labels.forEach(function (label) {
      var w = label.text.length * 6.3;
      var left = label.anchor === 'middle' ? label.x - w / 2 : label.x;
      if (left < right + 6 || left + w > plotW + 12) return;  // would overlap: skip
      right = left + w;
      xAxis.appendChild(svg('line', { class: 'tick', x1: label.x, x2: label.x, y1: 0, y2: 5 }));
      xAxis.appendChild(svg('text', { x: label.x, y: 17, 'text-anchor': label.anchor }, label.text));
    });
    xAxis.appendChild(svg('text', { class: 'axis-label', x: plotW / 2, y: 34, 'text-anchor': 'middle' },
      'week (ISO, from Monday) — ' + fmt(nWeeks) + ' weeks' + (slots.length > nWeeks ? ', long empty stretches cut out' : '')));
    return xAxis;
  };

  Timeline.prototype.hover = function (event) {
    if (!this.scale || !this.tip) return;
    var rect = this.svg.getBoundingClientRect();
    var px = (event.clientX - rect.left) * (this.layout.width / rect.width) - this.layout.m.left;
    var xs = this.scale.xs;
    if (px < 0 || px >= xs[this.scale.n]) { this.unhover(); return; }
    var i = 0;
    var lo = 0;
    var hi = this.scale.n - 1;
    while (lo <= hi) {  // the slot whose [xs[i], xs[i+1]) holds px
      var mid = (lo + hi) >> 1;
      if (xs[mid + 1] <= px) lo = mid + 1; else if (xs[mid] > px) hi = mid - 1; else { i = mid; break; }
    }
    var slot = this.slots[i];
    this.guide.setAttribute('x', xs[i]);
    this.guide.setAttribute('width', Math.max(1, xs[i + 1] - xs[i]));
    this.guide.setAttribute('visibility', 'visible');
    clear(this.tip);
    if (slot.gap) {
      this.tip.appendChild(el('div', { class: 'tip-title' }, isoDay(slot.from) + ' to ' + isoDay(slot.to)));
      this.tip.appendChild(el('div', null, fmt(slot.weeks) + ' weeks without killed (cut out of the axis)'));
    } else {
      this.tip.appendChild(el('div', { class: 'tip-title' }, slot.week + ' (from ' + slot.start + ')'));
      var sum = 0;
      var self = this;
      var list = el('ul');
      this.scale.visible.slice().reverse().forEach(function (name) {
        var v = slot.killed[name] || 0;
        sum += v;
        if (!v) return;
        var swatch = el('span', { class: 'swatch' });
        swatch.style.backgroundColor = seriesColour(name, self.series.indexOf(name));
        list.appendChild(el('li', null, [swatch, name + ': ' + fmt(v)]));
      });
      this.tip.appendChild(list);
      this.tip.appendChild(el('div', { class: 'tip-total' }, 'total: ' + fmt(sum) + ' killed'));
    }
    this.tip.hidden = false;
    var wrap = this.svg.parentNode.getBoundingClientRect();
    var left = event.clientX - wrap.left + 14;
    if (left + 220 > wrap.width) left = Math.max(0, event.clientX - wrap.left - 234);
    this.tip.style.left = left + 'px';
    this.tip.style.top = Math.max(0, event.clientY - wrap.top - 10) + 'px';
  };

  Timeline.prototype.unhover = function () {
    if (this.tip) this.tip.hidden = true;
    if (this.guide) this.guide.setAttribute('visibility', 'hidden');
  };

  // ------------------------------------------------------------ event page

  function eventMap(container) {
    var lat = parseFloat(container.getAttribute('data-lat'));
    var lon = parseFloat(container.getAttribute('data-lon'));
    if (!isFinite(lat) || !isFinite(lon)) return;
    var map = baseMap(container, { scrollWheelZoom: false });
    map.setView([lat, lon], 8);
    var type = container.getAttribute('data-type');
    if (container.getAttribute('data-precision') === 'area') {
      // Placed by its region alone: an area around the region's centre, not a point.
      var area = markerStyle(type, 0, true);
      L.circle([lat, lon], { radius: REGION_RADIUS_M, className: area.className, color: area.fillColor, weight: 1.5,
        dashArray: '4 4', fillColor: area.fillColor, fillOpacity: 0.15 }).addTo(map);
      return;
    }
    var style = markerStyle(type, 0, false);
    style.radius = 8;
    L.circleMarker([lat, lon], style).addTo(map);
  }

  // ------------------------------------------------------------ start

  function start() {
    if (typeof L === 'undefined') return;
    if ($('#map') && $('#filters')) {
      window.warmonitorDashboard = new Dashboard();
      window.warmonitorDashboard.start();
    }
    var eventMapNode = $('#event-map');
    if (eventMapNode) eventMap(eventMapNode);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
