// The forms for what happens to an incident, each shown only to roles that may use it (API.md) and only where the
// state allows it; where the state forbids one that still matters to read (the regulator already told), it is shown
// disabled with the reason. The API checks both again: this only keeps people from filling in a form in vain.
import { h } from './dom.js';
import { post, ApiError } from './api.js';
import { commandForm } from './forms.js';
import { time } from './incident-display.js';
import { can } from './me.js';

const BREACH_TYPES = ['confidentiality', 'integrity', 'availability'];
const DATA_CATEGORIES = ['contact', 'identity', 'credentials', 'financial', 'location', 'online-identifiers',
  'behavioural', 'photographs', 'employment', 'special-category', 'criminal', 'children'];

export function actionForms(i, me, reload) {
  const base = `/api/incidents/${i.id}`;
  const done = () => reload();
  const form = (roles, options) => (can(me, ...roles) ? commandForm({ onDone: done, ...options, path: `${base}/${options.path}` }) : null);
  if (i.status === 'closed') {
    return h('div', { class: 'grid' }, form(['dpo'], { title: 'Reopen', path: 'reopen', submit: 'Reopen incident', fields: [
      { name: 'reason', label: 'Why it is reopened', type: 'textarea' }] })
      ?? h('p', { class: 'muted' }, 'This incident is closed. Only the DPO can reopen it.'));
  }
  const late = Date.now() > new Date(i.deadlines.regulator.statutoryDueAt).getTime();
  const reported = i.regulatorNotification;
  const forms = [
    form(['reporter', 'dpo'], { title: 'When it occurred', path: 'occurrence', submit: 'Revise the occurrence time', fields: [
      { name: 'occurredAt', label: 'Occurred at', type: 'datetime' },
      { name: 'isEstimate', label: 'This time is an estimate', type: 'checkbox', value: i.occurredAtIsEstimate },
      { name: 'reason', label: 'Why it changed', type: 'textarea' }] }),
    form(['reporter', 'dpo', 'oncall'], { title: 'Containment', path: 'containment', submit: 'Record containment', fields: [
      { name: 'action', label: 'What was done', type: 'textarea' },
      { name: 'takenAt', label: 'Done at', type: 'datetime' }] }),
    form(['reporter', 'dpo'], { title: 'Impact', path: 'impact', submit: 'Record the impact', fields: [
      { name: 'breachTypes', label: 'Breach types', type: 'checkboxes', options: BREACH_TYPES },
      { name: 'dataCategories', label: 'Categories of personal data', type: 'checkboxes', options: DATA_CATEGORIES },
      { name: 'approxDataSubjects', label: 'People affected (about)', type: 'number' },
      { name: 'approxRecords', label: 'Records affected (about)', type: 'number' },
      { name: 'subjectGroups', label: 'Groups of people', type: 'list', hint: 'e.g. customers, employees' },
      { name: 'dataEncrypted', label: 'The data was encrypted', type: 'checkbox' },
      { name: 'keyCompromised', label: 'The key was compromised too', type: 'checkbox' },
      { name: 'maliciousIntent', label: 'Done with malicious intent', type: 'checkbox' },
      { name: 'dataRecovered', label: 'The data was recovered', type: 'checkbox' },
      { name: 'identifiability', label: 'How easily people can be identified', type: 'select', options: ['negligible', 'limited', 'significant', 'maximum'] },
      { name: 'likelyConsequences', label: 'Likely consequences', type: 'textarea' },
      { name: 'countries', label: 'Countries', type: 'list', hint: 'two-letter codes, e.g. GB, IE' }] }),
    dpoNotice(i, me, base, done),
    form(['dpo'], { title: 'Risk assessment', path: 'risk-assessment', fields: [
      { name: 'level', label: 'Risk level', type: 'select', options: ['none', 'risk', 'high'] },
      { name: 'rationale', label: 'Rationale', type: 'textarea' }] }),
    form(['dpo'], { title: 'Regulator notified', path: 'regulator-notification',
      disabledReason: reported ? `Already reported to ${reported.regulator} on ${time(reported.submittedAt)}${reported.reference ? ` (reference ${reported.reference})` : ''}.` : undefined,
      fields: [
        { name: 'submittedAt', label: 'Submitted at', type: 'datetime' },
        { name: 'regulator', label: 'Regulator', value: 'ICO' },
        { name: 'reference', label: "Regulator's reference" },
        { name: 'lateReason', label: 'Reason for lateness', type: 'textarea', required: late,
          hint: late ? `Required: the statutory deadline (${time(i.deadlines.regulator.statutoryDueAt)}) has passed.` : 'Only needed after the statutory deadline.' }] }),
    form(['dpo'], { title: 'Data subjects notified', path: 'data-subject-notification', fields: [
      { name: 'sentAt', label: 'Sent at', type: 'datetime' },
      { name: 'channel', label: 'Channel', value: 'email' },
      { name: 'recipients', label: 'Recipients (count)', type: 'number' }] }),
    form(['dpo'], { title: 'Third party notified', path: 'third-party-notifications', fields: [
      { name: 'party', label: 'Who was told' },
      { name: 'agreement', label: 'Under which agreement' },
      { name: 'notifiedAt', label: 'Told at', type: 'datetime' }] }),
    form(['dpo'], { title: 'Close', path: 'close', submit: 'Close incident', fields: [
      { name: 'outcome', label: 'Outcome', type: 'textarea' },
      { name: 'lessonsLearned', label: 'Lessons learned', type: 'textarea' }] }),
  ].filter(Boolean);
  return forms.length ? h('div', { class: 'grid' }, forms) : h('p', { class: 'muted' }, 'Your role records nothing on an incident.');
}

