// @ts-check
// The compliance reports page: how well a street, a district or the city kept the documents' deadlines over a day, a
// week or a month, with the residents' satisfaction and every miss and its cause. The figures are the service's
// (GET /api/v1/reports/compliance); this page only draws them. The query sits in the address, so a report can be linked.
import { t, name, apply as applyI18n, toggle as toggleLanguage } from './i18n.js';
import { api, signedIn, showUser } from './session.js';
import { html, render } from './html.js';
import { deadlines, percent, dailyShares, missesByCause, csvName } from './reports/figures.js';

const CITY = '500000';

applyI18n();
const user = await signedIn();
showUser(user);

/** @type {(id: string) => any} the page's own elements, which are there */
const $ = id => document.getElementById(id);
const status = $('report-status');

/** @type {import('./reports/figures.js').Report | null} */
let shown = null;
/** @type {Map<string, string>} region code → name, as the service names them */
const regionNames = new Map([[CITY, '重庆市']]);

/**
 * The regions of a GeoJSON answer, by code and name (their shapes are not needed here).
 * @param {string} url
 * @returns {Promise<{ code: string, name: string }[]>}
 */
async function regions(url) {
  const response = await api(url);
  if (!response.ok) return [];
  const body = await response.json();
  const features = body.type === 'Feature' ? [body] : body.features;
  return features.map((/** @type {any} */ f) => ({ code: f.properties.code, name: f.properties.name }));
}

/** The areas the user answers for: their own jurisdictions and, for the city, its districts. */
async function fillAreas() {
  /** @type {{ code: string, name: string }[]} */
  const areas = [];
  for (const code of user.jurisdiction) {
    if (code === CITY) areas.push({ code: CITY, name: regionNames.get(CITY) ?? CITY }, ...await regions('/api/v1/regions/districts'));
    else areas.push(...await regions(`/api/v1/regions/${code}`));
  }
  for (const a of areas) regionNames.set(a.code, a.name);
  render($('area'), html`${areas.map(a => html`<option value="${a.code}">${a.name}</option>`)}`);
}

/** A district's streets to narrow to; a street or the city has none to offer here. */
async function fillStreets() {
  const area = $('area').value;
  const district = area.length === 6 && area !== CITY;
  $('street-choice').hidden = !district;
  if (!district) { render($('street'), html``); return; }
  const streets = await regions(`/api/v1/regions/${area}/children`);
  for (const s of streets) regionNames.set(s.code, s.name);
  render($('street'), html`<option value="">${t('wholeArea')}</option>${streets.map(s => html`<option value="${s.code}">${s.name}</option>`)}`);
}

const query = () => {
  const region = $('street').value || $('area').value;
  return `region=${encodeURIComponent(region)}&period=${$('period').value}&date=${$('date').value}`;
};

async function show() {
  status.textContent = t('loading');
  status.classList.remove('error');
  history.replaceState(null, '', `?${query()}`);
  const response = await api(`/api/v1/reports/compliance?${query()}`);
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    status.textContent = body?.detail ?? body?.title ?? `${response.status}`;
    status.classList.add('error');
    return;
  }
  shown = body;
  status.textContent = '';
  draw();
}

/** @param {string} at an ISO time with its offset (+08:00): shown as Chongqing's wall clock */
const when = at => at.slice(0, 16).replace('T', ' ');

function draw() {
  if (!shown) return;
  const report = shown;
  $('report').hidden = false;
  $('report-heading').textContent = `${regionNames.get(report.region) ?? report.region} · ${report.from === report.to ? report.from : `${report.from} – ${report.to}`}`;
  const total = report.total;
  render($('summary'), html`${deadlines.map(key => html`<li data-deadline="${key}">
      <span>${t(key)}</span><b>${percent(total[key].share)}</b>
      <small>${t('met')} ${total[key].met} · ${t('missed')} ${total[key].missed} · ${t('pending')} ${total[key].pending}</small></li>`)}
    <li data-deadline="satisfaction"><span>${t('satisfaction')}</span><b>${total.satisfactionAverage == null ? '–' : total.satisfactionAverage.toFixed(2)}</b>
      <small>${total.satisfactionRatings} ${t('ratings')} · ${t('emergencies')} ${total.emergencies} · ${t('serviceRequests')} ${total.serviceRequests}</small></li>`);
  drawCharts(report);
  render($('misses'), report.misses.length === 0 ? html`<tr><td>${t('noMisses')}</td></tr>` : html`
    <tr><th>${t('incidentId')}</th><th>${t('street')}</th><th>${t('subtype')}</th><th>${t('reportedAt')}</th><th>${t('deadlineKind')}</th><th>${t('due')}</th><th>${t('metAt')}</th><th>${t('cause')}</th></tr>
    ${report.misses.map(m => html`<tr data-incident="${m.incidentId}" data-cause="${m.cause}">
      <td>${m.incidentId}</td><td>${regionNames.get(m.street) ?? m.street}</td><td>${name(m.subtype)}</td><td>${when(m.reportedAt)}</td>
      <td>${t(`deadline${m.deadline}`)}</td><td>${when(m.due)}</td><td>${m.metAt ? when(m.metAt) : '–'}</td><td>${t(`cause${m.cause}`)}</td></tr>`)}`);
}

/** @param {import('./reports/figures.js').Report} report */
function drawCharts(report) {
  const shares = dailyShares(report);
  const sharesChart = echarts.getInstanceByDom($('chart-shares')) ?? echarts.init($('chart-shares'));
  sharesChart.setOption({
    tooltip: { trigger: 'axis', valueFormatter: (/** @type {any} */ v) => v == null ? '–' : `${v}%` },
    legend: { top: 0 },
    grid: { top: 56, left: 40, right: 16, bottom: 24 },
    xAxis: { type: 'category', data: shares.dates.map(d => d.slice(5)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: shares.series.map(s => ({ name: t(s.key), type: report.period === 'Day' ? 'bar' : 'line', connectNulls: false, data: s.values })),
  }, true);
  const causes = missesByCause(report.misses);
  const causesChart = echarts.getInstanceByDom($('chart-causes')) ?? echarts.init($('chart-causes'));
  causesChart.setOption({
    tooltip: {},
    grid: { top: 16, left: 120, right: 24, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: causes.map(c => t(`cause${c.cause}`)) },
    series: [{ type: 'bar', data: causes.map(c => c.count), itemStyle: { color: '#b91c1c' } }],
  }, true);
}

/** @param {'days' | 'misses'} table */
async function download(table) {
  const response = await api(`/api/v1/reports/compliance?${query()}&format=csv&table=${table}`);
  if (!response.ok || !shown) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = csvName(shown, table);
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

const asked = new URLSearchParams(location.search);
await fillAreas();
const region = asked.get('region');
if (region) {
  const district = region === CITY || region.length === 6 ? region : region.slice(0, 6);
  if ([...$('area').options].some(o => o.value === district)) $('area').value = district;
  else if ([...$('area').options].some(o => o.value === region)) $('area').value = region;
}
await fillStreets();
if (region && [...$('street').options].some(o => o.value === region)) $('street').value = region;
$('period').value = asked.get('period') ?? 'week';
$('date').value = asked.get('date') ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10); // today in Chongqing

$('area').addEventListener('change', fillStreets);
$('query').addEventListener('submit', (/** @type {Event} */ e) => { e.preventDefault(); show(); });
$('csv-days').addEventListener('click', () => download('days'));
$('csv-misses').addEventListener('click', () => download('misses'));
$('language').addEventListener('click', () => { toggleLanguage(); draw(); });
await show();
