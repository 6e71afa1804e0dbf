// Find an incident: a search box (on the board and on this page) and the list of what it found, at #/incidents?q=…
// Text that looks like a reference (BD-2026-0002) is looked up by reference; anything else is a full-text search
// over title, description, notes, systems and reference (GET /api/incidents?q=…). Closed incidents are found too.
import { h } from './dom.js';
import { get } from './api.js';
import { formatTime } from './clock.js';
import { INCIDENT_STATUS, word } from './words.js';

const REFERENCE = /^BD-\d{4}-\d{4,}$/i;

/** The query string of GET /api/incidents for what someone typed. */
export function searchQuery(text) {
  const q = text.trim();
  return REFERENCE.test(q) ? `reference=${encodeURIComponent(q.toUpperCase())}&status=all` : `q=${encodeURIComponent(q)}&status=all`;
}

/** The search box: a form with role search that opens #/incidents?q=… (so a search is a link one can share). */
export function searchBox(value = '', id = 'search') {
  const input = h('input', { type: 'search', id, name: 'q', value, autocomplete: 'off', 'aria-describedby': `${id}-hint` });
  const form = h('form', { role: 'search', class: 'search', 'aria-label': 'Find an incident' },
    h('label', { for: id }, 'Find an incident'),
    h('span', { class: 'muted', id: `${id}-hint` }, 'A word of its title, description, notes or systems, or its reference (BD-2026-0002).'),
    h('div', { class: 'search-row' }, input, h('button', { type: 'submit' }, 'Search')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = input.value.trim();
    location.hash = q ? `#/incidents?q=${encodeURIComponent(q)}` : '#/incidents';
  });
  return form;
}

export async function searchPage(main, signal, params) {
  const q = (params.get('q') ?? '').trim();
  const status = h('p', { role: 'status', id: 'search-status' });
  const holder = h('div', { id: 'search-results' });
  main.replaceChildren(h('h1', {}, 'Find an incident'), searchBox(q, 'search-page'), status, holder);
  if (!q) { status.textContent = 'Type a word or a reference.'; return; }

  status.textContent = 'Searching…';
  const found = await get(`/api/incidents?${searchQuery(q)}&pageSize=50`, { signal });
  const items = found.items ?? [];
  status.textContent = items.length === 0 ? `Nothing found for “${q}”.`
    // A search matching more than it counts says so (totalIsExact false): "more than 1000".
    : `${found.totalIsExact === false ? 'More than ' : ''}${found.total} incident${found.total === 1 ? '' : 's'} found for “${q}”${found.total > items.length ? `, the first ${items.length} shown` : ''}.`;
  if (!items.length) return;
  holder.replaceChildren(h('table', { class: 'stack', id: 'found' },
    h('thead', {}, h('tr', {}, ['Reference', 'Title', 'Status', 'Discovered'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, items.map((i) => h('tr', { dataset: { reference: i.reference } },
      h('td', { 'data-label': 'Reference' }, h('a', { href: `#/incidents/${i.id}` }, i.reference)),
      h('td', { 'data-label': 'Title' }, i.title),
      h('td', { 'data-label': 'Status' }, word(INCIDENT_STATUS, i.status)),
      h('td', { 'data-label': 'Discovered' }, formatTime(i.discoveredAt)))))));
}
