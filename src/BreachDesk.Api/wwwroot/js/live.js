// Server-sent events over fetch (EventSource cannot send the X-Api-Key or Authorization header): each
// 'incident-changed' notice becomes a window event that the open page reacts to. Reconnects after a drop.
import { authHeaders, session } from './auth.js';

let controller = null;
const indicator = () => document.getElementById('live');

function setStatus(text) { const el = indicator(); if (el) { el.textContent = text; el.dataset.state = text.toLowerCase(); } }

function dispatch(block) {
  let event = 'message'; const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (event === 'incident-changed') window.dispatchEvent(new CustomEvent('incident-changed', { detail: data.join('\n') }));
  if (event === 'connected') { setStatus('Live'); window.dispatchEvent(new CustomEvent('live-connected')); }
}

async function run(signal) {
  while (!signal.aborted && session.signedIn) {
    try {
      const response = await fetch('/api/dashboard/events', { headers: { Accept: 'text/event-stream', ...(await authHeaders()) }, signal });
      if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) { dispatch(buffer.slice(0, end)); buffer = buffer.slice(end + 2); }
      }
    } catch { if (signal.aborted) return; }
    setStatus('Reconnecting');
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

export function startLive() {
  if (controller) return;
  controller = new AbortController();
  setStatus('Connecting');
  run(controller.signal);
}

export function stopLive() {
  controller?.abort();
  controller = null;
  setStatus('Offline');
}
