// Forms send what the person typed to the API and show the API's own 400 'errors' beside each field: the
// dashboard does not re-implement the rules (novalidate), so it can never disagree with them.
import { h } from './dom.js';
import { post, ApiError } from './api.js';

let next = 0;

/** fields: [{ name, label, type: 'text'|'textarea'|'datetime'|'number'|'select'|'checkbox', options, value, hint }] */
export function commandForm({ title, path, fields, submit, onDone }) {
  const id = `f${++next}`;
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const inputs = {};
  const errors = {};
  const rows = fields.map((field) => {
    const inputId = `${id}-${field.name}`;
    const errorId = `${inputId}-error`;
    let input;
    if (field.type === 'textarea') input = h('textarea', { id: inputId, name: field.name });
    else if (field.type === 'select') input = h('select', { id: inputId, name: field.name },
      h('option', { value: '' }, '— choose —'), field.options.map((o) => h('option', { value: o }, o)));
    else if (field.type === 'checkbox') input = h('input', { id: inputId, name: field.name, type: 'checkbox' });
    else input = h('input', { id: inputId, name: field.name, type: field.type === 'datetime' ? 'datetime-local' : field.type ?? 'text',
      step: field.type === 'datetime' ? '1' : undefined, inputmode: field.type === 'number' ? 'numeric' : undefined });
    if (field.type === 'datetime') input.value = localNow();
    else if (field.value !== undefined) input.value = field.value;
    input.setAttribute('aria-describedby', errorId);
    inputs[field.name] = { input, field };
    errors[field.name] = h('p', { class: 'field-error', id: errorId, dataset: { errorFor: field.name }, hidden: true });
    return h('div', { class: 'row' }, h('label', { for: inputId }, field.label), field.hint ? h('span', { class: 'muted' }, field.hint) : null,
      input, errors[field.name]);
  });

  const button = h('button', { type: 'submit' }, submit ?? title);
  const form = h('form', { novalidate: true, 'aria-label': title, dataset: { form: path.split('/').pop() } },
    h('h3', {}, title), rows, formError, h('div', { class: 'actions' }, button));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    button.disabled = true;
    try {
      const result = await post(path, body());
      onDone?.(result);
    } catch (error) {
      show(error);
    } finally {
      button.disabled = false;
    }
  });

  function body() {
    const result = {};
    for (const [name, { input, field }] of Object.entries(inputs)) {
      if (field.type === 'checkbox') { result[name] = input.checked; continue; }
      const value = input.value.trim();
      if (value === '') continue; // missing: the API says whether it is required
      if (field.type === 'datetime') result[name] = isoWithOffset(value);
      else if (field.type === 'number') result[name] = /^-?\d+$/.test(value) ? Number(value) : value;
      else result[name] = value;
    }
    return result;
  }

  function clear() {
    formError.hidden = true; formError.textContent = '';
    for (const [name, el] of Object.entries(errors)) { el.hidden = true; el.textContent = ''; inputs[name].input.removeAttribute('aria-invalid'); }
  }

  function show(error) {
    const unplaced = [];
    if (error instanceof ApiError && error.status === 400 && Object.keys(error.errors).length) {
      for (const [key, messages] of Object.entries(error.errors)) {
        const name = Object.keys(errors).find((n) => n.toLowerCase() === key.replace(/^\$\.?/, '').toLowerCase());
        if (name) {
          errors[name].textContent = messages.join(' ');
          errors[name].hidden = false;
          inputs[name].input.setAttribute('aria-invalid', 'true');
        } else unplaced.push(...messages);
      }
      const first = Object.values(inputs).find(({ input }) => input.getAttribute('aria-invalid'));
      first?.input.focus();
    } else unplaced.push(error.message);
    if (unplaced.length) { formError.textContent = unplaced.join(' '); formError.hidden = false; }
  }

  return form;
}

function localNow() {
  const now = new Date();
  now.setMilliseconds(0);
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
}

/** A datetime-local value is the browser's local time; the API wants an offset, so send it as UTC. */
function isoWithOffset(local) {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}
