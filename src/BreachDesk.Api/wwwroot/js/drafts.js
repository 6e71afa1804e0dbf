// The drafts BreachDesk writes from the facts: each shown in full, with print (draft.js), copy and download as Markdown.
import { h, saveFile } from './dom.js';
import { request } from './api.js';

const DRAFT_NAMES = { 'dpo-notice': 'Notice to the DPO', regulator: 'Report to the regulator (Art. 33)', 'data-subject': 'Notice to data subjects (Art. 34)' };

export const draftName = (kind) => DRAFT_NAMES[kind] ?? kind;

/** The address of a draft's printable page (draft.js). */
export const draftHref = (incidentId, kind) => `#/incidents/${incidentId}/drafts/${encodeURIComponent(kind)}`;

export function draftsSection(id, drafts, signal) {
  return h('div', { id: 'drafts' }, drafts.length ? drafts.map((d) => draft(id, d, signal)) : h('p', { class: 'muted' }, 'No drafts yet.'));
}

function draft(id, summary, signal) {
  const name = draftName(summary.kind);
  // Focusable and named: if a style ever makes the body scroll, a keyboard can still reach and scroll all of it.
  const body = h('div', { class: 'body', tabindex: '0', role: 'region', 'aria-label': `${name}, full text` }, h('p', { class: 'muted' }, 'Loading…'));
  const path = `/api/incidents/${id}/drafts/${summary.kind}`;
  const markdown = () => request(path, { accept: 'text/markdown', signal });
  const status = h('span', { role: 'status', class: 'muted' });
  // The service renders the draft to HTML with every fact escaped; no script can run (same-origin CSP, no inline).
  request(path, { accept: 'text/html', signal }).then((html) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    doc.querySelectorAll('script, style, iframe, object').forEach((n) => n.remove());
    nestHeadings(doc, 3);
    body.replaceChildren(...doc.body.childNodes);
  }).catch(() => body.replaceChildren(h('p', {}, 'This draft could not be loaded.')));
  return h('section', { class: 'draft', dataset: { kind: summary.kind } },
    h('h3', {}, `${name} `, h('span', { class: 'muted' }, `(version ${summary.version})`)),
    body,
    h('div', { class: 'actions' },
      h('a', { class: 'button', href: draftHref(id, summary.kind) }, `Print ${name}`),
      h('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { await navigator.clipboard.writeText(await markdown()); status.textContent = 'Copied.'; } catch { status.textContent = 'Copy failed: use Download.'; }
      } }, `Copy ${name}`),
      h('button', { type: 'button', class: 'secondary', onclick: async () =>
        saveFile(`${summary.kind}-v${summary.version}.md`, new Blob([await markdown()], { type: 'text/markdown' })) }, `Download ${name}`),
      status));
}

/**
 * A draft is a document of its own, starting at h1; shown inside the incident page, under this draft's h3, its
 * headings move down by that many levels, so the page keeps one h1 and an outline without jumps (axe:
 * page-has-heading-one, heading-order). The printable page (draft.js) shows the draft's own levels.
 */
function nestHeadings(doc, under) {
  doc.body.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach((heading) => {
    const nested = doc.createElement(`h${Math.min(6, Number(heading.tagName[1]) + under)}`);
    for (const attribute of heading.attributes) nested.setAttribute(attribute.name, attribute.value);
    nested.replaceChildren(...heading.childNodes);
    heading.replaceWith(nested);
  });
}
