// Time on the dashboard, one convention everywhere: every time is shown in UTC (what the API, the drafts and the
// regulator use) and in the person's own zone, "2026-12-02 20:07 UTC (21:07 Paris)", and every date input says which
// zone it is read in and is sent with its offset. The zone is the browser's, Intl's resolved time zone.
//
// Countdowns: every element with data-due ticks once a second, client-side, and takes its colour from what is left.
// Red: overdue (or missed). Amber: less than the warning time left. Green: met, or comfortably in time. The words
// come from words.js.
import { DEADLINE_STATUS, deadlineState } from './words.js';

const HOUR = 3600_000;
const WARN = { dpo: 1 * HOUR, regulator: 12 * HOUR };
const pad = (n) => String(n).padStart(2, '0');

/** The person's IANA time zone ("Europe/Paris"), as the browser resolves it; "UTC" when it cannot say. */
export function userZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch { return 'UTC'; }
}

/** True when the person's zone is UTC itself (then a time is shown once). */
function zoneIsUtc(zone = userZone()) { return /^(Etc\/)?(UTC|GMT|Universal|Zulu|UCT)$/i.test(zone); }

/** A zone's short place name: "Europe/Paris" -> "Paris", "America/Argentina/Buenos_Aires" -> "Buenos Aires". */
export function zoneName(zone = userZone()) { return zone.split('/').pop().replace(/_/g, ' '); }

/** The parts of an instant's wall-clock time in a zone: { date: "2026-12-02", time: "21:07" }. */
function wallClock(date, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * An instant as people read it: "2026-12-02 20:07 UTC (21:07 Paris)"; the local date is repeated only when it is
 * not the UTC date ("2026-12-02 23:30 UTC (2026-12-03 08:30 Tokyo)"). "—" for no time.
 * @param {string|number|Date|null|undefined} iso
 * @param {string} [zone] the person's zone (default: the browser's)
 */
