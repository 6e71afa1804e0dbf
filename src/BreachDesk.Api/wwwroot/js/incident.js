// One incident: facts, both deadlines with their basis, the timeline, impact and suggested risk beside the DPO's
// decision, the drafts, its escalations and the forms for the DPO's actions.
import { h, formatTime, saveFile } from './dom.js';
import { get, request } from './api.js';
import { deadlineClock } from './clock.js';
import { commandForm } from './forms.js';
import { escalationTable } from './escalations.js';
import { draftHref } from './draft.js';

const DRAFT_NAMES = { 'dpo-notice': 'Notice to the DPO', regulator: 'Report to the regulator (Art. 33)', 'data-subject': 'Notice to data subjects (Art. 34)' };

export async function incidentPage(main, signal, id) {
  // A form someone has started filling in is never replaced by a live update: the check is made again after the
  // fetches, because a refresh already under way when they started typing would otherwise wipe what they typed.
  let editing = false;
  main.addEventListener('input', () => { editing = true; }, { signal });
  main.addEventListener('change', () => { editing = true; }, { signal });
  const inUse = () => editing || main.contains(document.activeElement?.closest('form'));

  async function load(live = false) {
    if (!live) editing = false; // our own action (a form submitted, an acknowledgement) refreshes everything
    const [incident, timeline, escalations, drafts] = await Promise.all([
      get(`/api/incidents/${id}`, { signal }),
      get(`/api/incidents/${id}/timeline`, { signal }),
      get(`/api/escalations?state=all&incidentId=${encodeURIComponent(id)}`, { signal }),
      get(`/api/incidents/${id}/drafts`, { signal }).catch(() => []),
    ]);
    if (live && inUse()) return;
    const focused = document.activeElement?.id;
    main.replaceChildren(
      h('h1', {}, `${incident.reference}: ${incident.title}`),
      h('div', { class: 'grid' }, facts(incident), deadlines(incident)),
      h('div', { class: 'grid' }, impact(incident), decision(incident)),
      h('h2', {}, 'Escalations'), escalationTable(escalations, load),
      h('h2', {}, 'Actions'), actions(incident, load),
      h('h2', {}, 'Drafts'), h('div', { id: 'drafts' }, drafts.length ? drafts.map((d) => draft(id, d, signal)) : h('p', { class: 'muted' }, 'No drafts yet.')),
      h('h2', {}, 'Timeline'), timelineList(timeline));
    if (focused) document.getElementById(focused)?.focus();
  }

  // Another person's change re-reads the page, unless someone is filling in one of its forms.
  window.addEventListener('incident-changed', (e) => {
    if (e.detail === id && !inUse()) load(true).catch(() => {});
  }, { signal });
  await load();
}

function facts(i) {
  return h('section', { class: 'card', 'aria-labelledby': 'facts-h' }, h('h2', { id: 'facts-h' }, 'Facts'), h('dl', {},
    h('dt', {}, 'Status'), h('dd', { id: 'status' }, i.status),
    h('dt', {}, 'Description'), h('dd', {}, i.description),
    h('dt', {}, 'Occurred'), h('dd', {}, formatTime(i.occurredAt), i.occurredAtIsEstimate ? ' (estimate)' : ''),
    h('dt', {}, 'Discovered'), h('dd', {}, formatTime(i.discoveredAt)),
    h('dt', {}, 'Reported'), h('dd', {}, formatTime(i.reportedAt)),
    h('dt', {}, 'Source'), h('dd', {}, i.source ?? '—'),
    h('dt', {}, 'Systems'), h('dd', {}, (i.systems ?? []).join(', ') || '—')));
}

function deadlines(i) {
  const { dpo, regulator } = i.deadlines;
  return h('section', { class: 'card', 'aria-labelledby': 'deadlines-h' }, h('h2', { id: 'deadlines-h' }, 'Deadlines'), h('dl', {},
    h('dt', {}, 'DPO notice'), h('dd', { id: 'dpo-clock' }, deadlineClock('dpo', dpo, 'DPO'),
      h('br'), h('small', {}, `due ${formatTime(dpo.dueAt)}, counted from ${dpo.basis}`)),
    h('dt', {}, 'Regulator'), h('dd', { id: 'regulator-clock' }, deadlineClock('regulator', regulator, 'Regulator'),
      h('br'), h('small', {}, `due ${formatTime(regulator.dueAt)} (policy, from ${regulator.basis}); statutory ${formatTime(regulator.statutoryDueAt)}`))));
}

