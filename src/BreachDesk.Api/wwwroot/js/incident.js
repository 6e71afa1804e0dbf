// One incident: facts, both deadlines with their basis, impact and suggested risk beside the DPO's decision, the case
// work and evidence, its escalations, the forms the person's roles and the incident's state allow, the drafts and
// the timeline.
import { h } from './dom.js';
import { get } from './api.js';
import { deadlineClock } from './clock.js';
import { deadlineState } from './words.js';
import { escalationTable } from './escalations.js';
import { time, deadlineWord, incidentWord } from './incident-display.js';
import { whoAmI } from './me.js';
import { actionForms } from './incident-forms.js';
import { caseWorkSection } from './casework.js';
import { evidenceSection } from './evidence.js';
import { draftsSection } from './drafts.js';

export async function incidentPage(main, signal, id) {
  // A form someone has started filling in is never replaced by a live update: the check is made again after the
  // fetches, because a refresh already under way when they started typing would otherwise wipe what they typed.
  // Likewise a refresh of what is already on screen that finishes after someone began typing is dropped (two refreshes,
  // ours and the live one, often race after a form is sent).
  let editing = false;
  let typed = 0;
  let shown = null;
  const typing = () => { editing = true; typed++; };
  main.addEventListener('input', typing, { signal });
  main.addEventListener('change', typing, { signal });
  const inUse = () => editing || main.contains(document.activeElement?.closest('form'));

  async function load(live = false) {
    if (!live) editing = false; // our own action (a form submitted, an acknowledgement) refreshes everything
    const typedBefore = typed;
    const [me, incident, timeline, escalations, drafts, evidence] = await Promise.all([
      // If the service cannot say who this is, every form shows; the API refuses what the roles may not do.
      whoAmI().catch(() => ({ name: null, roles: ['reporter', 'dpo', 'oncall', 'auditor', 'admin'] })),
      get(`/api/incidents/${id}`, { signal }),
      get(`/api/incidents/${id}/timeline`, { signal }),
      // This incident's own escalations, filtered by the service: a list capped for all incidents would miss them.
      get(`/api/escalations?state=all&incidentId=${encodeURIComponent(id)}`, { signal }),
      get(`/api/incidents/${id}/drafts`, { signal }).catch(() => []),
      // null: the person's roles may add evidence but not read it (403).
      get(`/api/incidents/${id}/evidence`, { signal }).catch((e) => (e.status === 403 ? null : Promise.reject(e))),
    ]);
    if (live && inUse()) return;
    if (typed !== typedBefore && incident.version === shown) return;
    shown = incident.version;
    const focused = document.activeElement?.id;
    const reload = () => load();
    main.replaceChildren(
      h('h1', {}, `${incident.reference}: ${incident.title}`),
      h('div', { class: 'grid' }, facts(incident), deadlines(incident)),
      h('div', { class: 'grid' }, impact(incident), decision(incident)),
      incident.closure ? closure(incident) : null,
      h('div', { class: 'grid' }, caseWorkSection(incident, me, reload), evidenceSection(incident, evidence, me, reload)),
      h('h2', {}, 'Escalations'), escalationTable(escalations, load),
      h('h2', {}, 'Actions'), actionForms(incident, me, reload),
      h('h2', {}, 'Drafts'), draftsSection(id, drafts, signal),
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
    h('dt', {}, 'Status'), h('dd', { id: 'status', dataset: { status: i.status } }, incidentWord(i.status)),
    h('dt', {}, 'Description'), h('dd', {}, i.description),
    h('dt', {}, 'Occurred'), h('dd', { id: 'occurred' }, time(i.occurredAt), i.occurredAtIsEstimate ? ' (estimate)' : ''),
    h('dt', {}, 'Discovered'), h('dd', {}, time(i.discoveredAt)),
    h('dt', {}, 'Reported'), h('dd', {}, time(i.reportedAt)),
    h('dt', {}, 'Source'), h('dd', {}, i.source ?? '—'),
    h('dt', {}, 'Systems'), h('dd', {}, (i.systems ?? []).join(', ') || '—'),
    h('dt', {}, 'Containment'), h('dd', { id: 'containment' }, (i.containment ?? []).length
      ? h('ul', {}, i.containment.map((c) => h('li', {}, `${time(c.takenAt)}: ${c.action} (${c.recordedBy})`))) : 'None recorded yet.')));
}

