// The deadline board: open incidents, nearest deadline first (overdue ones are nearest), both clocks ticking.
import { h } from './dom.js';
import { get } from './api.js';
import { countdown, remaining } from './clock.js';

export async function boardPage(main, signal) {
  const table = h('table', { class: 'stack', id: 'board' },
    h('caption', { class: 'muted' }, 'Running clocks of open incidents, soonest first. Updates as incidents change.'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Incident'), h('th', { scope: 'col' }, 'Title'),
      h('th', { scope: 'col' }, 'DPO notice'), h('th', { scope: 'col' }, 'Regulator'))),
    h('tbody'));
  const summary = h('p', { id: 'board-summary', role: 'status' });
  main.replaceChildren(h('h1', {}, 'Deadline board'), summary, table);

  async function load() {
    // Far horizon: every running clock, not only those within the API's default 72 hours.
    const entries = await get('/api/deadlines?within=P3650D&includeOverdue=true', { signal });
    const incidents = new Map();
    for (const entry of entries) {
      const row = incidents.get(entry.incidentId) ?? { ...entry, clocks: {} };
      row.clocks[entry.kind] = entry;
      incidents.set(entry.incidentId, row);
    }
    const rows = [...incidents.values()].map((row) => ({ ...row, nearest: Math.min(...Object.values(row.clocks).map((c) => new Date(c.dueAt).getTime())) }))
      .sort((a, b) => a.nearest - b.nearest);
    const overdue = rows.filter((r) => r.nearest < Date.now()).length;
    summary.textContent = `${rows.length} open incident${rows.length === 1 ? '' : 's'} with running clocks` +
      (overdue ? `; ${overdue} OVERDUE.` : '.');
    summary.className = overdue ? 'badge notice' : '';
    table.tBodies[0].replaceChildren(...rows.map((row) => h('tr', {
      class: remaining(new Date(row.nearest)) < 0 ? 'overdue' : undefined, dataset: { incidentId: row.incidentId, reference: row.reference } },
    h('td', { 'data-label': 'Incident' }, h('a', { href: `#/incidents/${row.incidentId}` }, row.reference)),
    h('td', { 'data-label': 'Title' }, row.title),
    h('td', { 'data-label': 'DPO notice', class: 'dpo' }, cell('dpo', row.clocks.dpo, row.reference)),
    h('td', { 'data-label': 'Regulator', class: 'regulator' }, cell('regulator', row.clocks.regulator, row.reference)))));
  }

  const onChange = () => load().catch(() => {});
  window.addEventListener('incident-changed', onChange, { signal });
  window.addEventListener('live-connected', onChange, { signal });
  // A safety net for a notice lost on the way (a full buffer, a dropped connection): a slow poll.
  const poll = setInterval(onChange, 30000);
  signal.addEventListener('abort', () => clearInterval(poll));
  await load();
}

function cell(kind, clock, reference) {
  if (!clock) return h('span', { class: 'clock none', dataset: { state: 'done' } }, 'No clock running');
  return h('span', {}, countdown(kind, clock.dueAt, `${reference} ${kind === 'dpo' ? 'DPO' : 'regulator'}`),
    h('br'), h('small', { class: 'muted' }, `due ${new Date(clock.dueAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`));
}
