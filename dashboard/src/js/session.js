// Who is signed in on this tab. The token is kept in sessionStorage: closing the tab (a shared command-centre PC) signs
// out; a 401 from the service (token expired, account changed or disabled) asks for the password again.
import { t } from './i18n.js';

const KEY = 'threesocial.session';
let session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');

export const token = () => session?.accessToken ?? '';

/** fetch with the bearer token. */
export async function api(url, options = {}) {
  const response = await fetch(url, { ...options, headers: { ...(options.headers ?? {}), Authorization: `Bearer ${token()}` } });
  if (response.status === 401) signOut();
  return response;
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  session = null;
  location.reload();
}

/** The signed-in user ({ name, roles, jurisdiction }), after asking for a name and password if there is none yet. */
export async function signedIn() {
  if (session && new Date(session.expiresAt).getTime() > Date.now() + 60_000) return session.user;
  return new Promise(resolve => {
    const form = document.createElement('form');
    form.id = 'sign-in';
    form.innerHTML = `<h2>${t('signIn')}</h2>
      <label>${t('userName')} <input name="userName" autocomplete="username" required autofocus></label>
      <label>${t('password')} <input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">${t('signIn')}</button>
      <p role="status"></p>`;
    document.body.append(form);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const status = form.querySelector('[role=status]');
      const response = await fetch('/api/v1/auth/token', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userName: form.userName.value.trim(), password: form.password.value }),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) { status.textContent = body?.detail ?? `${response.status}`; status.classList.add('error'); return; }
      session = body;
      sessionStorage.setItem(KEY, JSON.stringify(session));
      form.remove();
      resolve(session.user);
    });
  });
}

/** The user's name and a sign-out button, in the page's header. */
export function showUser(user) {
  const header = document.querySelector('header');
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

/** Whether the user's jurisdiction holds a region code (the city 500000 holds them all). */
export const covers = (user, code) => user.jurisdiction.some(j => j === '500000' || (code.startsWith(j) && code !== '500000'));
