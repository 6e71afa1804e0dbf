// The API names fields as its JSON does ("'occurredAt' may not be after 'discoveredAt'"); people know them by the
// labels of the form. These turn the API's 400 `errors` into sentences with the labels, shown next to the field.
import { formatTime } from './clock.js';

/** The form field an API error key belongs to: "$.discoveredAt" -> "discoveredAt", "systems[2]" -> "systems". */
export function fieldOf(key) { return key.replace(/^\$\.?/, '').replace(/\[\d+\]$/, '').replace(/\..*$/, ''); }

/**
 * One API message in the form's words: every quoted field name becomes its label (capitalised at the start of the
 * sentence, lower case inside it), and a UTC time in it is shown in UTC and the person's zone.
 * @param {string} message e.g. "'occurredAt' may not be after 'discoveredAt': a breach is discovered after it occurs."
 * @param {Record<string,string>} labels field name -> label, e.g. { occurredAt: 'When it happened' }
 */
export function inWords(message, labels) {
  const find = (name) => Object.entries(labels).find(([n]) => n.toLowerCase() === fieldOf(name).toLowerCase())?.[1];
  return String(message)
    .replace(/'([^']+)'/g, (quoted, name, offset) => {
      const label = find(name);
      if (!label) return quoted;
      const index = name.match(/\[(\d+)\]$/)?.[1];
      const text = index === undefined ? label : `${label} (line ${Number(index) + 1})`;
      if (offset === 0) return text[0].toUpperCase() + text.slice(1);
      return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text; // "DPO" stays
    })
    .replace(/\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) UTC\)/g, (_, d, t) => `(${formatTime(`${d}T${t}:00Z`)})`);
}
