// Case work: who owns the incident (take it, or give it to someone), its tasks (an overdue one stands out) and notes
// for the record (they appear in the timeline with their author).
import { h } from './dom.js';
import { post } from './api.js';
import { commandForm } from './forms.js';
import { time, taskWord } from './incident-display.js';
import { can } from './me.js';

const CLOSED = 'This incident is closed: reopen it to change its case work.';

export function caseWorkSection(incident, me, reload) {
  const base = `/api/incidents/${incident.id}`;
  const closed = incident.status === 'closed' ? CLOSED : undefined;
  const workers = can(me, 'reporter', 'dpo', 'oncall');
  return h('section', { class: 'card casework', 'aria-labelledby': 'casework-h' }, h('h2', { id: 'casework-h' }, 'Case work'),
    owner(incident, me, base, reload, closed),
    h('h3', {}, 'Tasks'), tasks(incident, base, reload, workers && !closed),
    workers ? commandForm({ title: 'Add a task', path: `${base}/tasks`, onDone: reload, disabledReason: closed, fields: [
      { name: 'title', label: 'Task' },
      { name: 'assignee', label: 'Assignee (the name they sign in with)' },
      { name: 'dueAt', label: 'Due', type: 'datetime', empty: true, hint: 'Leave empty for no due time.' }] }) : null,
    workers ? commandForm({ title: 'Add a note', path: `${base}/notes`, onDone: reload, disabledReason: closed, fields: [
      { name: 'text', label: 'Note', type: 'textarea', hint: 'Notes are kept in the timeline with your name.' }] }) : null);
}

function owner(incident, me, base, reload, closed) {
  const status = h('span', { role: 'status', class: 'muted' });
  const assigners = can(me, 'reporter', 'dpo');
  const mine = incident.owner === me.name;
  return h('div', { class: 'owner' },
    h('p', { id: 'owner' }, incident.owner ? ['Owner: ', h('strong', {}, incident.owner), mine ? ' (you)' : ''] : 'No owner yet.'),
    assigners && !mine && !closed ? h('p', {}, h('button', { type: 'button', onclick: async (event) => {
      event.target.disabled = true;
      try { await post(`${base}/assignment`, { owner: me.name }); reload(); } catch (error) { status.textContent = error.message; event.target.disabled = false; }
    } }, 'Take it: make me the owner'), ' ', status) : null,
    assigners ? commandForm({ title: 'Assign an owner', path: `${base}/assignment`, onDone: reload, submit: 'Assign', disabledReason: closed, fields: [
      { name: 'owner', label: 'Owner (the name they sign in with)' },
      { name: 'note', label: 'Note for the record', type: 'textarea' }] }) : null);
}

function tasks(incident, base, reload, mayAct) {
  const list = incident.tasks ?? [];
  if (!list.length) return h('p', { class: 'muted', id: 'tasks' }, 'No tasks yet.');
  return h('table', { class: 'stack tasks', id: 'tasks' },
    h('thead', {}, h('tr', {}, ['Task', 'Assignee', 'Due', 'State', ''].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, list.map((t) => {
      const status = h('span', { role: 'status', class: 'muted' });
      const act = (what, label) => h('button', { type: 'button', class: 'secondary', onclick: async (event) => {
        event.target.disabled = true;
        try { await post(`${base}/tasks/${t.id}/${what}`, {}); reload(); } catch (error) { status.textContent = error.message; event.target.disabled = false; }
      } }, `${label}: ${t.title}`);
      return h('tr', { class: t.overdue ? 'overdue' : t.status, dataset: { taskId: t.id } },
        h('td', { 'data-label': 'Task' }, t.title),
        h('td', { 'data-label': 'Assignee' }, t.assignee ?? '—'),
        h('td', { 'data-label': 'Due' }, t.dueAt ? time(t.dueAt) : '—'),
        h('td', { 'data-label': 'State' }, h('span', { class: `task-state ${t.overdue ? 'overdue' : t.status}` }, taskWord(t)),
          t.doneAt ? ` ${time(t.doneAt)}${t.doneBy ? `, ${t.doneBy}` : ''}` : ''),
        h('td', { 'data-label': 'Actions' }, mayAct && t.status === 'open' ? [act('done', 'Done'), ' ', act('cancel', 'Cancel'), ' ', status] : ''));
    })));
}
