// The insights page: breaches over time by source and data category, times to notify, share on time, open and overdue
// now. Every chart has a table of the same numbers beside it: a canvas alone says nothing to a screen reader.
import { h } from './dom.js';
import { get } from './api.js';
import { drawChart, palette, isoHours, isoWords, percent, sourceNames, categoryNames, outcomeNames, nameOf } from './charts.js';

const clockNames = { dpo: 'DPO notice (policy)', regulator: 'Regulator (ICO)' };

export async function insightsPage(main, signal) {
  const from = h('input', { id: 'insights-from', type: 'date', name: 'from', 'aria-describedby': 'insights-zone' });
  const to = h('input', { id: 'insights-to', type: 'date', name: 'to', 'aria-describedby': 'insights-zone' });
  const bucket = h('select', { id: 'insights-bucket', name: 'bucket' },
    [['month', 'Month'], ['quarter', 'Quarter'], ['week', 'Week']].map(([value, label]) => h('option', { value }, label)));
  const status = h('p', { role: 'status', class: 'muted', id: 'insights-status' });
  const body = h('div', { id: 'insights' });
  const form = h('form', { class: 'insights-filter', 'aria-label': 'Period', onsubmit: (event) => { event.preventDefault(); load(); } },
    h('div', {}, h('label', { for: 'insights-from' }, 'From (UTC day)'), from),
    h('div', {}, h('label', { for: 'insights-to' }, 'To (UTC day, included)'), to),
    h('div', {}, h('label', { for: 'insights-bucket' }, 'Bars per'), bucket),
    h('div', {}, h('button', { type: 'submit' }, 'Show')),
    h('p', { id: 'insights-zone', class: 'muted' }, 'Breaches count in the period by the day the organisation became aware of them, in UTC.'));
  const year = new Date().getUTCFullYear();
  main.replaceChildren(h('div', { class: 'insights' },
    h('h1', {}, 'Insights'), form,
    h('p', {}, h('a', { href: `#/insights/annual-report/${year}`, id: 'annual-report-link' }, `Annual report ${year}`), ' · ',
      h('a', { href: `#/insights/annual-report/${year - 1}` }, `Annual report ${year - 1}`)),
    status, body));

  let asked = 0;
  async function load() {
    // Only the latest request's answer is shown: an earlier one answering late must not overwrite it.
    const mine = ++asked;
    const query = new URLSearchParams();
    if (from.value) query.set('from', from.value);
    if (to.value) query.set('to', to.value);
    query.set('bucket', bucket.value);
    status.textContent = 'Loading…';
    let figures;
    try {
      figures = await get(`/api/insights?${query}`, { signal });
    } catch (error) {
      if (signal.aborted || mine !== asked) return;
      status.textContent = '';
      const fields = Object.values(error.errors ?? {}).flat();
      body.replaceChildren(h('p', { class: 'form-error', role: 'alert' },
        error.status === 403 ? 'Your role may not see the insights (DPO, auditor or admin).' : fields.length ? fields.join(' ') : error.message));
      return;
    }
    if (mine !== asked) return;
    from.value ||= figures.from;
    to.value ||= figures.to;
    status.textContent = `${figures.incidents} breach${figures.incidents === 1 ? '' : 'es'} from ${figures.from} to ${figures.to}.`;
    body.replaceChildren(...render(figures));
    await drawAll(body, figures);
  }
  await load();
}

function render(f) {
  const periodLabel = { month: 'Month', quarter: 'Quarter', week: 'Week' }[f.bucket] ?? 'Period';
  const sources = Object.keys(f.bySource);
  const categories = Object.keys(f.byDataCategory);
  return [
    h('section', { 'aria-labelledby': 'now-heading', class: 'insights-now' },
      h('h2', { id: 'now-heading' }, 'Now'),
      h('dl', { id: 'insights-now' },
        h('dt', {}, 'Open incidents'), h('dd', { 'data-figure': 'openNow' }, f.openNow),
        h('dt', {}, 'Incidents with a clock overdue'),
        h('dd', { 'data-figure': 'overdueNow', class: f.overdueNow ? 'overdue-figure' : null }, f.overdueNow))),
    figure('by-source', `Breaches per ${periodLabel.toLowerCase()} by source`,
      table('by-source-table', [periodLabel, ...sources.map((s) => nameOf(sourceNames, s)), 'All'],
        f.byMonth.map((b) => [b.period, ...sources.map((s) => b.bySource[s]), b.incidents]),
        ['Total', ...sources.map((s) => f.bySource[s]), f.incidents])),
    figure('by-category', 'Breaches by data category',
      table('by-category-table', ['Data category', 'Breaches'],
        [...categories.map((c) => [nameOf(categoryNames, c), f.byDataCategory[c]]), ['Impact not yet assessed', f.notAssessed]]),
      'A breach counts once in each category it involves.'),
    figure('times', 'Time from awareness to notice',
      table('times-table', ['Clock', 'Median', '90th percentile', 'Notices measured'],
        Object.entries(f.clocks).map(([k, c]) => [nameOf(clockNames, k), cellDuration(c.median), cellDuration(c.p90), c.measured])),
      'Awareness is when the breach was discovered; medians and percentiles are of the notices given in the period.'),
    figure('on-time', 'Share on time',
      table('on-time-table', ['Clock', 'On time', 'Met', 'Met late', 'Missed', 'Still running', 'Not required', 'Overdue now'],
        Object.entries(f.clocks).map(([k, c]) => [nameOf(clockNames, k), percent(c.onTimeRate), c.met, c.metLate, c.missed, c.pending, c.notRequired, c.overdueNow])),
      'On time = met ÷ (met + met late + missed). Clocks still running and those not required are left out.'),
    figure('outcomes', 'What became of each breach with the regulator',
      table('outcomes-table', ['Outcome', 'Breaches'], Object.entries(f.byOutcome).map(([k, n]) => [nameOf(outcomeNames, k), n]))),
  ];
}