export function formatTime(iso, zone = userZone()) {
  if (iso === null || iso === undefined || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const utc = wallClock(date, 'UTC');
  const text = `${utc.date} ${utc.time} UTC`;
  if (zoneIsUtc(zone)) return text;
  const local = wallClock(date, zone);
  return `${text} (${local.date === utc.date ? '' : `${local.date} `}${local.time} ${zoneName(zone)})`;
}

/** A <time> element for an instant: machine-readable datetime, text from formatTime. */
export function timeElement(iso, zone) {
  const el = document.createElement('time');
  if (iso) el.dateTime = new Date(iso).toISOString();
  el.textContent = formatTime(iso, zone);
  return el;
}

/** The offset of the person's zone at an instant, "+01:00" (the local time minus UTC). */
export function offsetAt(date = new Date()) {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** What a datetime-local input is read in, for its label: "Paris time (Europe/Paris, UTC+01:00)", or "UTC". */
export function inputZoneLabel(date = new Date()) {
  const zone = userZone();
  return zoneIsUtc(zone) ? 'UTC' : `${zoneName(zone)} time (${zone}, UTC${offsetAt(date)})`;
}

/** A datetime-local value ("2026-12-02T21:07:00") for an instant, in the person's zone (default: now, to the second). */
export function localInputValue(instant = Date.now()) {
  const date = new Date(instant);
  date.setMilliseconds(0);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
}

/**
 * A datetime-local value (read in the person's zone) as ISO-8601 with that zone's offset at that time,
 * "2026-12-02T21:07:00+01:00", which is what the API asks for. Anything that is not a date is returned unchanged,
 * so the API names the field in its 400 instead of the page guessing.
 */
export function isoFromLocalInput(value) {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value ?? '');
  if (!match) return value;
  const date = new Date(value); // a datetime-local string without offset is local time
  if (Number.isNaN(date.getTime())) return value;
  return `${match[1]}T${match[2]}:${match[3]}:${match[4] ?? '00'}${offsetAt(date)}`;
}

/**
 * A datetime-local input labelled with the zone it is read in. Returns { input, hint }: put the hint (an element
 * with an id, referenced by aria-describedby together with any ids passed in describedBy) under the label.
 * @param {{id: string, name: string, value?: string|number|Date|null, describedBy?: string}} options
 *   value: an instant to start from (default now), or null for empty
 */
export function zonedDateInput({ id, name, value, describedBy }) {
  const input = document.createElement('input');
  input.type = 'datetime-local';
  input.id = id;
  input.name = name;
  input.step = '1';
  if (value !== null) input.value = localInputValue(value ?? Date.now());
  const hint = document.createElement('span');
  hint.className = 'zone-hint muted';
  hint.id = `${id}-zone`;
  hint.textContent = `In ${inputZoneLabel()}`;
  input.setAttribute('aria-describedby', [hint.id, describedBy].filter(Boolean).join(' '));
  input.dataset.zone = userZone();
  return { input, hint };
}

/** Milliseconds left until dueAt (negative once past). */
export function remaining(dueAt, now = Date.now()) { return new Date(dueAt).getTime() - now; }

/** A duration as "2d 03:04:05" (the sign is dropped: the caller says "left" or "overdue by"). */
export function duration(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  return `${d ? `${d}d ` : ''}${pad(hh)}:${pad(mm)}:${pad(ss)}`;
}

/** A running clock's colour: red past due, amber within the warning time of its kind, else green. */
export function state(kind, dueAt, now = Date.now()) {
  const left = remaining(dueAt, now);
  if (left < 0) return 'red';
  return left < (WARN[kind] ?? HOUR) ? 'amber' : 'green';
}

function render(el, now) {
  const { due, kind, label } = el.dataset;
  const left = remaining(due, now);
  const colour = state(kind, due, now);
  el.classList.remove('red', 'amber', 'green');
  el.classList.add(colour);
  el.dataset.state = left < 0 ? 'overdue' : colour;
  el.dataset.word = left < 0 ? DEADLINE_STATUS.overdue : DEADLINE_STATUS.running;
  el.textContent = left < 0 ? `${DEADLINE_STATUS.overdue} by ${duration(left)}` : `${DEADLINE_STATUS.running}: ${duration(left)} left`;
  el.setAttribute('aria-label', `${label ?? kind} deadline: ${el.textContent}`);
}

/** A ticking countdown element for a running deadline: "Running: 05:59:58 left", "Overdue by 2d 01:00:00". */
export function countdown(kind, dueAt, label) {
  const el = document.createElement('span');
  el.className = 'clock';
  el.dataset.due = dueAt;
  el.dataset.kind = kind;
  if (label) el.dataset.label = label;
  render(el, Date.now());
  return el;
}

/**
 * A stopped deadline: met in time is green, met late or missed red, not required neutral; data-state is the API's
 * status. "Met 2026-12-02 20:07 UTC (21:07 Paris)".
 */
export function settled(kind, status, metAt) {
  const el = document.createElement('span');
  const colour = status === 'met' ? 'green' : status === 'not-required' ? 'none' : 'red';
  el.className = `clock ${colour}`;
  el.dataset.state = status;
  el.dataset.kind = kind;
  el.dataset.word = DEADLINE_STATUS[status] ?? status;
  el.textContent = el.dataset.word;
  if (metAt) el.textContent += ` ${formatTime(metAt)}`;
  return el;
}

/**
 * The clock of a deadline of the incident response: ticking while it runs (pending, or past due on an open incident),
 * else its stopped state. open: whether the incident is open (a closed incident's unmet clock reads "Missed").
 */
export function deadlineClock(kind, deadline, label, { open = true } = {}) {
  const running = ['running', 'overdue'].includes(deadlineState(deadline, { open }));
  return running ? countdown(kind, deadline.dueAt, label) : settled(kind, deadline.status, deadline.metAt);
}

setInterval(() => {
  const now = Date.now();
  document.querySelectorAll('.clock[data-due]').forEach((el) => render(el, now));
}, 1000);
