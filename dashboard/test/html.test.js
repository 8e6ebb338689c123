// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { html, Html } from '../src/js/html.js';

test('interpolated text is escaped, quotes included, so it cannot leave an attribute', () => {
  const name = '<img src=x onerror="alert(1)">\'&';
  assert.equal(String(html`<b title="${name}">${name}</b>`),
    '<b title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;</b>');
});

test('nested html and arrays of it go in as markup; null, undefined and false as nothing; numbers as text', () => {
  const options = ['a<b', 'c'].map(v => html`<option value="${v}">${v}</option>`);
  assert.equal(String(html`<select>${options}</select>`), '<select><option value="a&lt;b">a&lt;b</option><option value="c">c</option></select>');
  assert.equal(String(html`${null}${undefined}${false}${0}`), '0');
  assert.ok(html`x` instanceof Html);
});

test('a string that looks like markup is still text: only html makes markup', () => {
  const looksLikeMarkup = { markup: '<script>' };
  assert.equal(String(html`${looksLikeMarkup}`), '[object Object]');
  assert.equal(String(html`${'<i>'}`), '&lt;i&gt;');
});