/** A chart and its table: the canvas is an image named by the heading; the table holds the same numbers. */
function figure(id, title, tableElement, note) {
  return h('section', { class: 'chart-section', 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, title),
    h('div', { class: 'chart-box' }, h('canvas', { id: `${id}-chart`, role: 'img', 'aria-label': `${title}: chart; the table below has the numbers.` })),
    note ? h('p', { class: 'muted' }, note) : null,
    scrolling(`${title}: table`, tableElement));
}

/** A wide table scrolls in its own focusable region (keyboard users can scroll it), named for what it holds. */
export function scrolling(label, content) {
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label }, content);
}

export function table(id, headers, rows, footer) {
  return (
    h('table', { id, class: 'figures' },
      h('thead', {}, h('tr', {}, headers.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))),
      footer ? h('tfoot', {}, h('tr', {}, footer.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c))))) : null));
}

export function cellDuration(iso) {
  return iso ? h('span', { 'data-iso': iso }, isoWords(iso)) : '—';
}

async function drawAll(root, f) {
  const sources = Object.keys(f.bySource);
  const categories = Object.keys(f.byDataCategory);
  const clocks = Object.entries(f.clocks);
  const integer = { beginAtZero: true, ticks: { precision: 0 } };
  await drawChart(root.querySelector('#by-source-chart'), {
    type: 'bar',
    data: {
      labels: f.byMonth.map((b) => b.period),
      datasets: sources.map((s, i) => ({ label: nameOf(sourceNames, s), data: f.byMonth.map((b) => b.bySource[s]), backgroundColor: palette[i] })),
    },
    options: { scales: { x: { stacked: true }, y: { ...integer, stacked: true } } },
  });
  await drawChart(root.querySelector('#by-category-chart'), {
    type: 'bar',
    data: { labels: categories.map((c) => nameOf(categoryNames, c)), datasets: [{ label: 'Breaches', data: categories.map((c) => f.byDataCategory[c]), backgroundColor: palette[0] }] },
    options: { indexAxis: 'y', scales: { x: integer }, plugins: { legend: { display: false } } },
  });
  await drawChart(root.querySelector('#times-chart'), {
    type: 'bar',
    data: {
      labels: clocks.map(([k]) => nameOf(clockNames, k)),
      datasets: [
        { label: 'Median (hours)', data: clocks.map(([, c]) => isoHours(c.median)), backgroundColor: palette[0] },
        { label: '90th percentile (hours)', data: clocks.map(([, c]) => isoHours(c.p90)), backgroundColor: palette[1] },
      ],
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'hours from awareness' } } } },
  });
  const outcomes = [['met', 'Met'], ['metLate', 'Met late'], ['missed', 'Missed'], ['pending', 'Still running'], ['notRequired', 'Not required']];
  await drawChart(root.querySelector('#on-time-chart'), {
    type: 'bar',
    data: {
      labels: clocks.map(([k]) => nameOf(clockNames, k)),
      datasets: outcomes.map(([key, label], i) => ({ label, data: clocks.map(([, c]) => c[key]), backgroundColor: ['#2e7d32', '#b35900', '#a50e0e', '#1f4e79', '#6b6b6b'][i] })),
    },
    options: { indexAxis: 'y', scales: { x: { ...integer, stacked: true }, y: { stacked: true } } },
  });
  await drawChart(root.querySelector('#outcomes-chart'), {
    type: 'doughnut',
    data: { labels: Object.keys(f.byOutcome).map((k) => nameOf(outcomeNames, k)), datasets: [{ data: Object.values(f.byOutcome), backgroundColor: palette.slice(0, 4) }] },
  });
}
