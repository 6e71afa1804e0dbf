// The deadline board: open incidents, the most urgent first (an overdue clock or task before anything due), both
// clocks ticking, the regulator's statutory due time beside the policy's when they differ, and overdue tasks. The
// banner above is red whenever anything is overdue, amber only when nothing is but something is due soon.
import { h } from './dom.js';
import { get } from './api.js';
import { countdown, settled, formatTime, remaining, state } from './clock.js';
import { DEADLINE_KIND, deadlineState, taskWord } from './words.js';
import { searchBox } from './search.js';

const MAX_OPEN = 1000; // open incidents read for the board (pages of 200)
const PARALLEL = 6;

export async function boardPage(main, signal) {
  const table = h('table', { class: 'stack', id: 'board' },
    h('caption', { class: 'muted' }, 'Open incidents, most urgent first. Updates as incidents change.'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Incident'), h('th', { scope: 'col' }, 'Title'),
      h('th', { scope: 'col' }, DEADLINE_KIND.dpo), h('th', { scope: 'col' }, DEADLINE_KIND.regulator), h('th', { scope: 'col' }, 'Tasks'))),
    h('tbody'));
  const summary = h('p', { id: 'board-summary', role: 'status', class: 'banner' });
  main.replaceChildren(h('h1', {}, 'Deadline board'), searchBox('', 'board-search'), summary, table);

  // Details (for the tasks) are read again only for an incident whose version changed.
  const details = new Map();
  let rows = [];

  async function load() {
    const open = [];
    for (let after = null; open.length < MAX_OPEN;) {
      const page = await get(`/api/incidents?status=open&pageSize=200${after ? `&after=${encodeURIComponent(after)}` : ''}`, { signal });
      open.push(...page.items);
      if (!page.next) break;
      after = page.next;
    }
    const queue = open.filter((i) => details.get(i.id)?.version !== i.version);
    await Promise.all(Array.from({ length: PARALLEL }, async () => {
      for (let i = queue.shift(); i; i = queue.shift()) {
        try { details.set(i.id, await get(`/api/incidents/${i.id}`, { signal })); } catch { /* shown without its tasks */ }
      }
    }));
    rows = open.map((i) => ({ ...i, tasks: details.get(i.id)?.tasks ?? [] }));
    draw();
  }

  function draw() {
    const now = Date.now();
    const ranked = rows.map((row) => ({ row, urgency: urgency(row, now) })).sort((a, b) => a.urgency - b.urgency).map((r) => r.row);
    table.tBodies[0].replaceChildren(...ranked.map((row) => h('tr', {
      class: isOverdue(row, now) ? 'overdue' : undefined, dataset: { incidentId: row.id, reference: row.reference } },
    h('td', { 'data-label': 'Incident' }, h('a', { href: `#/incidents/${row.id}` }, row.reference)),
    h('td', { 'data-label': 'Title' }, row.title),
    h('td', { 'data-label': DEADLINE_KIND.dpo, class: 'dpo' }, dpoCell(row)),
    h('td', { 'data-label': DEADLINE_KIND.regulator, class: 'regulator' }, regulatorCell(row)),
    h('td', { 'data-label': 'Tasks', class: 'tasks' }, tasksCell(row, now)))));
    banner(now);
  }

  // The banner follows the clocks between reloads: a clock that runs out turns it red without a fetch.
  function banner(now = Date.now()) {
    const overdue = rows.filter((r) => isOverdue(r, now));
    const soon = rows.filter((r) => !isOverdue(r, now) && runningClocks(r).some(([kind, d]) => state(kind, d.dueAt, now) === 'amber'));
    const count = `${rows.length} open incident${rows.length === 1 ? '' : 's'}`;
    const names = (list) => `${list.slice(0, 5).map((r) => r.reference).join(', ')}${list.length > 5 ? ', …' : ''}`;
    const [tone, key, text] = overdue.length ? ['banner red', 'overdue', `${count}. Overdue: ${overdue.length} (${names(overdue)}). Act on these first.`]
      : soon.length ? ['banner amber', 'due-soon', `${count}. Due soon: ${soon.length} (${names(soon)}). Nothing is overdue.`]
      : ['banner', 'in-time', `${count}. Nothing is overdue or due soon.`];
    // Written only when it changes: the banner is a live region, and a screen reader would read it out every time.
    if (summary.textContent !== text) { summary.className = tone; summary.dataset.state = key; summary.textContent = text; }
  }

  const onChange = () => load().catch(() => {});
  window.addEventListener('incident-changed', onChange, { signal });
  window.addEventListener('live-connected', onChange, { signal });
  // A safety net for a notice lost on the way (a full buffer, a dropped connection): a slow poll.
  const poll = setInterval(onChange, 30000);
  const tick = setInterval(() => banner(), 5000);
  signal.addEventListener('abort', () => { clearInterval(poll); clearInterval(tick); });
  await load();
}

/** The incident's clocks that still run ([kind, deadline]). */
function runningClocks(row) {
  return Object.entries(row.deadlines).filter(([, d]) => ['running', 'overdue'].includes(deadlineState(d)));
}

function overdueTasks(row, now) { return row.tasks.filter((t) => t.status === 'open' && t.dueAt && new Date(t.dueAt).getTime() < now); }

function isOverdue(row, now) {
  return runningClocks(row).some(([, d]) => remaining(d.dueAt, now) < 0) || overdueTasks(row, now).length > 0;
}

/** Sort key: the nearest running due time or overdue task; an incident with nothing running goes last. */
function urgency(row, now) {
  const times = [...runningClocks(row).map(([, d]) => new Date(d.dueAt).getTime()),
    ...overdueTasks(row, now).map((t) => new Date(t.dueAt).getTime())];
  return times.length ? Math.min(...times) : Number.MAX_SAFE_INTEGER;
}

function clockOf(kind, deadline, reference) {
  return ['running', 'overdue'].includes(deadlineState(deadline))
    ? countdown(kind, deadline.dueAt, `${reference} ${DEADLINE_KIND[kind]}`)
    : settled(kind, deadline.status, deadline.metAt);
}

function dpoCell(row) {
  const d = row.deadlines.dpo;
  return h('span', {}, clockOf('dpo', d, row.reference), h('br'), h('small', { class: 'muted due' }, `due ${formatTime(d.dueAt)}`));
}

function regulatorCell(row) {
  const d = row.deadlines.regulator;
  const differs = d.statutoryDueAt && new Date(d.statutoryDueAt).getTime() !== new Date(d.dueAt).getTime();
  return h('span', {}, clockOf('regulator', d, row.reference), h('br'),
    h('small', { class: 'muted due' }, differs ? `policy due ${formatTime(d.dueAt)}` : `due ${formatTime(d.dueAt)} (policy and law)`),
    differs ? [h('br'), h('small', { class: 'statutory' }, `statutory due ${formatTime(d.statutoryDueAt)} (72 h after discovery)`)] : null);
}

function tasksCell(row, now) {
  const open = row.tasks.filter((t) => t.status === 'open');
  if (!open.length) return h('span', { class: 'muted' }, 'No open tasks');
  const late = overdueTasks(row, now);
  return h('ul', { class: 'board-tasks' },
    late.map((t) => h('li', { class: 'task-overdue', dataset: { state: 'overdue' } },
      h('strong', {}, taskWord({ ...t, overdue: true })), `: ${t.title}${t.assignee ? ` (${t.assignee})` : ''}, due ${formatTime(t.dueAt)}`)),
    open.length > late.length ? h('li', { class: 'muted' }, `${open.length - late.length} other open task${open.length - late.length === 1 ? '' : 's'}`) : null);
}