/** A running clock ticks; a settled one says in words what became of it, and when. */
function clockOf(kind, deadline, label, open) {
  if (['running', 'overdue'].includes(deadlineState(deadline, { open }))) return deadlineClock(kind, deadline, label, { open });
  const colour = deadline.status === 'met' ? 'green' : deadline.status === 'not-required' ? 'none' : 'red';
  return h('span', { class: `clock ${colour}`, dataset: { state: deadline.status, kind } }, deadlineWord(deadline.status, deadline.metAt));
}

function deadlines(i) {
  const { dpo, regulator } = i.deadlines;
  const basis = (b) => (b === 'occurrence' ? 'when it occurred' : 'when it was discovered');
  return h('section', { class: 'card', 'aria-labelledby': 'deadlines-h' }, h('h2', { id: 'deadlines-h' }, 'Deadlines'), h('dl', {},
    h('dt', {}, 'DPO notice'), h('dd', { id: 'dpo-clock' }, clockOf('dpo', dpo, 'DPO', i.status === 'open'),
      h('br'), h('small', {}, `Due ${time(dpo.dueAt)} (policy, counted from ${basis(dpo.basis)})`)),
    h('dt', {}, 'Regulator'), h('dd', { id: 'regulator-clock' }, clockOf('regulator', regulator, 'Regulator', i.status === 'open'),
      h('br'), h('small', { class: 'policy-due' }, `Policy: due ${time(regulator.dueAt)} (counted from ${basis(regulator.basis)})`),
      h('br'), h('small', { class: 'statutory-due' }, `Law: due ${time(regulator.statutoryDueAt)} (72 hours from awareness, Art. 33(1))`))));
}

function impact(i) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'impact-h' }, h('h2', { id: 'impact-h' }, 'Impact and suggested risk'));
  if (!i.impact) return section.append(h('p', { class: 'muted', id: 'impact' }, 'No impact assessed yet.')), section;
  const x = i.impact;
  const yes = (v) => (v ? 'yes' : 'no');
  section.append(h('dl', { id: 'impact' },
    h('dt', {}, 'Breach types'), h('dd', {}, (x.breachTypes ?? []).join(', ') || '—'),
    h('dt', {}, 'Data'), h('dd', {}, (x.dataCategories ?? []).join(', ') || '—'),
    h('dt', {}, 'Subjects'), h('dd', {}, x.approxDataSubjects ?? 'unknown', (x.subjectGroups ?? []).length ? ` (${x.subjectGroups.join(', ')})` : ''),
    h('dt', {}, 'Records'), h('dd', {}, x.approxRecords ?? 'unknown'),
    h('dt', {}, 'Encrypted'), h('dd', {}, yes(x.dataEncrypted), x.dataEncrypted ? `, key compromised: ${yes(x.keyCompromised)}` : ''),
    h('dt', {}, 'Identifiability'), h('dd', {}, x.identifiability ?? '—'),
    h('dt', {}, 'Countries'), h('dd', {}, (x.countries ?? []).join(', ') || '—'),
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
      h('dt', {}, 'By'), h('dd', {}, `${i.risk.assessedBy}, ${time(i.risk.assessedAt)}`))
    : h('p', { class: 'muted', id: 'risk-decision' }, 'Not decided yet. The suggestion is only a suggestion: the DPO decides.'));
  return section;
}

/** How the incident ended (kept on record after a reopen, until it is closed again). */
function closure(i) {
  const c = i.closure;
  return h('section', { class: 'card closure', id: 'closure', 'aria-labelledby': 'closure-h' },
    h('h2', { id: 'closure-h' }, i.status === 'closed' ? 'Closed' : 'Closed before, then reopened'), h('dl', {},
      h('dt', {}, 'Closed'), h('dd', {}, `${time(c.closedAt)} by ${c.closedBy}`),
      h('dt', {}, 'Outcome'), h('dd', { id: 'outcome' }, c.outcome),
      h('dt', {}, 'Lessons learned'), h('dd', { id: 'lessons-learned' }, c.lessonsLearned)));
}

function timelineList(entries) {
  return h('ol', { id: 'timeline' }, entries.map((e) =>
    h('li', { dataset: { kind: e.kind } }, h('strong', {}, time(e.at)), ` ${e.summary} `, h('span', { class: 'muted' }, `(${e.kind}, ${e.actor})`))));
}
