// @ts-check
// Every page puts markup on screen through here. Names, ids, descriptions and region names come from the service and
// from people typing in the field, so each value interpolated into `html` is escaped unless it is itself `html`.

/** Markup already escaped: only `html` makes one, so a plain string can never pass for markup. */
export class Html {
  /** @param {string} markup */
  constructor(markup) {
    this.markup = markup;
  }

  toString() {
    return this.markup;
  }
}

/** @type {Record<string, string>} */
const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** @param {string} text */
const escape = text => text.replace(/[&<>"']/g, c => entities[c]);

/**
 * Html inserts as is, an array as its items one after another; null, undefined and false as nothing (so that
 * `${cond && html`…`}` reads naturally); anything else as escaped text.
 * @param {unknown} value
 * @returns {string}
 */
function fragment(value) {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(fragment).join('');
  if (value === null || value === undefined || value === false) return '';
  return escape(String(value));
}

/**
 * The tagged template for markup: html`<b>${name}</b>`.
 * @param {TemplateStringsArray} strings
 * @param {...unknown} values
 */
export function html(strings, ...values) {
  let markup = strings[0];
  values.forEach((value, i) => { markup += fragment(value) + strings[i + 1]; });
  return new Html(markup);
}

/**
 * Replaces an element's content. The one place innerHTML is written (ESLint refuses it anywhere else).
 * @param {Element} element
 * @param {Html} content
 */
export function render(element, content) {
  element.innerHTML = content.markup;
}
