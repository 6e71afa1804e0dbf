// Evidence: files uploaded as multipart (the service streams them into PostgreSQL and records their SHA-256), listed
// with their digest and their chain of custody (the upload, then every download), downloaded with the caller's keys.
import { h, saveFile } from './dom.js';
import { ApiError, request } from './api.js';
import { authHeaders } from './auth.js';
import { commandForm } from './forms.js';
import { time } from './incident-display.js';
import { can } from './me.js';

const UPLOADERS = ['reporter', 'dpo', 'oncall'];

/** files: the answer of GET …/evidence, or null when the person's roles may not read it. */
export function evidenceSection(incident, files, me, reload) {
  const base = `/api/incidents/${incident.id}/evidence`;
  const list = files === null
    ? h('p', { class: 'muted' }, 'Your role may add evidence but not read it: the DPO, reporters and auditors can.')
    : files.length ? h('ul', { id: 'evidence', class: 'evidence' }, files.map((f) => file(base, f, reload)))
    : h('p', { class: 'muted', id: 'evidence' }, 'No evidence yet.');
  const form = can(me, ...UPLOADERS) ? commandForm({
    title: 'Add evidence', path: base, onDone: reload,
    disabledReason: incident.status === 'closed' ? 'This incident is closed: reopen it to add evidence.' : undefined,
    fields: [{ name: 'file', label: 'File', type: 'file' }, { name: 'description', label: 'What it is', type: 'textarea' }],
    send: (body) => upload(base, body),
  }) : null;
  return h('section', { class: 'card evidence-card', 'aria-labelledby': 'evidence-h' }, h('h2', { id: 'evidence-h' }, 'Evidence'), list, form);
}

function file(base, f, reload) {
  const status = h('span', { role: 'status', class: 'muted' });
  const custody = f.custody ?? [];
  return h('li', { dataset: { evidenceId: f.id } },
    h('h3', {}, f.fileName),
    h('dl', {},
      h('dt', {}, 'Description'), h('dd', {}, f.description || '—'),
      h('dt', {}, 'Size'), h('dd', {}, size(f.size)),
      h('dt', {}, 'SHA-256'), h('dd', { class: 'digest' }, f.sha256),
      h('dt', {}, 'Uploaded'), h('dd', {}, `${f.uploadedBy}, ${time(f.uploadedAt)}`)),
    h('details', { class: 'custody' }, h('summary', {}, `Chain of custody (${custody.length} ${custody.length === 1 ? 'entry' : 'entries'})`),
      h('ol', {}, custody.map((c) => h('li', {}, `${time(c.at)}: ${c.action} by ${c.actor}`)))),
    h('button', { type: 'button', class: 'secondary', onclick: async () => {
      status.textContent = '';
      try {
        const response = await request(`${base}/${f.id}`, { accept: 'application/octet-stream', raw: true });
        saveFile(f.fileName, await response.blob());
        reload(); // the download is now on the chain of custody
      } catch (error) { status.textContent = `Not downloaded: ${error.message}`; }
    } }, `Download ${f.fileName}`), ' ', status);
}

/** multipart/form-data: the browser sets the boundary, so no Content-Type of our own (api.js would send JSON's). */
async function upload(path, body) {
  const data = new FormData();
  if (body.file) data.append('file', body.file, body.file.name);
  if (body.description) data.append('description', body.description);
  const response = await fetch(path, { method: 'POST', headers: { Accept: 'application/json', ...(await authHeaders()) }, body: data });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  return response.json();
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes)`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB (${bytes} bytes)`;
}
