// Forms send what the person typed to the API and show the API's own 400 'errors' beside each field: the
// dashboard does not re-implement the rules (novalidate), so it can never disagree with them. The API names fields
// as the JSON does ('howItOccurred'); the person reads the form's own label in their place.
import { h } from './dom.js';
import { post, ApiError } from './api.js';
import { zone, inputNow, inputToIso } from './incident-display.js';
import { inWords as labelled } from './fielderrors.js';

let next = 0;

// Fields the API may name that are not on the form that was sent (a rule comparing two facts).
const KNOWN = { discoveredAt: 'the time of discovery', occurredAt: 'when it occurred', dataEncrypted: 'data encrypted', body: 'the form' };

/**
 * fields: [{ name, label, type: 'text'|'textarea'|'datetime'|'number'|'select'|'checkbox'|'checkboxes'|'list'|'file',
 *            options, value, hint, empty (a datetime left blank), required (said in the label) }]
 * send(body) replaces the JSON POST to path (a multipart upload); disabledReason shows the form greyed, saying why.
 */
export function commandForm({ title, path, fields, submit, onDone, send, disabledReason }) {
  const id = `f${++next}`;
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const inputs = {};
  const errors = {};
  const rows = fields.map((field) => {
    const inputId = `${id}-${field.name}`;
    const errorId = `${inputId}-error`;
    const hintId = field.hint ? `${inputId}-hint` : null;
    const describedBy = [hintId, errorId].filter(Boolean).join(' ');
    errors[field.name] = h('p', { class: 'field-error', id: errorId, dataset: { errorFor: field.name }, hidden: true });
    const hint = field.hint ? h('span', { class: 'muted hint', id: hintId }, field.hint) : null;
    const label = field.required ? `${field.label} (required)` : field.label;
    if (field.type === 'checkboxes') {
      const boxes = field.options.map((o) => h('input', { type: 'checkbox', id: `${inputId}-${o}`, name: field.name, value: o }));
      inputs[field.name] = { input: boxes, field, label: field.label };
      return h('fieldset', { class: 'row choices', 'aria-describedby': describedBy }, h('legend', {}, label), hint,
        boxes.map((box) => h('label', { class: 'choice', for: box.id }, box, ` ${box.value}`)), errors[field.name]);
    }
    const input = control(field, inputId);
    input.setAttribute('aria-describedby', describedBy);
    if (field.required) input.setAttribute('aria-required', 'true');
    inputs[field.name] = { input, field, label: field.label };
    const shown = field.type === 'datetime' ? `${label}, in ${zone()}` : label;
    if (field.type === 'checkbox') return h('div', { class: 'row check' }, input, h('label', { for: inputId }, ` ${shown}`), hint, errors[field.name]);
    return h('div', { class: 'row' }, h('label', { for: inputId }, shown), hint, input, errors[field.name]);
  });

  const button = h('button', { type: 'submit' }, submit ?? title);
  const reason = disabledReason ? h('p', { class: 'disabled-reason', id: `${id}-why` }, disabledReason) : null;
  const form = h('form', { novalidate: true, 'aria-label': title, 'aria-describedby': reason ? `${id}-why` : undefined, dataset: { form: path.split('/').pop() } },
    h('h3', {}, title), reason, h('fieldset', { class: 'plain', disabled: !!disabledReason }, rows, formError, h('div', { class: 'actions' }, button)));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    button.disabled = true;
    try {
      const result = await (send ? send(body()) : post(path, body()));
      onDone?.(result);
    } catch (error) {
      showErrors(error);
    } finally {
      button.disabled = false;
    }
  });

  function body() {
    const result = {};
    for (const [name, { input, field }] of Object.entries(inputs)) {
      if (field.type === 'checkboxes') { result[name] = input.filter((box) => box.checked).map((box) => box.value); continue; }
      if (field.type === 'checkbox') { result[name] = input.checked; continue; }
      if (field.type === 'file') { if (input.files[0]) result[name] = input.files[0]; continue; }
      const value = input.value.trim();
      if (value === '') continue; // missing: the API says whether it is required
      if (field.type === 'datetime') result[name] = inputToIso(value);
      else if (field.type === 'number') result[name] = /^-?\d+$/.test(value) ? Number(value) : value;
      else if (field.type === 'list') result[name] = value.split(',').map((v) => v.trim()).filter(Boolean);
      else result[name] = value;
    }
    return result;
  }

  const controls = (name) => [inputs[name].input].flat();

  function clear() {
    formError.hidden = true; formError.textContent = '';
    for (const [name, el] of Object.entries(errors)) { el.hidden = true; el.textContent = ''; controls(name).forEach((c) => c.removeAttribute('aria-invalid')); }
  }

  /** The API's field errors beside their fields, in the form's words; anything else above the button. */
  function showErrors(error) {
    const unplaced = [];
    if (error instanceof ApiError && error.status === 400 && Object.keys(error.errors).length) {
      for (const [key, messages] of Object.entries(error.errors)) {
        const name = fieldOf(key);
        const text = messages.map((m) => inWords(m)).join(' ');
        if (name) {
          errors[name].textContent = text;
          errors[name].hidden = false;
          controls(name).forEach((c) => c.setAttribute('aria-invalid', 'true'));
        } else unplaced.push(text);
      }
      const first = Object.keys(inputs).find((name) => !errors[name].hidden);
      if (first) controls(first)[0].focus();
    } else unplaced.push(inWords(error.message));
    if (unplaced.length) { formError.textContent = unplaced.join(' '); formError.hidden = false; }
  }

  /** 'impact.countries[2]' or '$.countries[2]' is the form's 'countries'. */
  function fieldOf(key) {
    const bare = key.replace(/^\$\.?/, '');
    const names = Object.keys(inputs);
    return names.find((n) => n.toLowerCase() === bare.toLowerCase())
      ?? names.find((n) => n.toLowerCase() === bare.split(/[.[]/)[0].toLowerCase());
  }

  /** "'howItOccurred' is required." becomes "How it occurred is required." (fielderrors.js, the dashboard's one way). */
  function inWords(message) {
    const labels = { ...KNOWN, ...Object.fromEntries(Object.entries(inputs).map(([name, { label }]) => [name, label])) };
    return labelled(message, labels);
  }

  form.showErrors = showErrors;
  return form;
}

function control(field, id) {
  if (field.type === 'textarea') return h('textarea', { id, name: field.name }, field.value ?? '');
  if (field.type === 'select') return h('select', { id, name: field.name },
    h('option', { value: '' }, '— choose —'), field.options.map((o) => h('option', { value: o, selected: o === field.value }, o)));
  if (field.type === 'checkbox') return h('input', { id, name: field.name, type: 'checkbox', checked: !!field.value });
  if (field.type === 'file') return h('input', { id, name: field.name, type: 'file' });
  const input = h('input', { id, name: field.name, type: field.type === 'datetime' ? 'datetime-local' : field.type === 'number' ? 'text' : 'text',
    step: field.type === 'datetime' ? '1' : undefined, inputmode: field.type === 'number' ? 'numeric' : undefined });
  if (field.type === 'datetime') input.value = field.empty ? '' : inputNow();
  else if (field.value !== undefined) input.value = field.value;
  if (field.type === 'list') input.setAttribute('placeholder', 'separate with commas');
  return input;
}
