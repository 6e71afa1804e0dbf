// The breach register (Art. 33(5)) with a status filter and the CSV export.
import { h, formatTime, saveFile } from './dom.js';
import { get, request } from './api.js';
import { DEADLINE_STATUS, INCIDENT_STATUS, RISK_LEVEL, word } from './words.js';

export async function registerPage(main, signal) {
  const filter = h('select', { id: 'register-status' }, ['all', 'open', 'closed'].map((s) => h('option', { value: s }, s === 'all' ? 'All' : word(INCIDENT_STATUS, s))));
  const status = h('p', { role: 'status', class: 'muted' });
  const holder = h('div');
  const download = h('button', { type: 'button', id: 'register-csv', onclick: async () => {
    try {
      // A fetch, not a link: the request must carry the caller's credentials header.
      const response = await request(`/api/register?format=csv&status=${filter.value}`, { accept: 'text/csv', raw: true });
      const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'breach-register.csv';
      saveFile(name, await response.blob());
    } catch (error) { status.textContent = error.message; }
  } }, 'Download CSV');
  main.replaceChildren(h('h1', {}, 'Breach register'),
    h('div', { class: 'actions' }, h('div', {}, h('label', { for: 'register-status' }, 'Status'), filter), download), status, holder);

  async function load() {
    try {
      const page = await get(`/api/register?status=${filter.value}&pageSize=200`, { signal });
      status.textContent = `${page.total} entr${page.total === 1 ? 'y' : 'ies'}${page.total > page.items.length ? `, first ${page.items.length} shown (the CSV has all)` : ''}.`;
      holder.replaceChildren(h('table', { class: 'stack', id: 'register' },
        h('thead', {}, h('tr', {}, ['Reference', 'Title', 'Status', 'Discovered', 'Risk', 'DPO notice', 'Regulator report'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, page.items.map((e) => h('tr', {},
          h('td', { 'data-label': 'Reference' }, h('a', { href: `#/incidents/${e.id}` }, e.reference)),
          h('td', { 'data-label': 'Title' }, e.title),
          h('td', { 'data-label': 'Status' }, word(INCIDENT_STATUS, e.status)),
          h('td', { 'data-label': 'Discovered' }, formatTime(e.discoveredAt)),
          h('td', { 'data-label': 'Risk' }, e.decisions?.risk?.level ? word(RISK_LEVEL, e.decisions.risk.level) : 'Not decided'),
          h('td', { 'data-label': 'DPO notice' }, clockWord(e.decisions?.dpoDeadline, e.status)),
          h('td', { 'data-label': 'Regulator report' }, clockWord(e.decisions?.regulatorDeadline, e.status)))))));
    } catch (error) {
      holder.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, error.status === 403 ? 'Your role may not read the register.' : error.message));
    }
  }
  filter.addEventListener('change', load);
  await load();
}

/** A deadline's status in the dashboard's words (words.js): a clock past due on an open incident is "Overdue". */
function clockWord(status, incidentStatus) {
  if (!status) return '—';
  if (status === 'pending') return DEADLINE_STATUS.running;
  if (status === 'missed') return incidentStatus === 'open' ? DEADLINE_STATUS.overdue : DEADLINE_STATUS.missed;
  return word(DEADLINE_STATUS, status);
}
