// How the incident page words statuses and shows times. The one place to point at the shared vocabulary (words.js)
// and time display (clock.js) of the rest of the dashboard: swapping them in is a change here only.
import { formatTime } from './dom.js';

export const time = formatTime;

const DEADLINE = { pending: 'Running', met: 'Met', 'met-late': 'Met late', missed: 'Missed', 'not-required': 'Not required', overdue: 'Overdue' };
const INCIDENT = { open: 'Open', closed: 'Closed' };
const TASK = { open: 'Open', done: 'Done', cancelled: 'Cancelled', overdue: 'Overdue' };
const ESCALATION = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };

/** The word for a deadline status; a met clock says when it was met ("Met at 09:30 UTC"). */
export function deadlineWord(status, metAt) {
  const word = DEADLINE[status] ?? status;
  return metAt && (status === 'met' || status === 'met-late') ? `${word} at ${time(metAt)}` : word;
}
export const incidentWord = (status) => INCIDENT[status] ?? status;
export const taskWord = (task) => (task.overdue ? TASK.overdue : TASK[task.status] ?? task.status);
export const escalationWord = (status) => ESCALATION[status] ?? status;

/** The person's own time zone, named on every time input (they are read in it and sent as UTC). */
export const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'local';

/** The value a datetime-local input shows for now, in the browser's zone, to the second. */
export function inputNow() {
  const now = new Date();
  now.setMilliseconds(0);
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
}

/** A datetime-local value (the browser's zone) as ISO-8601 UTC, which the API takes; unreadable text as typed. */
export function inputToIso(local) {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}
