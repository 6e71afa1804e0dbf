// The audit page (auditor, DPO, admin): whether each incident's stored record is what was written. For each incident
// it walks every page of GET /api/incidents/{id}/audit (each page verifies the hash chain from the link the page
// before ended on) and says the result in words. There is no global chain endpoint: the page checks the newest
// incidents, and any other one by its reference.
import { h } from './dom.js';
import { get } from './api.js';
import { formatTime } from './clock.js';
import { currentRoles, may } from './roles.js';

const PAGE = 1000; // the audit endpoint's largest page
const RECENT = 25;

/** Walks an incident's audit pages; resolves to { intact, events, brokenAt, finding, head, log } (log: the escalation log's). */
export async function verifyRecord(id, signal) {
  let after = 0, events = 0, log = null, last = null;
  for (;;) {
    const report = await get(`/api/incidents/${id}/audit?after=${after}&limit=${PAGE}`, { signal });
    log ??= report.escalationLog ?? null;
    events += report.events.length;
    last = report;
    if (!report.intact) break;
    if (report.events.length < PAGE) break;
    after = report.events[report.events.length - 1].version;
  }
  return {
    intact: last.intact, events, brokenAt: last.brokenAtVersion, finding: last.finding, head: last.head,
    log: log && { intact: log.intact, events: log.events.length, brokenAt: log.brokenAtVersion, finding: log.finding },
  };
}

/** The result in a sentence: "The record of BD-2026-0002 is intact: 14 events, chain verified." */
export function recordWords(reference, r) {
  const events = (n) => `${n} event${n === 1 ? '' : 's'}`;
  const main = r.intact
    ? `The record of ${reference} is intact: ${events(r.events)}, chain verified.`
    : `The record of ${reference} has been altered at event ${r.brokenAt}: ${r.finding}`;
  const log = !r.log ? '' : r.log.intact
    ? ` Its escalation log is intact: ${events(r.log.events)}.`
    : ` Its escalation log has been altered at event ${r.log.brokenAt}: ${r.log.finding}`;
  return main + log;
}

export async function auditPage(main, signal) {
  main.replaceChildren(h('h1', {}, 'Audit'));
  if (!may(await currentRoles(), 'audit')) {
    main.append(h('p', { class: 'form-error', role: 'alert' }, 'Only auditors, the DPO and administrators may read the audit trail.'));
    return;
  }
  const input = h('input', { id: 'audit-reference', name: 'reference', autocomplete: 'off', placeholder: 'BD-2026-0002', 'aria-describedby': 'audit-reference-hint' });
  const checked = h('p', { id: 'audit-checked', role: 'status' });
  const form = h('form', { id: 'audit-form', 'aria-label': 'Check an incident by reference', novalidate: true },
    h('label', { for: input.id }, 'Incident reference'),
    h('span', { class: 'muted', id: 'audit-reference-hint' }, 'Any incident, open or closed.'),
    h('div', { class: 'search-row' }, input, h('button', { type: 'submit' }, 'Check its record')), checked);
  const list = h('ul', { id: 'audit-recent', class: 'audit-list' });
  main.append(
    h('p', { class: 'muted' }, 'Each event is chained to the one before by a hash PostgreSQL recorded when it was written; ' +
      'an edit, a deletion or an insertion behind the service\'s back breaks the chain at that event.'),
    form, h('h2', {}, `The ${RECENT} newest incidents`), list);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const reference = input.value.trim().toUpperCase();
    if (!reference) { checked.textContent = 'Type a reference, such as BD-2026-0002.'; return; }
    checked.textContent = `Checking ${reference}…`;
    try {
      const found = await get(`/api/incidents?reference=${encodeURIComponent(reference)}&status=all`, { signal });
      const incident = found.items.find((i) => i.reference === reference);
      if (!incident) { checked.textContent = `No incident ${reference} was found.`; return; }
      const result = await verifyRecord(incident.id, signal);
      checked.className = result.intact && (result.log?.intact ?? true) ? 'audit-ok' : 'audit-broken';
      checked.textContent = recordWords(reference, result);
    } catch (error) { if (!signal.aborted) checked.textContent = error.status === 403 ? 'Your role may not read the audit trail.' : error.message; }
  });

  const recent = await get(`/api/incidents?status=all&pageSize=${RECENT}`, { signal });
  if (!recent.items.length) { list.replaceWith(h('p', { class: 'muted' }, 'No incidents yet.')); return; }
  const rows = recent.items.map((i) => {
    const text = h('span', {}, 'Checking…');
    const li = h('li', { dataset: { reference: i.reference, state: 'checking' } },
      h('a', { href: `#/incidents/${i.id}` }, i.reference), ` ${i.title} `, h('span', { class: 'muted' }, `(reported ${formatTime(i.reportedAt)})`), h('br'), text);
    return { i, li, text };
  });
  list.replaceChildren(...rows.map((r) => r.li));
  // A few at a time: the machine serving it is shared with the people working incidents.
  const queue = [...rows];
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      try {
        const result = await verifyRecord(r.i.id, signal);
        const ok = result.intact && (result.log?.intact ?? true);
        r.li.dataset.state = ok ? 'intact' : 'broken';
        r.text.className = ok ? 'audit-ok' : 'audit-broken';
        r.text.textContent = recordWords(r.i.reference, result);
      } catch (error) {
        if (signal.aborted) return;
        r.li.dataset.state = 'unknown';
        r.text.textContent = `Could not be checked: ${error.message}`;
      }
    }
  }));
}
