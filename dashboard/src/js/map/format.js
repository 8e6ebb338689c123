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
export const time = iso => iso ? new Date(iso).toLocaleTimeString(document.documentElement.lang, { hour12: false, timeZone: 'Asia/Shanghai' }) : '–';