// Once the service said it has no DPO address, every redraw of the page keeps the button disabled with that reason.
let unavailable = null;

/** Record the DPO notice as given, or have BreachDesk e-mail the current draft to the DPO and record that. */
function dpoNotice(i, me, base, done) {
  if (!can(me, 'reporter', 'dpo', 'oncall')) return null;
  const reason = h('p', { class: 'disabled-reason', id: 'dpo-send-why', role: 'status' });
  // One key per page drawing: a click repeated after a lost answer e-mails the DPO once (the service honours it).
  const key = crypto.randomUUID();
  const send = h('button', { type: 'button', id: 'dpo-send', 'aria-describedby': 'dpo-send-why', onclick: async () => {
    send.disabled = true; reason.textContent = 'Sending…';
    let failure;
    try { await post(`${base}/dpo-notice/send`, {}, { headers: { 'Idempotency-Key': key } }); reason.textContent = 'Sent to the DPO and recorded.'; done(); return; }
    catch (error) { failure = error; reason.textContent = sendRefusal(error); }
    // Without an address to send to, trying again cannot help: the button stays disabled, saying why.
    send.disabled = noAddress(failure);
    if (send.disabled) unavailable = reason.textContent;
  } }, 'Send the DPO notice by e-mail');
  if (unavailable) { send.disabled = true; reason.textContent = unavailable; }
  const record = commandForm({ title: 'DPO notified', path: `${base}/dpo-notification`, onDone: done, fields: [
    { name: 'notifiedAt', label: 'Notified at', type: 'datetime' },
    { name: 'channel', label: 'Channel', value: 'email' },
    { name: 'howItOccurred', label: 'How it occurred', type: 'textarea' },
    { name: 'likelyImpact', label: 'Likely impact', type: 'textarea' }] });
  return h('div', { class: 'dpo-notice' }, h('div', { class: 'send' }, send, reason), record);
}

/** The service is not set up to send (no DPO address, no mail server): a 409 naming the setting. */
const noAddress = (error) => error instanceof ApiError && error.status === 409 && /Dpo:Email|Smtp|mail server/i.test(JSON.stringify(error.problem));

function sendRefusal(error) {
  if (noAddress(error)) return `BreachDesk cannot send it: ${error.message} Send the notice another way and record it below.`;
  if (error instanceof ApiError && error.status === 404 && !/incident/i.test(`${error.problem?.title} ${error.problem?.detail}`)) return 'This service cannot send the notice by e-mail yet: record it below.';
  return `Not sent: ${error.message}`;
}
