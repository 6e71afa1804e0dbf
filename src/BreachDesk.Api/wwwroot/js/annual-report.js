// The annual report, for the ICO and the board: a page that reads well on screen and prints cleanly (css/insights.css
// has its print rules), with its CSV for spreadsheets.
import { h, formatTime, saveFile } from './dom.js';
import { get, request } from './api.js';
import { drawChart, palette, isoWords, percent, sourceNames, categoryNames, nameOf } from './charts.js';
import { table, scrolling, cellDuration } from './insights.js';

export async function annualReportPage(main, signal, year) {
  const status = h('p', { role: 'status', class: 'muted no-print' });
  const download = h('button', { type: 'button', class: 'secondary', id: 'annual-report-csv', onclick: async () => {
    try {
      // A fetch, not a link: the request must carry the caller's credentials header.
      const response = await request(`/api/insights/annual-report?year=${year}&format=csv`, { accept: 'text/csv', raw: true });
      saveFile(`breach-annual-report-${year}.csv`, await response.blob());
    } catch (error) { status.textContent = error.message; }
  } }, 'Download CSV');
  const actions = h('div', { class: 'actions no-print' },
    h('a', { href: `#/insights/annual-report/${year - 1}` }, `← ${year - 1}`),
    h('a', { href: `#/insights/annual-report/${year + 1}` }, `${year + 1} →`),
    h('button', { type: 'button', id: 'annual-report-print', onclick: () => window.print() }, 'Print'),
    download,
    h('a', { href: '#/insights' }, 'Back to insights'));

  let r;
  try {
    r = await get(`/api/insights/annual-report?year=${year}`, { signal });
  } catch (error) {
    if (signal.aborted) return;
    main.replaceChildren(h('h1', {}, `Annual report ${year}`), actions, h('p', { class: 'form-error', role: 'alert' },
      error.status === 403 ? 'Your role may not see the annual report (DPO, auditor or admin).' : error.message));
    return;
  }

  const rows = (pairs) => pairs.map(([label, value, key]) => [label, h('span', { 'data-figure': key }, value)]);
  main.replaceChildren(h('article', { class: 'annual-report', id: 'annual-report', 'data-year': r.year },
    h('header', { class: 'report-head' },
      h('h1', {}, `Personal data breaches: annual report ${r.year}`),
      h('p', { class: 'muted' }, `Breaches of which the organisation became aware from ${r.from} to ${r.to} (UTC). Generated ${formatTime(r.generatedAt)}.`)),
    actions, status,

    section('summary', 'Summary', scrolling('Summary: table', table('summary-table', ['Figure', 'Value'], rows([
      ['Breaches recorded (Art. 33(5))', r.breachesRecorded, 'breachesRecorded'],
      ['Reported to the regulator', r.regulator.reported, 'reported'],
      ['… within 72 hours of awareness', r.regulator.withinStatutoryDeadline, 'withinStatutoryDeadline'],
      ['… later than 72 hours (reasons below)', r.regulator.afterStatutoryDeadline, 'afterStatutoryDeadline'],
      ['Not reportable (no risk assessed)', r.regulator.notReportable, 'notReportable'],
      ['Risk assessed, not yet reported', r.regulator.stillToReport, 'stillToReport'],
      ['Not yet assessed', r.regulator.notYetAssessed, 'notYetAssessed'],
      ['Breaches after which people were told (Art. 34)', r.dataSubjects.breachesWithPeopleTold, 'breachesWithPeopleTold'],
      ['People told', r.dataSubjects.peopleTold, 'peopleTold'],
      ['People affected (estimates, summed)', r.dataSubjects.approxPeopleAffected, 'approxPeopleAffected'],
    ])))),

    section('times', 'Time from awareness to notice', scrolling('Times: table', table('annual-times-table',
      ['Clock', 'Median', '90th percentile', 'On time', 'Met', 'Met late', 'Missed', 'Still running', 'Not required'],
      [['DPO notice (policy)', r.clocks.dpo], ['Regulator (ICO)', r.clocks.regulator]].map(([label, c]) =>
        [label, cellDuration(c.median), cellDuration(c.p90), percent(c.onTimeRate), c.met, c.metLate, c.missed, c.pending, c.notRequired])))),

    section('late', 'Reports to the regulator after 72 hours, with reasons', r.lateReports.length === 0
      ? h('p', { id: 'late-reports' }, 'None.')
      : scrolling('Late reports: table', table('late-reports', ['Reference', 'Title', 'Aware', 'Reported', 'Late by', 'Reason'],
        r.lateReports.map((l) => [l.reference, l.title, formatTime(l.discoveredAt), formatTime(l.submittedAt), isoWords(l.lateBy), l.lateReason ?? 'No reason recorded'])))),

    section('risk', 'Risk decisions', scrolling('Risk decisions: table', table('risk-table', ['Risk', 'Breaches'],
      [['No risk', r.risk.none], ['Risk', r.risk.risk], ['High risk', r.risk.high], ['Not yet assessed', r.risk.notAssessed]]))),

    section('sources', 'By source', scrolling('By source: table', table('annual-source-table', ['Source', 'Breaches'],
      Object.entries(r.bySource).map(([k, n]) => [nameOf(sourceNames, k), n])))),

    section('categories', 'By data category', h('p', { class: 'muted' }, 'A breach counts once in each category it involves.'),
      scrolling('By data category: table', table('annual-category-table', ['Data category', 'Breaches'],
        [...Object.entries(r.byDataCategory).map(([k, n]) => [nameOf(categoryNames, k), n]), ['Impact not yet assessed', r.impactNotAssessed]]))),

    section('months', 'By month',
      h('div', { class: 'chart-box' }, h('canvas', { id: 'annual-months-chart', role: 'img', 'aria-label': 'Breaches by month: chart; the table below has the numbers.' })),
      scrolling('By month: table', table('annual-months-table', ['Month', 'Breaches'], r.byMonth.map((m) => [m.period, m.incidents]))))));

  await drawChart(main.querySelector('#annual-months-chart'), {
    type: 'bar',
    data: { labels: r.byMonth.map((m) => m.period), datasets: [{ label: 'Breaches', data: r.byMonth.map((m) => m.incidents), backgroundColor: palette[0] }] },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: false } } },
  });
}

function section(id, title, ...content) {
  return h('section', { class: 'report-section', 'aria-labelledby': `${id}-heading` }, h('h2', { id: `${id}-heading` }, title), ...content);
}
