// streamcast live page: one series' actuals (its state window), its latest forecast with the interval band,
// the model version and rolling accuracy, refreshed every 2 s from streams-app's REST API (docs/rest.md).
//
// For tests and curious people, window.streamcastLive holds what is on screen: the series, how many actual and
// forecast points the chart plots, the model version, the last status and how many refreshes drew the chart.
//
// When streams-app runs with STREAMCAST_HTTP_TOKEN, its API needs that token: open the page as
// http://HOST:PORT/#token=TOKEN. The page keeps the token in sessionStorage (this tab only), takes it out of the
// address bar and sends it as "Authorization: Bearer TOKEN" on its API requests. The fragment never reaches the
// server, so the token is not in any access log.
(function () {
  'use strict';

  const REFRESH_MS = 2000;
  const SERIES_REFRESH_MS = 15000;
  const REQUEST_TIMEOUT_MS = 5000;
  // "recent" shows this many horizons of actuals before the forecast (at least MIN_RECENT points)
  const RECENT_HORIZONS = 6;
  const MIN_RECENT = 48;

  const live = window.streamcastLive = {
    group: null,
    groups: [],
    series: null,
    actualPoints: 0,
    forecastPoints: 0,
    modelVersion: null,
    mase: null,
    coverage: null,
    status: 'starting',
    message: '',
    draws: 0,
  };

  const el = (id) => document.getElementById(id);
  const select = el('series');
  const groupSelect = el('group');
  const rangeSelect = el('range');
  const statusBox = el('status');
  const chartBox = el('chart');

  // ---- the token ------------------------------------------------------------------------------------------

  const TOKEN_KEY = 'streamcast.token';
  let token = takeToken();

  // #token=... from the address (then removed from it, kept for this tab), else what this tab kept before
  function takeToken() {
    const parts = window.location.hash.replace(/^#/, '').split('&').filter((p) => p !== '');
    const given = parts.find((p) => p.startsWith('token='));
    if (given === undefined) {
      try {
        return window.sessionStorage.getItem(TOKEN_KEY);
      } catch (e) {
        return null; // storage disabled: the token lasts as long as the page
      }
    }
    let value = given.substring('token='.length);
    try {
      value = decodeURIComponent(value);
    } catch (e) {
      // not percent-encoded: keep it as it is
    }
    const url = new URL(window.location.href);
    url.hash = parts.filter((p) => p !== given).join('&');
    window.history.replaceState(null, '', url);
    try {
      if (value) {
        window.sessionStorage.setItem(TOKEN_KEY, value);
      } else {
        window.sessionStorage.removeItem(TOKEN_KEY); // #token= forgets it
      }
    } catch (e) {
      // storage disabled
    }
    return value || null;
  }

  window.addEventListener('hashchange', () => {
    if (/(^#|&)token=/.test(window.location.hash)) {
      token = takeToken();
      refreshNow();
    }
  });

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function getJson(path) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), REQUEST_TIMEOUT_MS);
    let response;
    try {
      const headers = { Accept: 'application/json' };
      if (token) {
        headers.Authorization = 'Bearer ' + token;
      }
      response = await fetch(path, { cache: 'no-store', headers: headers, signal: ctl.signal });
    } catch (e) {
      throw new ApiError(0, ctl.signal.aborted ? 'no answer within ' + REQUEST_TIMEOUT_MS / 1000 + ' s' : String(e.message || e));
    } finally {
      clearTimeout(timer);
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, (body && body.error) || response.statusText || 'HTTP ' + response.status);
    }
    return body;
  }

  function setStatus(kind, message) {
    live.status = kind;
    live.message = message;
    statusBox.className = 'status ' + kind;
    statusBox.textContent = message;
  }

  function explain(error, what) {
    if (error.status === 401) {
      const open = window.location.origin + '/#token=…';
      return ['error', token
        ? 'streamcast refused the token this page has (401): open ' + open + ' with the right one (the value of STREAMCAST_HTTP_TOKEN).'
        : 'This API needs a token: open ' + open + ' (the value of STREAMCAST_HTTP_TOKEN).'];
    }
    if (error.status === 404) {
      return ['warn', what + ': unknown to streams-app (no observations yet, or expired). Pick another series.'];
    }
    if (error.status === 503) {
      return ['warn', what + ': streams-app is starting or rebalancing (503: ' + error.message + '); retrying every 2 s.'];
    }
    if (error.status === 0) {
      return ['error', 'Cannot reach streams-app (' + error.message + '); retrying every 2 s.'];
    }
    return ['error', what + ': HTTP ' + error.status + ' (' + error.message + '); retrying every 2 s.'];
  }

  // ---- the series list --------------------------------------------------------------------------------------

  const params = new URLSearchParams(window.location.search);
  const wanted = params.get('series');
  if (params.get('range') === 'all') {
    rangeSelect.value = 'all';
  }
  let seriesLoadedAt = 0;

  // ---- forecast groups: a picker when the deployment has more than one -------------------------------------

  let groupsLoaded = false;
  let seriesFromUrlPending = true;
  const wantedGroup = params.get('group');

  // /groups lists the deployment's groups; an older streams-app without it (404) has one group
  async function loadGroups() {
    let names = [];
    try {
      const body = await getJson('/groups');
      names = (body.groups || []).map((g) => g.name);
    } catch (e) {
      if (e.status !== 404) {
        throw e;
      }
    }
    groupsLoaded = true;
    live.groups = names;
    el('group-label').hidden = names.length < 2;
    if (names.length < 2) {
      live.group = null;
      return;
    }
    groupSelect.replaceChildren(...names.map((n) => new Option(n, n)));
    groupSelect.value = names.includes(wantedGroup) ? wantedGroup : names[0];
    live.group = groupSelect.value;
  }

  // the API paths of the chosen group (the paths without a group when there is one group)
  function seriesPath() {
    return live.group === null ? '/series' : '/groups/' + encodeURIComponent(live.group) + '/series';
  }

  // A forecast as the chart reads it: a list of points {ts, mean, lower, upper}. REST answers in the forecasts
  // topic's format (docs/rest.md): origin and step_ms once, means and interval half-widths as arrays
  // (docs/topics.md).
  function asPoints(forecast) {
    if (!forecast) {
      return forecast;
    }
    const origin = Date.parse(forecast.origin);
    // a positive key's lower bounds stop at lower_floor (0) when the mean is above it
    const floor = typeof forecast.lower_floor === 'number' ? forecast.lower_floor : -Infinity;
    const points = forecast.mean.map((mean, i) => ({
      step: i + 1,
      ts: new Date(origin + (i + 1) * forecast.step_ms).toISOString(),
      mean: mean,
      lower: mean >= floor ? Math.max(floor, mean - forecast.half_width[i]) : mean - forecast.half_width[i],
      upper: mean + forecast.half_width[i],
    }));
    return Object.assign({}, forecast, { points: points });
  }

  function forecastPath(id) {
    return live.group === null ? '/forecast/' + id : '/forecast/' + encodeURIComponent(live.group) + '/' + id;
  }

  groupSelect.addEventListener('change', () => {
    live.group = groupSelect.value;
    live.series = null; // a series id is its group's: the new group's list decides
    remember('group', groupSelect.value);
    remember('series', null);
    select.replaceChildren(new Option('loading…', ''));
    select.disabled = true;
    seriesLoadedAt = 0;
    clearChart();
    refreshNow();
  });

  async function loadSeries() {
    if (!groupsLoaded) {
      await loadGroups();
    }
    const body = await getJson(seriesPath());
    seriesLoadedAt = Date.now();
    const ids = body.series || [];
    // ?series= is the page's first pick only (in the group of ?group=, or the first group)
    const fromUrl = seriesFromUrlPending ? wanted : null;
    seriesFromUrlPending = false;
    const current = select.value || fromUrl || live.series;
    const options = ids.slice();
    if (current && !options.includes(current)) {
      options.unshift(current); // keep what the user picked, even if it left the list
    }
    const same = options.length === select.options.length
      && options.every((id, i) => select.options[i].value === id);
    if (!same) {
      select.replaceChildren(...options.map((id) => new Option(id, id)));
      if (options.length === 0) {
        select.replaceChildren(new Option('no series yet', ''));
      }
    }
    select.disabled = options.length === 0;
    if (current && options.includes(current)) {
      select.value = current;
    } else if (options.length > 0) {
      select.value = options[0];
    }
    select.title = body.truncated ? 'the first ' + body.limit + ' series only' : '';
    if (body.unreachable && body.unreachable.length > 0) {
      return 'instances not answering, their series are missing: ' + body.unreachable.join(', ');
    }
    return null;
  }

  function remember(name, value) {
    const url = new URL(window.location.href);
    if (value === null) {
      url.searchParams.delete(name);
    } else {
      url.searchParams.set(name, value);
    }
    window.history.replaceState(null, '', url);
  }

  select.addEventListener('change', () => {
    remember('series', select.value);
    clearChart();
    refreshNow();
  });

  rangeSelect.addEventListener('change', () => {
    remember('range', rangeSelect.value);
    refreshNow();
  });

  // ---- the chart -------------------------------------------------------------------------------------------

  const css = getComputedStyle(document.documentElement);
  const actualColor = css.getPropertyValue('--actual').trim() || '#1f5fbf';
  const forecastColor = css.getPropertyValue('--forecast').trim() || '#d9480f';
  let plot = null;
  let coverageLabel = '90%';
  let originX = null; // the forecast's origin (epoch seconds), marked with a vertical line

  function chartSize() {
    return { width: Math.max(320, chartBox.clientWidth), height: Math.max(300, Math.round(window.innerHeight * 0.55)) };
  }

  function makePlot(data) {
    const fmt = (v) => (v == null ? '–' : Number(v).toPrecision(5));
    const opts = Object.assign(chartSize(), {
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      scales: { x: { time: true } },
      series: [
        { label: 'time (UTC)' },
        { label: 'actual', stroke: actualColor, width: 1.5, value: (u, v) => fmt(v) },
        { label: 'forecast mean', stroke: forecastColor, width: 2, dash: [6, 4], value: (u, v) => fmt(v),
          points: { show: true, size: 4, stroke: forecastColor, fill: forecastColor } },
        { label: 'lower ' + coverageLabel, stroke: 'rgba(217, 72, 15, 0.45)', width: 1, value: (u, v) => fmt(v) },
        { label: 'upper ' + coverageLabel, stroke: 'rgba(217, 72, 15, 0.45)', width: 1, value: (u, v) => fmt(v) },
      ],
      bands: [{ series: [4, 3], fill: 'rgba(217, 72, 15, 0.16)' }],
      axes: [
        { stroke: '#5b6573', grid: { stroke: '#eceff3' } },
        { stroke: '#5b6573', grid: { stroke: '#eceff3' }, label: 'value', size: 70 },
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      hooks: { draw: [markOrigin] },
    });
    return new uPlot(opts, data, chartBox);
  }

  function markOrigin(u) {
    if (originX == null || originX < u.scales.x.min || originX > u.scales.x.max) {
      return;
    }
    const x = Math.round(u.valToPos(originX, 'x', true)) + 0.5;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#8a939e';
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#5b6573';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.fillText('last observation ', x, u.bbox.top + 14);
    ctx.restore();
  }

  function clearChart() {
    if (plot) {
      plot.destroy();
      plot = null;
    }
    live.actualPoints = 0;
    live.forecastPoints = 0;
    chartBox.dataset.actualPoints = '0';
    chartBox.dataset.forecastPoints = '0';
  }

  // columns for uPlot: x (epoch seconds), actual, mean, lower, upper; the forecast starts at the last actual so
  // the band fans out from it
  function columns(history, forecast) {
    let points = history.points;
    if (rangeSelect.value !== 'all' && forecast) {
      const keep = Math.max(MIN_RECENT, RECENT_HORIZONS * forecast.points.length);
      points = points.slice(Math.max(0, points.length - keep));
    }
    const rows = new Map();
    const row = (t) => {
      let r = rows.get(t);
      if (!r) {
        r = [null, null, null, null];
        rows.set(t, r);
      }
      return r;
    };
    for (const p of points) {
      row(Date.parse(p.ts) / 1000)[0] = p.value;
    }
    originX = forecast ? Date.parse(forecast.origin) / 1000 : null;
    if (forecast) {
      const origin = rows.get(Date.parse(forecast.origin) / 1000);
      if (origin && origin[0] != null) {
        origin[1] = origin[2] = origin[3] = origin[0];
      }
      for (const p of forecast.points) {
        const r = row(Date.parse(p.ts) / 1000);
        r[1] = p.mean;
        r[2] = p.lower;
        r[3] = p.upper;
      }
    }
    const xs = Array.from(rows.keys()).sort((a, b) => a - b);
    const data = [xs, [], [], [], []];
    for (const x of xs) {
      const r = rows.get(x);
      for (let i = 0; i < 4; i++) {
        data[i + 1].push(r[i]);
      }
    }
    return data;
  }

  const plotted = (column) => column.filter((v) => v != null).length;

  function draw(series, history, forecast) {
    const data = columns(history, forecast);
    if (!plot) {
      plot = makePlot(data);
    } else {
      plot.setData(data);
    }
    live.series = series;
    live.actualPoints = plotted(plot.data[1]);
    live.forecastPoints = forecast ? forecast.points.length : 0;
    live.draws += 1;
    chartBox.dataset.series = series;
    chartBox.dataset.actualPoints = String(live.actualPoints);
    chartBox.dataset.forecastPoints = String(live.forecastPoints);
  }

  window.addEventListener('resize', () => {
    if (plot) {
      plot.setSize(chartSize());
    }
  });

  // ---- facts ---------------------------------------------------------------------------------------------

  const num = (v, digits) => (v == null || !isFinite(v) ? '–' : Number(v).toFixed(digits));

  function showFacts(forecast, accuracy, history) {
    live.modelVersion = forecast ? forecast.model_version : null;
    live.mase = accuracy ? accuracy.mase : null;
    live.coverage = accuracy ? accuracy.coverage : null;
    el('model-version').textContent = live.modelVersion || '–';
    el('mase').textContent = accuracy ? num(accuracy.mase, 3) : '–';
    el('coverage').textContent = accuracy && accuracy.coverage != null
      ? num(accuracy.coverage, 3) + ' (nominal ' + num(accuracy.nominal_coverage, 2) + ')' : '–';
    el('mae').textContent = accuracy ? num(accuracy.mae, 4) + ' (' + num(accuracy.seasonal_naive_mae, 4) + ')' : '–';
    el('scored').textContent = accuracy ? String(accuracy.scored) : '–';
    const last = history.points.length ? history.points[history.points.length - 1].ts : null;
    el('last-ts').textContent = last ? last.replace('T', ' ').replace('Z', '') : '–';
    if (accuracy && accuracy.nominal_coverage) {
      const label = Math.round(accuracy.nominal_coverage * 100) + '%';
      if (label !== coverageLabel) {
        coverageLabel = label;
        clearChart(); // rebuilt with the band's labels on the next draw
      }
    }
  }

  function shownActuals(history) {
    return live.actualPoints === history.points.length ? history.points.length + ' actuals'
      : 'last ' + live.actualPoints + ' of ' + history.points.length + ' actuals';
  }

  // ---- the loop ------------------------------------------------------------------------------------------

  let timer = null;
  let running = false;
  let again = false;

  async function refresh() {
    running = true;
    let warning = null;
    try {
      if (Date.now() - seriesLoadedAt > SERIES_REFRESH_MS || select.disabled) {
        warning = await loadSeries();
      }
      const series = select.value;
      if (!series) {
        clearChart();
        setStatus('info', 'No series yet: waiting for observations. Retrying every 2 s.');
        return;
      }
      const id = encodeURIComponent(series);
      const group = live.group;
      const [history, forecast, accuracy] = await Promise.all([
        getJson(seriesPath() + '/' + id + '/history'),
        getJson(forecastPath(id)).then(asPoints),
        getJson(seriesPath() + '/' + id + '/accuracy'),
      ]);
      if (select.value !== series || live.group !== group) {
        return; // the user picked another series or group meanwhile
      }
      showFacts(forecast, accuracy, history);
      draw(series, history, forecast);
      const time = new Date().toISOString().substring(11, 19);
      if (warning) {
        setStatus('warn', (group === null ? '' : group + ' / ') + series + ': ' + shownActuals(history) + ', ' + forecast.points.length
          + '-step forecast; ' + warning);
      } else {
        setStatus('ok', (group === null ? '' : group + ' / ') + series + ': ' + shownActuals(history) + ', ' + forecast.points.length
          + '-step forecast from ' + forecast.origin.replace('T', ' ').replace('Z', ' UTC') + '; updated '
          + time + ' UTC');
      }
    } catch (e) {
      const [kind, message] = explain(e, select.value || 'series list');
      setStatus(kind, message);
      if (e.status === 404) {
        clearChart();
        showFacts(null, null, { points: [] });
      }
    } finally {
      running = false;
      timer = setTimeout(refresh, again ? 0 : REFRESH_MS);
      again = false;
    }
  }

  function refreshNow() {
    if (running) {
      again = true; // the running refresh reschedules itself at once
      return;
    }
    clearTimeout(timer);
    refresh();
  }

  refresh();
})();
