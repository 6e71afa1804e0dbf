// Countdowns: every element with data-due ticks once a second, client-side, and takes its colour from what is left.
// Red: overdue (or missed). Amber: less than the warning time left. Green: met, or comfortably in time.
const HOUR = 3600_000;
const WARN = { dpo: 1 * HOUR, regulator: 12 * HOUR };

export function remaining(dueAt, now = Date.now()) { return new Date(dueAt).getTime() - now; }

export function duration(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return `${d ? `${d}d ` : ''}${pad(hh)}:${pad(mm)}:${pad(ss)}`;
}

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
  el.textContent = left < 0 ? `OVERDUE by ${duration(left)}` : `${duration(left)} left`;
  el.setAttribute('aria-label', `${label ?? kind} deadline: ${el.textContent}`);
}

/** A ticking countdown element for a pending deadline. */
export function countdown(kind, dueAt, label) {
  const el = document.createElement('span');
  el.className = 'clock';
  el.dataset.due = dueAt;
  el.dataset.kind = kind;
  if (label) el.dataset.label = label;
  render(el, Date.now());
  return el;
}

/** A settled deadline: met in time is green, late or missed red, not required neutral. */
export function settled(kind, status, metAt) {
  const el = document.createElement('span');
  const colour = status === 'met' ? 'green' : status === 'not-required' ? 'none' : 'red';
  el.className = `clock ${colour}`;
  el.dataset.state = status;
  el.dataset.kind = kind;
  el.textContent = { met: 'Met', 'met-late': 'Met late', missed: 'MISSED', 'not-required': 'Not required' }[status] ?? status;
  if (metAt) el.textContent += ` ${new Date(metAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return el;
}

export function deadlineClock(kind, deadline, label) {
  return deadline.status === 'pending' ? countdown(kind, deadline.dueAt, label) : settled(kind, deadline.status, deadline.metAt);
}

setInterval(() => {
  const now = Date.now();
  document.querySelectorAll('.clock[data-due]').forEach((el) => render(el, now));
}, 1000);