function impact(i) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'impact-h' }, h('h2', { id: 'impact-h' }, 'Impact and suggested risk'));
  if (!i.impact) return section.append(h('p', { class: 'muted' }, 'No impact assessed yet.')), section;
  const x = i.impact;
  section.append(h('dl', {},
    h('dt', {}, 'Breach types'), h('dd', {}, (x.breachTypes ?? []).join(', ') || '—'),
    h('dt', {}, 'Data'), h('dd', {}, (x.dataCategories ?? []).join(', ') || '—'),
    h('dt', {}, 'Subjects'), h('dd', {}, x.approxDataSubjects ?? 'unknown', (x.subjectGroups ?? []).length ? ` (${x.subjectGroups.join(', ')})` : ''),
    h('dt', {}, 'Records'), h('dd', {}, x.approxRecords ?? 'unknown'),
    h('dt', {}, 'Likely consequences'), h('dd', {}, x.likelyConsequences ?? '—')));
  const s = i.suggestedRisk;
  if (s) section.append(h('h3', {}, `Suggested: ${s.level} (score ${s.score}, ${s.band})`),
    h('ul', { id: 'risk-factors' }, s.factors.map((f) => h('li', {}, f))));
  return section;
}

function decision(i) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'decision-h' }, h('h2', { id: 'decision-h' }, "DPO's risk decision"));
  section.append(i.risk
    ? h('dl', { id: 'risk-decision' }, h('dt', {}, 'Level'), h('dd', {}, i.risk.level), h('dt', {}, 'Rationale'), h('dd', {}, i.risk.rationale),
      h('dt', {}, 'By'), h('dd', {}, `${i.risk.assessedBy}, ${formatTime(i.risk.assessedAt)}`))
    : h('p', { class: 'muted', id: 'risk-decision' }, 'Not decided yet. The suggestion is only a suggestion: the DPO decides.'));
  return section;
}

function actions(i, reload) {
  if (i.status !== 'open') return h('p', { class: 'muted' }, 'This incident is closed.');
  const base = `/api/incidents/${i.id}`;
  const done = () => reload();
  return h('div', { class: 'grid' },
    commandForm({ title: 'DPO notified', path: `${base}/dpo-notification`, onDone: done, fields: [
      { name: 'notifiedAt', label: 'Notified at', type: 'datetime' },
      { name: 'channel', label: 'Channel', value: 'email' },
      { name: 'howItOccurred', label: 'How it occurred', type: 'textarea' },
      { name: 'likelyImpact', label: 'Likely impact', type: 'textarea' }] }),
    commandForm({ title: 'Risk assessment', path: `${base}/risk-assessment`, onDone: done, fields: [
      { name: 'level', label: 'Risk level', type: 'select', options: ['none', 'risk', 'high'] },
      { name: 'rationale', label: 'Rationale', type: 'textarea' }] }),
    commandForm({ title: 'Regulator notified', path: `${base}/regulator-notification`, onDone: done, fields: [
      { name: 'submittedAt', label: 'Submitted at', type: 'datetime' },
      { name: 'regulator', label: 'Regulator', value: 'ICO' },
      { name: 'reference', label: "Regulator's reference" },
      { name: 'lateReason', label: 'Reason for lateness (if late)', type: 'textarea' }] }),
    commandForm({ title: 'Data subjects notified', path: `${base}/data-subject-notification`, onDone: done, fields: [
      { name: 'sentAt', label: 'Sent at', type: 'datetime' },
      { name: 'channel', label: 'Channel', value: 'email' },
      { name: 'recipients', label: 'Recipients (count)', type: 'number' }] }),
    commandForm({ title: 'Close', path: `${base}/close`, onDone: done, submit: 'Close incident', fields: [
      { name: 'outcome', label: 'Outcome', type: 'textarea' },
      { name: 'lessonsLearned', label: 'Lessons learned', type: 'textarea' }] }));
}

function draft(id, summary, signal) {
  const body = h('div', { class: 'body' }, h('p', { class: 'muted' }, 'Loading…'));
  const path = `/api/incidents/${id}/drafts/${summary.kind}`;
  const markdown = () => request(path, { accept: 'text/markdown', signal });
  const status = h('span', { role: 'status', class: 'muted' });
  const name = DRAFT_NAMES[summary.kind] ?? summary.kind;
  // The service renders the draft to HTML with every fact escaped; no script can run (same-origin CSP, no inline).
  request(path, { accept: 'text/html', signal }).then((html) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    doc.querySelectorAll('script, style, iframe, object').forEach((n) => n.remove());
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

function timelineList(entries) {
  return h('ol', { id: 'timeline' }, entries.map((e) =>
    h('li', {}, h('strong', {}, formatTime(e.at)), ` ${e.summary} `, h('span', { class: 'muted' }, `(${e.kind}, ${e.actor})`))));
}
