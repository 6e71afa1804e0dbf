// Escalations: raised when a clock ran short; acknowledging stops their repeats; a stopped clock resolves them.
import { h } from './dom.js';
import { get, post } from './api.js';
import { time as formatTime, escalationWord, DEADLINE_KIND as DEADLINES } from './incident-display.js';
import { checkpointWords } from './words.js';
const UNITS = { m: 'minute', h: 'hour', d: 'day' };

/** "dpo", "due-in-3h" in words: "DPO notice due in 3 hours". */
export function escalationInWords(e) {
  const deadline = DEADLINES[e.deadline] ?? e.deadline;
  const due = /^due-in-(\d+)([mhd])$/.exec(e.checkpoint);
  const when = due ? `due in ${due[1]} ${UNITS[due[2]]}${due[1] === '1' ? '' : 's'}`
    : { 'at-due': 'due now', overdue: 'overdue', reported: 'on report' }[e.checkpoint] ?? e.checkpoint.replaceAll('-', ' ');
  return `${deadline} ${when}`;
}

export function escalationTable(escalations, reload) {
  if (!escalations.length) return h('p', { class: 'muted' }, 'No escalations.');
  return h('table', { class: 'stack escalations' },
    h('thead', {}, h('tr', {}, ['Incident', 'Deadline', 'Checkpoint', 'Level', 'Raised', 'State'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, escalations.map((e) => {
      const status = h('span', { role: 'status' });
      return h('tr', { dataset: { escalationId: e.id } },
        h('td', { 'data-label': 'Incident' }, h('a', { href: `#/incidents/${e.incidentId}` }, e.reference)),
        h('td', { 'data-label': 'Deadline' }, DEADLINES[e.deadline] ?? e.deadline),
        h('td', { 'data-label': 'Checkpoint' }, checkpointWords(e.checkpoint)),
        h('td', { 'data-label': 'Level' }, e.level),
        h('td', { 'data-label': 'Raised' }, formatTime(e.raisedAt)),
        h('td', { 'data-label': 'State' }, e.status === 'resolved'
          ? h('span', { class: 'resolved' }, `${escalationWord('resolved')} ${formatTime(e.resolvedAt)}: the clock stopped`)
          : e.status === 'acknowledged'
          ? h('span', { class: 'ack' }, `${escalationWord('acknowledged')} by ${e.acknowledgedBy}, ${formatTime(e.acknowledgedAt)}`)
          : [h('button', { type: 'button', onclick: async (event) => {
            event.target.disabled = true;
            try { await post(`/api/escalations/${e.id}/ack`); await reload(); } catch (error) { status.textContent = error.message; event.target.disabled = false; }
          } }, `Acknowledge: ${escalationInWords(e)}`), ' ', status]));
    })));
}

export async function escalationsPage(main, signal) {
  const filter = h('select', { id: 'escalation-state' }, ['open', 'acknowledged', 'resolved', 'all'].map((s) => h('option', { value: s }, s)));
  const holder = h('div');
  main.replaceChildren(h('h1', {}, 'Escalations'), h('label', { for: 'escalation-state' }, 'Show'), filter, holder);
  async function load() {
    const escalations = await get(`/api/escalations?state=${filter.value}`, { signal });
    holder.replaceChildren(escalationTable(escalations, load));
  }
  filter.addEventListener('change', () => load().catch(() => {}));
  window.addEventListener('incident-changed', () => load().catch(() => {}), { signal });
  await load();
}
