// Report an incident in the browser: the form of POST /api/incidents. Times are read in the person's zone and sent
// with its offset; a form fill carries one Idempotency-Key, so a double click or a retry makes one incident, never
// two; the API's field errors are shown next to their fields in the form's words; then the new incident's page.
import { h } from './dom.js';
import { post, session, ApiError } from './api.js';
import { zonedDateInput, isoFromLocalInput } from './clock.js';
import { inWords, fieldOf } from './fielderrors.js';
import { SOURCE } from './words.js';
import { currentRoles, may } from './roles.js';

// The API's field names and what the form calls them (also used to word the API's messages).
const LABELS = {
  title: 'Title',
  description: 'What happened',
  discoveredAt: 'When it was discovered',
  occurredAt: 'When it happened',
  occurredAtIsEstimate: 'The time it happened is an estimate',
  source: 'Who noticed it',
  systems: 'Systems affected',
  reportedBy: 'Reported by',
};

export async function reportPage(main) {
  main.replaceChildren(h('h1', {}, 'Report an incident'));
  if (!may(await currentRoles(), 'report')) {
    main.append(h('p', { class: 'form-error', role: 'alert' }, 'Your role may not report incidents. Ask security staff, the DPO or an administrator.'));
    return;
  }

  const errors = {};
  const inputs = {};
  const errorFor = (name) => (errors[name] = h('p', { class: 'field-error', id: `report-${name}-error`, dataset: { errorFor: name }, hidden: true }));
  const row = (name, input, ...extra) => {
    inputs[name] = input;
    if (!input.getAttribute('aria-describedby')) input.setAttribute('aria-describedby', `report-${name}-error`);
    return h('div', { class: 'row' }, h('label', { for: input.id }, LABELS[name]), ...extra, input, errorFor(name));
  };

  const discovered = zonedDateInput({ id: 'report-discoveredAt', name: 'discoveredAt', describedBy: 'report-discoveredAt-error' });
  const occurred = zonedDateInput({ id: 'report-occurredAt', name: 'occurredAt', value: null, describedBy: 'report-occurredAt-hint report-occurredAt-error' });
  const estimate = h('input', { type: 'checkbox', id: 'report-occurredAtIsEstimate', name: 'occurredAtIsEstimate', 'aria-describedby': 'report-occurredAtIsEstimate-error' });
  inputs.occurredAtIsEstimate = estimate;
  const source = h('select', { id: 'report-source', name: 'source' },
    h('option', { value: '' }, '— not said —'), Object.entries(SOURCE).map(([value, text]) => h('option', { value }, text)));

  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true, id: 'report-error' });
  const button = h('button', { type: 'submit', id: 'report-submit' }, 'Report incident');
  const form = h('form', { id: 'report-form', novalidate: true, 'aria-labelledby': 'report-h' },
    h('h2', { id: 'report-h' }, 'What happened'),
    h('p', { class: 'muted' }, 'The DPO is told at once and the clocks start. You can add the impact and what was done later.'),
    row('title', h('input', { id: 'report-title', name: 'title', autocomplete: 'off' })),
    row('description', h('textarea', { id: 'report-description', name: 'description' })),
    row('discoveredAt', discovered.input, discovered.hint),
    row('occurredAt', occurred.input, occurred.hint,
      h('span', { class: 'muted', id: 'report-occurredAt-hint' }, ' Leave empty if nobody knows yet.')),
    h('div', { class: 'row check' }, estimate, h('label', { for: estimate.id }, LABELS.occurredAtIsEstimate), errorFor('occurredAtIsEstimate')),
    row('source', source),
    row('systems', h('textarea', { id: 'report-systems', name: 'systems' }),
      h('span', { class: 'muted', id: 'report-systems-hint' }, 'One per line, or separated by commas.')),
    row('reportedBy', h('input', { id: 'report-reportedBy', name: 'reportedBy', value: session.name ?? '', autocomplete: 'name' })),
    formError,
    h('div', { class: 'actions' }, button));
  inputs.systems.setAttribute('aria-describedby', 'report-systems-hint report-systems-error');
  main.append(form);

  // One key per form fill: kept while what is sent stays the same (a double click, a retry after a lost answer), new
  // once the person changes something (the API would refuse the old key with another body: 422).
  let key = null;
  let sent = null;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    const payload = body();
    const text = JSON.stringify(payload);
    if (text !== sent) { key = crypto.randomUUID(); sent = text; }
    button.disabled = true;
    try {
      const incident = await post('/api/incidents', payload, { headers: { 'Idempotency-Key': key } });
      location.hash = `#/incidents/${incident.id}`;
    } catch (error) {
      show(error);
      button.disabled = false;
    }
  });

  function body() {
    const value = (name) => inputs[name].value.trim();
    const result = { title: value('title'), description: value('description') };
    if (value('discoveredAt')) result.discoveredAt = isoFromLocalInput(value('discoveredAt'));
    if (value('occurredAt')) result.occurredAt = isoFromLocalInput(value('occurredAt'));
    if (estimate.checked) result.occurredAtIsEstimate = true;
    if (source.value) result.source = source.value;
    const systems = value('systems').split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
    if (systems.length) result.systems = systems;
    if (value('reportedBy')) result.reportedBy = value('reportedBy');
    return result;
  }

  function clear() {
    formError.hidden = true;
    formError.textContent = '';
    for (const [name, el] of Object.entries(errors)) { el.hidden = true; el.textContent = ''; inputs[name]?.removeAttribute('aria-invalid'); }
  }

  function show(error) {
    const unplaced = [];
    if (error instanceof ApiError && error.status === 400 && Object.keys(error.errors).length) {
      for (const [key, messages] of Object.entries(error.errors)) {
        const name = Object.keys(LABELS).find((n) => n.toLowerCase() === fieldOf(key).toLowerCase());
        const words = messages.map((m) => inWords(m, LABELS)).join(' ');
        if (name && errors[name]) {
          errors[name].textContent = errors[name].textContent ? `${errors[name].textContent} ${words}` : words;
          errors[name].hidden = false;
          inputs[name].setAttribute('aria-invalid', 'true');
        } else unplaced.push(words);
      }
      Object.values(inputs).find((input) => input.getAttribute('aria-invalid'))?.focus();
    } else unplaced.push(error.status === 403 ? 'Your role may not report incidents.' : error.message);
    if (unplaced.length) { formError.textContent = unplaced.join(' '); formError.hidden = false; }
  }
}
