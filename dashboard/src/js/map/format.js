// @ts-check
// How numbers and times read on the map, the same in every panel.

/**
 * Whole numbers as they are, others to one decimal, nothing as a dash.
 * @param {number | null | undefined} v
 */
export const number = v => v === null || v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(1);

/**
 * Chongqing's clock (+08:00) wherever the browser is: deadlines are read against the street office's wall clock.
 * @param {string | null | undefined} iso
 */
export const time = iso => iso ? clock().format(new Date(iso)) : '–';

/** @type {{ lang: string, format: Intl.DateTimeFormat } | null} made once per language: making one costs far more than using it */
let cached = null;
function clock() {
  const lang = document.documentElement.lang;
  if (cached?.lang !== lang) cached = { lang, format: new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: 'numeric', second: 'numeric', hour12: false, timeZone: 'Asia/Shanghai' }) };
  return cached.format;
}
