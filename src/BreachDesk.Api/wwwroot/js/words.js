// One word per status, everywhere: the board, the incident page, the lists and the forms all ask this module, so a
// clock that ran out never reads "OVERDUE by 8d" on one page and "MISSED" on the other. The vocabulary is written
// down in the README ("Words on the dashboard"); change both together.
//
// A deadline is either still running or stopped:
//   running  -> "Running" (time left) or "Overdue" (past its due time, nothing done yet: act now)
//   stopped  -> "Met", "Met late", "Not required" (the DPO assessed no risk), or "Missed" (the incident was closed
//               without the act ever being done)
// The API's `missed` is a clock past its due time with no act; while the incident is open that clock still runs and
// the person can still act, so it reads "Overdue" (as on the board); on a closed incident it reads "Missed".

/** The dashboard's words for the deadline kinds. */
export const DEADLINE_KIND = Object.freeze({ dpo: 'DPO notice', regulator: 'Regulator report' });

/** Stopped (or settled) deadline statuses, and the two running ones, as people read them. */
export const DEADLINE_STATUS = Object.freeze({
  running: 'Running',
  overdue: 'Overdue',
  met: 'Met',
  'met-late': 'Met late',
  missed: 'Missed',
  'not-required': 'Not required',
});

/** Incident status. */
export const INCIDENT_STATUS = Object.freeze({ open: 'Open', closed: 'Closed' });

/** Escalation state: "Open" needs someone to acknowledge it. */
export const ESCALATION_STATUS = Object.freeze({ open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' });

/** Task status; an open task past its due time is "Overdue" (the API's `overdue` flag). */
export const TASK_STATUS = Object.freeze({ open: 'Open', overdue: 'Overdue', done: 'Done', cancelled: 'Cancelled' });

/** Risk levels (the DPO's decision and the suggestion). */
export const RISK_LEVEL = Object.freeze({ none: 'No risk', risk: 'Risk', high: 'High risk' });

/** Where the report of a breach came from (the API's `source`). */
export const SOURCE = Object.freeze({ staff: 'Staff', processor: 'A processor', 'third-party': 'A third party', automated: 'Automated detection' });

/**
 * The state of one deadline as a key of DEADLINE_STATUS: `running` or `overdue` while the clock runs, else the
 * API's settled status ('met', 'met-late', 'not-required', 'missed').
 * @param {{status: string, dueAt: string}} deadline a deadline of the incident response (or a board entry)
 * @param {{open?: boolean, now?: number}} [options] open: whether the incident is open (default true)
 */
export function deadlineState(deadline, { open = true, now = Date.now() } = {}) {
  const { status, dueAt } = deadline;
  if (status === 'pending' || (status === 'missed' && open)) return new Date(dueAt).getTime() < now ? 'overdue' : 'running';
  return status;
}

/** The word for a deadline (see deadlineState). */
export function deadlineWord(deadline, options) { return DEADLINE_STATUS[deadlineState(deadline, options)]; }

/** The word for a task: "Overdue" when open and past due. */
export function taskWord(task) { return TASK_STATUS[task.status === 'open' && task.overdue ? 'overdue' : task.status] ?? task.status; }

/** "Escalation" checkpoints as sentences: `due-in-3h` -> "3 hours before due", `at-due` -> "At the due time". */
export function checkpointWords(checkpoint) {
  const before = /^due-in-(\d+)([hm])$/.exec(checkpoint ?? '');
  if (before) {
    const n = Number(before[1]);
    return `${n} ${before[2] === 'h' ? (n === 1 ? 'hour' : 'hours') : (n === 1 ? 'minute' : 'minutes')} before due`;
  }
  return { 'at-due': 'At the due time', reported: 'When reported' }[checkpoint] ?? checkpoint;
}

/** Looks a value up in one of the tables above, falling back to the value itself (a status added later still shows). */
export function word(table, value) { return table[value] ?? value; }
