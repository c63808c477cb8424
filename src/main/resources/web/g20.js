// G20 live viewer: a scrolling waterfall drawn from the server's binary rows, with the tracker's
// boxes drawn over the rows of the frame they belong to. No build step, no dependencies.
// Protocol: docs/protocol.md. Test hook: window.g20State.
(function () {
  "use strict";

  const MAGIC = 0x57303247;          // "G20W" little-endian
  const HISTORY = 2048;              // waterfall rows kept (ring buffer)
  const AXIS_TOP = 30;               // frequency axis height, CSS px
  const AXIS_LEFT = 58;              // time axis width, CSS px
  const MARGIN_RIGHT = 10;
  const CLASS_COLORS = ["#ff3b30", "#00c8ff", "#ffcc00", "#ff2dbe", "#ff8a00", "#ffffff",
    "#b4ff00", "#00ffa8", "#c86bff", "#ff6b6b"];

  const state = {
    connected: false, helloReceived: false, protocolVersion: null,
    framesReceived: 0, rowsReceived: 0, tracksMessages: 0, rowsSkipped: 0,
    configHash: null, colormap: null, fc: null, fs: null, bins: 0, lastFrameId: -1,
    tracksDrawn: [], lastTracks: [], stats: null, configEvents: 0, ended: null,
    plot: { left: 0, top: 0, width: 0, height: 0 },
    // viewport x of a frequency in Hz (for tests and the cursor)
    xOfFreq(hz) { return plotLeftPage() + ((hz - state.fc) / state.fs + 0.5) * plotW; },
  };
  window.g20State = state;

  const canvas = document.getElementById("plot");
  const ctx = canvas.getContext("2d");
  const wf = document.createElement("canvas");           // ring of rows, newest written above older
  wf.width = 1024; wf.height = HISTORY;
  const wctx = wf.getContext("2d");
  wctx.fillStyle = "#000"; wctx.fillRect(0, 0, wf.width, wf.height);
  let rowImage = wctx.createImageData(1024, 1);
  let rowPixels = new Uint32Array(rowImage.data.buffer);
  const lut = new Uint32Array(256);
  let head = 0;                      // ring index of the newest row
  let total = 0;                     // rows received so far (global row counter)
  const ringTs = new Float64Array(HISTORY);   // row timestamps, seconds
  const ringMark = new Uint8Array(HISTORY);   // 1 where the config hash changed
  let lastRowHash = null;
  const frames = new Map();          // frame_id -> {g0, rows}
  const tracksByFrame = new Map();   // frame_id -> Map(track_id -> track)
  let plotW = 0, plotH = 0, dpr = 1, dirty = true;
  let newestTracked = -1;            // newest frame with a tracks message
  const fpsWindow = [];
  let ws = null;

  function setLut(rgbList) {
    for (let i = 0; i < 256; i++) {
      const c = rgbList[i];
      // ImageData is RGBA bytes; on little-endian machines the Uint32 view reads them as ABGR
      lut[i] = (0xff000000 | ((c & 0xff) << 16) | (c & 0xff00) | ((c >> 16) & 0xff)) >>> 0;
    }
  }
  setLut(Array.from({ length: 256 }, (_, i) => (i << 16) | (i << 8) | i));

  function el(id) { return document.getElementById(id); }
  function plotLeftPage() { return canvas.getBoundingClientRect().left + AXIS_LEFT; }
  function plotTopPage() { return canvas.getBoundingClientRect().top + AXIS_TOP; }
  function fmtMHz(hz, step) {
    const d = step >= 1e6 ? 0 : step >= 1e5 ? 1 : step >= 1e4 ? 2 : step >= 1e3 ? 3 : 4;
    return (hz / 1e6).toFixed(d);
  }
  function classColor(id) { return CLASS_COLORS[((id % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length]; }

  // ---- connection ------------------------------------------------------------------------------

  function connect() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    ws = new WebSocket(proto + "//" + location.host + "/ws");
    ws.binaryType = "arraybuffer";
    ws.onopen = () => { state.connected = true; link("live", true); };
    ws.onclose = () => {
      state.connected = false;
      link(state.ended ? "ended" : "reconnecting", !!state.ended);
      setTimeout(connect, 2000);
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data === "string") onJson(JSON.parse(ev.data));
      else onRow(ev.data);
    };
  }
  function link(text, ok) { const s = el("s-link"); s.textContent = text; s.className = "v " + (ok ? "good" : "bad"); }

  function onJson(m) {
    switch (m.type) {
      case "hello":
        state.helloReceived = true;
        state.protocolVersion = m.protocol_version;
        applyConfig(m);
        state.fc = m.source.center_freq_hz; state.fs = m.source.sample_rate_hz;
        el("message").textContent = m.source.description + (m.source.live ? " (live radio)" : "");
        break;
      case "config":
        state.configEvents++;
        applyConfig(m);
        el("message").textContent = "config changed (" + m.file + "): hash " + m.old_hash + " \u2192 " + m.config_hash
          + (m.applied ? "" : " (takes effect at next start)");
        break;
      case "tracks": onTracks(m); break;
      case "stats": onStats(m); break;
      case "skipped":
        state.rowsSkipped = m.total_rows;
        el("s-skip").textContent = m.total_rows;
        break;
      case "end":
        state.ended = m.reason;
        link("ended: " + m.reason, false);
        break;
    }
  }

  function applyConfig(m) {
    state.configHash = m.config_hash;
    state.colormap = m.colormap;
    if (m.colormap_rgb) setLut(m.colormap_rgb);
    el("s-hash").textContent = m.config_hash;
    dirty = true;
  }

  function onStats(m) {
    state.stats = m;
    el("s-fps").textContent = m.frames_per_second.toFixed(1);
    el("s-tracks").textContent = m.tracks_active + " (" + m.tracks_confirmed + " conf.)";
    el("s-drops").textContent = m.drops;
    el("s-inf").textContent = m.inference_ms_p50.toFixed(1) + " / " + m.inference_ms_p99.toFixed(1) + " ms";
    el("s-lat").textContent = m.latency_ms_p50.toFixed(1) + " / " + m.latency_ms_p99.toFixed(1) + " ms";
    el("s-skip").textContent = m.rows_skipped;
  }

  // ---- waterfall rows --------------------------------------------------------------------------

  function onRow(buf) {
    const v = new DataView(buf);
    if (buf.byteLength < 72 || v.getUint32(0, true) !== MAGIC) return;
    const headerLen = v.getUint16(6, true);
    const frameId = Number(v.getBigInt64(8, true));
    const tsSec = Number(v.getBigInt64(16, true)) / 1e9;
    const fc = v.getFloat64(24, true), fs = v.getFloat64(32, true);
    let hash = "";
    for (let i = 40; i < 56; i++) { const c = v.getUint8(i); if (c) hash += String.fromCharCode(c); }
    const row = v.getUint32(56, true), rows = v.getUint32(60, true), bins = v.getUint32(64, true);
    const levels = new Uint8Array(buf, headerLen, bins);

    if (bins !== wf.width) {                    // new width: restart the picture
      wf.width = bins; wctx.fillStyle = "#000"; wctx.fillRect(0, 0, wf.width, wf.height);
      rowImage = wctx.createImageData(bins, 1);
      rowPixels = new Uint32Array(rowImage.data.buffer);
      frames.clear(); tracksByFrame.clear();
    }
    if (state.fc !== fc || state.fs !== fs) { state.fc = fc; state.fs = fs; }
    state.bins = bins;

    for (let i = 0; i < bins; i++) rowPixels[i] = lut[levels[i]];
    head = (head - 1 + HISTORY) % HISTORY;
    wctx.putImageData(rowImage, 0, head);
    ringTs[head] = tsSec;
    ringMark[head] = lastRowHash !== null && hash !== lastRowHash ? 1 : 0;
    lastRowHash = hash;

    const g = total++;
    let f = frames.get(frameId);
    if (!f) {
      f = { g0: g - row, rows: rows };
      frames.set(frameId, f);
      state.framesReceived++;
      fpsWindow.push(performance.now());
      pruneOld();
    }
    state.rowsReceived++;
    state.lastFrameId = Math.max(state.lastFrameId, frameId);
    dirty = true;
  }

  function pruneOld() {
    const oldest = total - HISTORY;
    for (const [id, f] of frames) if (f.g0 + f.rows < oldest) { frames.delete(id); tracksByFrame.delete(id); }
    for (const id of tracksByFrame.keys()) if (id < state.lastFrameId - 4096) tracksByFrame.delete(id);
  }

  function onTracks(m) {
    state.tracksMessages++;
    const map = new Map();
    for (const t of m.tracks) map.set(t.track_id, t);
    tracksByFrame.set(m.frame_id, map);
    newestTracked = Math.max(newestTracked, m.frame_id);
    state.lastTracks = m.tracks;
    updateTable(m);
    dirty = true;
  }

  function updateTable(m) {
    el("t-frame").textContent = "frame " + m.frame_id;
    const body = document.querySelector("#track-table tbody");
    const sorted = m.tracks.filter(t => t.state !== "lost").sort((a, b) => a.freq_center_hz - b.freq_center_hz);
    body.innerHTML = sorted.map(t =>
      "<tr class=\"" + t.state + "\"><td>" + t.track_id + "</td><td><span class=\"sw\" style=\"background:" +
      classColor(t.class_id) + "\"></span>" + escapeHtml(t.class_name) + "</td><td>" + (100 * t.confidence).toFixed(0) +
      "%</td><td>" + (t.freq_center_hz / 1e6).toFixed(4) + "</td><td>" + (t.freq_bandwidth_hz / 1e3).toFixed(1) + "</td></tr>").join("");
  }
  function escapeHtml(s) { return String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[c]); }

  // ---- drawing ---------------------------------------------------------------------------------

  function resize() {
    dpr = window.devicePixelRatio || 1;
    const r = canvas.getBoundingClientRect();
    canvas.width = Math.max(1, Math.round(r.width * dpr));
    canvas.height = Math.max(1, Math.round(r.height * dpr));
    plotW = Math.max(1, r.width - AXIS_LEFT - MARGIN_RIGHT);
    plotH = Math.max(1, r.height - AXIS_TOP);
    dirty = true;
  }

  // canvas y (CSS px, plot-relative) of a continuous global row position
  function yOf(p) { return total - p; }

  function render() {
    if (!dirty) return;
    dirty = false;
    const W = canvas.width / dpr, H = canvas.height / dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#0d1117";
    ctx.fillRect(0, 0, W, H);

    // waterfall: ring rows [head, HISTORY) then [0, head), newest at the top, one row per CSS px
    ctx.imageSmoothingEnabled = false;
    const visible = Math.min(Math.floor(plotH), HISTORY, total);
    const first = Math.min(visible, HISTORY - head);
    if (first > 0) ctx.drawImage(wf, 0, head, wf.width, first, AXIS_LEFT, AXIS_TOP, plotW, first);
    if (visible > first) ctx.drawImage(wf, 0, 0, wf.width, visible - first, AXIS_LEFT, AXIS_TOP + first, plotW, visible - first);
    for (let i = 0; i < visible; i++) {
      if (ringMark[(head + i) % HISTORY]) {
        ctx.save(); ctx.setLineDash([6, 4]); ctx.strokeStyle = "rgba(255,255,255,0.8)"; ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(AXIS_LEFT, AXIS_TOP + i + 0.5); ctx.lineTo(AXIS_LEFT + plotW, AXIS_TOP + i + 0.5); ctx.stroke();
        ctx.restore();
      }
    }
    drawTracks(visible);
    drawAxes(visible, W);
  }

  // A track is drawn over the rows of each frame in which a detection matched it (age 0): there the
  // box is over the signal. In the newest frame, tracks coasting on missed detections are drawn too
  // (dashed), so the live picture does not flicker. Lost tracks are not drawn.
  function shown(t, fid) {
    return t.state !== "lost" && (t.age_frames === 0 || fid === newestTracked);
  }

  function drawTracks(visible) {
    const drawn = [];
    const pageLeft = plotLeftPage(), pageTop = plotTopPage();
    ctx.save();
    ctx.beginPath(); ctx.rect(AXIS_LEFT, AXIS_TOP, plotW, visible); ctx.clip();
    const labels = new Map();         // track_id -> the newest segment's label position
    for (const [fid, tmap] of tracksByFrame) {
      const f = frames.get(fid);
      if (!f) continue;
      const fTop = yOf(f.g0 + f.rows), fBottom = yOf(f.g0);
      if (fTop > visible || fBottom < 0) continue;
      const pf = frames.get(fid - 1), nf = frames.get(fid + 1);
      const prevMap = pf && pf.g0 + pf.rows === f.g0 ? tracksByFrame.get(fid - 1) : null;
      const nextMap = nf && f.g0 + f.rows === nf.g0 ? tracksByFrame.get(fid + 1) : null;
      for (const t of tmap.values()) {
        if (!shown(t, fid)) continue;
        const b = t.display_box;
        // a track shown in consecutive frames is drawn as one outline: across a joined frame
        // boundary the box runs to the boundary and no horizontal edge is drawn there
        const prev = prevMap && prevMap.get(t.track_id);
        const next = nextMap && nextMap.get(t.track_id);
        const joinPrev = prev && shown(prev, fid - 1);
        const joinNext = next && shown(next, fid + 1);
        // the outline sits just outside the box, so it never hides the signal's edges
        const x1 = AXIS_LEFT + b[0] * plotW - 1.5, x2 = AXIS_LEFT + b[2] * plotW + 1.5;
        const yBottom = AXIS_TOP + yOf(f.g0 + (joinPrev ? 0 : b[1]) * f.rows);
        const yTop = AXIS_TOP + yOf(f.g0 + (joinNext ? 1 : b[3]) * f.rows);
        const color = classColor(t.class_id);
        const solid = t.state === "confirmed" && t.age_frames === 0;
        ctx.strokeStyle = color;
        ctx.lineWidth = solid && yBottom - yTop >= 8 ? 2 : 1.25;
        ctx.setLineDash(solid ? [] : [4, 3]);
        ctx.beginPath();
        ctx.moveTo(x1, yTop); ctx.lineTo(x1, yBottom);
        ctx.moveTo(x2, yTop); ctx.lineTo(x2, yBottom);
        if (!joinPrev) { ctx.moveTo(x1, yBottom); ctx.lineTo(x2, yBottom); }
        else {
          // follow a drifting signal: connect to the previous frame's edges
          const px1 = AXIS_LEFT + prev.display_box[0] * plotW - 1.5, px2 = AXIS_LEFT + prev.display_box[2] * plotW + 1.5;
          if (Math.abs(px1 - x1) > 0.5) { ctx.moveTo(px1, yBottom); ctx.lineTo(x1, yBottom); }
          if (Math.abs(px2 - x2) > 0.5) { ctx.moveTo(px2, yBottom); ctx.lineTo(x2, yBottom); }
        }
        if (!joinNext) { ctx.moveTo(x1, yTop); ctx.lineTo(x2, yTop); }
        ctx.stroke();
        const l = labels.get(t.track_id);
        if (t.state === "confirmed" && (!l || l.fid < fid)) labels.set(t.track_id, { t, fid, x1, yTop, color });
        // the visible part of the outline, in page (CSS px) coordinates
        const vTop = Math.max(yTop, AXIS_TOP), vBottom = Math.min(yBottom, AXIS_TOP + Math.min(visible, plotH));
        if (vBottom > vTop) drawn.push({
          track_id: t.track_id, frame_id: fid, class_id: t.class_id, class_name: t.class_name,
          confidence: t.confidence, state: t.state, age_frames: t.age_frames, color,
          x1: pageLeft + (x1 - AXIS_LEFT), x2: pageLeft + (x2 - AXIS_LEFT),
          y1: pageTop + (vTop - AXIS_TOP), y2: pageTop + (vBottom - AXIS_TOP),
        });
      }
    }
    // one label per confirmed track, at its newest box: class, confidence, id
    ctx.setLineDash([]);
    ctx.font = "12px ui-monospace, 'DejaVu Sans Mono', monospace";
    ctx.textAlign = "left";
    ctx.textBaseline = "bottom";
    const placed = [];                // label rectangles so far: a label never covers another
    for (const l of [...labels.values()].sort((a, b) => a.yTop - b.yTop || a.x1 - b.x1)) {
      const text = l.t.class_name + " " + (100 * l.t.confidence).toFixed(0) + "% #" + l.t.track_id;
      const w = ctx.measureText(text).width + 8;
      let y = l.yTop - 3;
      if (y - 15 < AXIS_TOP) y = l.yTop + 18;
      const x = Math.max(AXIS_LEFT, Math.min(l.x1, AXIS_LEFT + plotW - w));
      // move down past labels in the way, at most twice; a track whose label finds no room goes
      // unlabelled (the track table lists every track)
      let tries = 0;
      for (let moved = true; moved && tries <= 2;) {
        moved = false;
        for (const p of placed) {
          if (x < p.x + p.w && p.x < x + w && y - 15 < p.y && p.y - 15 < y) { y = p.y + 16; moved = true; }
        }
        if (moved) tries++;
      }
      if (tries > 2) continue;
      placed.push({ x, y, w });
      ctx.fillStyle = "rgba(13,17,23,0.72)";
      ctx.fillRect(x, y - 15, w, 15);
      ctx.fillStyle = l.color;
      ctx.fillText(text, x + 4, y - 2);
    }
    ctx.restore();
    state.tracksDrawn = drawn;
    state.plot = { left: pageLeft, top: pageTop, width: plotW, height: plotH };
  }

  function niceStep(span, target) {
    const raw = span / target, p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
    return 10 * p;
  }

  function drawAxes(visible, W) {
    ctx.fillStyle = "#161b22";
    ctx.fillRect(0, 0, W, AXIS_TOP);
    ctx.fillRect(0, AXIS_TOP, AXIS_LEFT, plotH);
    ctx.strokeStyle = "#30363d"; ctx.lineWidth = 1;
    ctx.strokeRect(AXIS_LEFT - 0.5, AXIS_TOP - 0.5, plotW + 1, plotH + 1);
    ctx.fillStyle = "#c9d1d9";
    ctx.font = "11px system-ui, 'DejaVu Sans', sans-serif";
    if (state.fs) {
      const lo = state.fc - state.fs / 2, hi = state.fc + state.fs / 2;
      const step = niceStep(state.fs, Math.max(2, Math.floor(plotW / 90)));
      ctx.textAlign = "center"; ctx.textBaseline = "alphabetic";
      ctx.beginPath();
      for (let f = Math.ceil(lo / step) * step; f <= hi + 1e-6; f += step) {
        const x = AXIS_LEFT + ((f - lo) / state.fs) * plotW;
        ctx.moveTo(x + 0.5, AXIS_TOP - 6); ctx.lineTo(x + 0.5, AXIS_TOP);
        const label = fmtMHz(f, step), half = ctx.measureText(label).width / 2;
        if (x - half > 32 && x + half < W - 2) ctx.fillText(label, x, AXIS_TOP - 9);
      }
      ctx.strokeStyle = "#8b949e"; ctx.stroke();
      ctx.textAlign = "left"; ctx.fillStyle = "#8b949e";
      ctx.fillText("MHz", 6, AXIS_TOP - 9);
    }
    // time axis: seconds before the newest row
    if (visible > 1) {
      const newest = ringTs[head];
      const oldest = ringTs[(head + visible - 1) % HISTORY];
      const span = newest - oldest;
      if (span > 0) {
        const step = niceStep(span, Math.max(2, Math.floor(visible / 70)));
        ctx.textAlign = "right"; ctx.textBaseline = "middle"; ctx.fillStyle = "#c9d1d9";
        ctx.beginPath();
        let lastTick = 0;
        for (let i = 1; i < visible; i++) {
          const age = newest - ringTs[(head + i) % HISTORY];
          const k = Math.floor(age / step);
          if (k > lastTick) {
            lastTick = k;
            const y = AXIS_TOP + i;
            ctx.moveTo(AXIS_LEFT - 5, y + 0.5); ctx.lineTo(AXIS_LEFT, y + 0.5);
            ctx.fillText("-" + +(k * step).toPrecision(3) + " s", AXIS_LEFT - 7, y);
          }
        }
        ctx.strokeStyle = "#8b949e"; ctx.stroke();
      }
    }
    // frames/s from what this page received
    const now = performance.now();
    while (fpsWindow.length && now - fpsWindow[0] > 2000) fpsWindow.shift();
    if (!state.stats) el("s-fps").textContent = (fpsWindow.length / 2).toFixed(1);
    el("s-fc").textContent = state.fc != null ? (state.fc / 1e6).toFixed(4) + " MHz" : "-";
    el("s-fs").textContent = state.fs != null ? (state.fs / 1e6).toFixed(3) + " MHz" : "-";
  }

  canvas.addEventListener("mousemove", (e) => {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left - AXIS_LEFT;
    const c = el("cursor");
    if (!state.fs || x < 0 || x > plotW) { c.style.display = "none"; return; }
    const hz = state.fc + (x / plotW - 0.5) * state.fs;
    c.textContent = (hz / 1e6).toFixed(4) + " MHz";
    c.style.display = "block";
  });
  canvas.addEventListener("mouseleave", () => { el("cursor").style.display = "none"; });

  function frame() { render(); requestAnimationFrame(frame); }
  // the header wraps as the stats fill in: follow the plot's own size, not only the window's
  if (window.ResizeObserver) new ResizeObserver(resize).observe(document.getElementById("plot-wrap"));
  else window.addEventListener("resize", resize);
  resize();
  requestAnimationFrame(frame);
  // a hidden or headless page may not get animation frames: draw on a timer too
  setInterval(() => { if (dirty) render(); }, 250);
  connect();
})();
