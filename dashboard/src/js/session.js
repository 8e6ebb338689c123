// @ts-check
// Who is signed in on this tab. The token is kept in sessionStorage: closing the tab (a shared command-centre PC) signs
// out; a 401 from the service (token expired, account changed or disabled) asks for the password again.
import { language, t } from './i18n.js';
import { html, render } from './html.js';

/**
 * @typedef {object} User
 * @property {string} name
 * @property {string[]} roles
 * @property {string[]} jurisdiction region codes
 *
 * @typedef {object} Session
 * @property {string} accessToken
 * @property {string} expiresAt
 * @property {User} user
 */

const KEY = 'threesocial.session';
/** @type {Session | null} */
let session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');

export const token = () => session?.accessToken ?? '';

/**
 * fetch with the bearer token, in the chosen language (the service's texts follow it).
 * @param {string} url
 * @param {RequestInit} [options]
 */
export async function api(url, options = {}) {
  const response = await fetch(url, { ...options, headers: { 'Accept-Language': language(), ...(options.headers ?? {}), Authorization: `Bearer ${token()}` } });
  if (response.status === 401) signOut();
  return response;
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  session = null;
  location.reload();
}

/**
 * The signed-in user, after asking for a name and password if there is none yet.
 * @returns {Promise<User>}
 */
export async function signedIn() {
  if (session && new Date(session.expiresAt).getTime() > Date.now() + 60_000) return session.user;
  return new Promise(resolve => {
    const form = document.createElement('form');
    form.id = 'sign-in';
    render(form, html`<h2>${t('signIn')}</h2>
      <label>${t('userName')} <input name="userName" autocomplete="username" required autofocus></label>
      <label>${t('password')} <input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">${t('signIn')}</button>
      <p role="status"></p>`);
    document.body.append(form);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const status = /** @type {HTMLElement} */ (form.querySelector('[role=status]'));
      const field = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value;
      const response = await fetch('/api/v1/auth/token', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userName: field('userName').trim(), password: field('password') }),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) { status.textContent = body?.detail ?? `${response.status}`; status.classList.add('error'); return; }
      session = body;
      sessionStorage.setItem(KEY, JSON.stringify(session));
      form.remove();
      resolve(body.user);
    });
  });
}

/**
 * The user's name and a sign-out button, in the page's header.
 * @param {User} user
 */
export function showUser(user) {
  const header = /** @type {HTMLElement} */ (document.querySelector('header'));
  const who = document.createElement('span');
  who.id = 'user';
  who.textContent = user.name;
  const out = document.createElement('button');
  out.type = 'button';
  out.dataset.i18n = 'signOut';
  out.textContent = t('signOut');
  out.addEventListener('click', signOut);
  header.append(who, out);
  if (user.roles.includes('admin')) header.append(orleansLink());
}

/**
 * For admins: Orleans' own dashboard (silos, activations, call rates). Its page cannot send our bearer token, so the
 * service first sets it in a cookie that only /admin/orleans receives (HttpOnly, SameSite=Strict).
 */
function orleansLink() {
  const link = document.createElement('a');
  link.id = 'orleans-dashboard';
  link.href = '/admin/orleans/';
  link.target = '_blank';
  link.dataset.i18n = 'orleansDashboard';
  link.textContent = t('orleansDashboard');
  link.addEventListener('click', async e => {
    e.preventDefault();
    const response = await api('/api/v1/auth/orleans-dashboard-session', { method: 'POST' });
    if (response.ok) window.open(link.href, '_blank', 'noopener');
  });
  return link;
}
