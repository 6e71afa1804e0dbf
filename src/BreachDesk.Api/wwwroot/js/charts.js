// Chart.js (ClientLibraries/, pinned) loaded when a page first draws a chart, not on every page of the dashboard.
// It needs no eval and sizes its canvas through the CSSOM (element.style), which the strict CSP allows.
let loading = null;

export function chartLibrary() {
  if (window.Chart) return Promise.resolve(window.Chart);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/vendor/chart.umd.min.js';
    script.onload = () => resolve(window.Chart);
    script.onerror = () => { loading = null; reject(new Error('The charting library did not load.')); };
    document.head.append(script);
  });
  return loading;
}

// Colours that keep 3:1 against white and against each other's neighbours; a table beside each chart carries the numbers.
export const palette = ['#1f4e79', '#b35900', '#2e7d32', '#8e244d', '#5b4a9e', '#00695c', '#6d4c41', '#37474f', '#ad1457', '#0277bd', '#558b2f', '#4e342e'];

/**
 * Draws a chart into a canvas described for assistive technology (role img with a label naming its table), animation
 * off so that what is drawn is there at once (and in print).
 */
export async function drawChart(canvas, config) {
  const Chart = await chartLibrary();
  Chart.getChart(canvas)?.destroy();
  return new Chart(canvas, {
    ...config,
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: 'bottom' } },
      ...config.options,
    },
  });
}

/** "PT8H48M" → hours as a number (charts), "P2DT16H" → "2 d 16 h" (words). */
export function isoHours(iso) {
  if (!iso) return null;
  const m = /^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return null;
  const hours = (+(m[2] ?? 0)) * 24 + (+(m[3] ?? 0)) + (+(m[4] ?? 0)) / 60 + (+(m[5] ?? 0)) / 3600;
  return m[1] ? -hours : hours;
}

export function isoWords(iso) {
  const hours = isoHours(iso);
  if (hours === null) return '—';
  const sign = hours < 0 ? '−' : '';
  let minutes = Math.round(Math.abs(hours) * 60);
  const days = Math.floor(minutes / 1440); minutes -= days * 1440;
  const h = Math.floor(minutes / 60); minutes -= h * 60;
  const parts = [days && `${days} d`, h && `${h} h`, minutes && `${minutes} min`].filter(Boolean);
  return sign + (parts.length ? parts.join(' ') : '0 min');
}

export const percent = (rate) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`);

// The API's names in the words a DPO uses.
export const sourceNames = { staff: 'Staff', processor: 'Processor', 'third-party': 'Third party', automated: 'Automated detection' };
export const categoryNames = {
  contact: 'Contact details', identity: 'Identity', credentials: 'Credentials', financial: 'Financial', location: 'Location',
  'online-identifiers': 'Online identifiers', behavioural: 'Behavioural', photographs: 'Photographs', employment: 'Employment',
  'special-category': 'Special category', criminal: 'Criminal offence', children: "Children's data",
};
export const outcomeNames = {
  reported: 'Reported to the regulator', 'not-reportable': 'Not reportable (no risk)', 'to-report': 'Risk assessed, not yet reported',
  'not-assessed': 'Not yet assessed',
};
export const nameOf = (names, key) => names[key] ?? key;
