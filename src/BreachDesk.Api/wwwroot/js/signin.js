// Sign-in. Development: pick one of the development keys (BreachDesk:Auth:DevKeys=true). Production: the
// organisation's OpenID Connect provider issues the token; paste it here (the full code flow is not built yet).
import { h } from './dom.js';
import { session } from './api.js';
import { startLive, stopLive } from './live.js';

const DEV_KEYS = ['dev-dpo', 'dev-oncall', 'dev-reporter', 'dev-auditor', 'dev-admin'];

export function signInPage(main) {
  stopLive();
  const key = h('select', { id: 'dev-key', name: 'key' }, DEV_KEYS.map((k) => h('option', { value: k }, k)));
  const token = h('textarea', { id: 'bearer', name: 'token', autocomplete: 'off' });
  const keyForm = h('form', { 'aria-label': 'Sign in with a development key' },
    h('h3', {}, 'Development key'),
    h('p', { class: 'muted' }, 'Only when the service runs with development keys on (the local run command).'),
    h('label', { for: 'dev-key' }, 'Development key'), key,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'sign-in' }, 'Sign in')));
  keyForm.addEventListener('submit', (e) => { e.preventDefault(); session.useKey(key.value); done(); });
  const tokenForm = h('form', { 'aria-label': 'Sign in with a bearer token' },
    h('h3', {}, 'OpenID Connect token'),
    h('p', { class: 'muted' }, "In production, sign in with your organisation's identity provider and use its access token."),
    h('label', { for: 'bearer' }, 'Bearer token'), token,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Use token')));
  tokenForm.addEventListener('submit', (e) => { e.preventDefault(); if (token.value.trim()) { session.useToken(token.value.trim()); done(); } });
  const signOut = session.signedIn
    ? h('p', {}, `Signed in as ${session.name}. `, h('button', { type: 'button', class: 'secondary', onclick: () => { session.signOut(); signInPage(main); } }, 'Sign out'))
    : null;
  main.replaceChildren(h('h1', {}, 'Sign in'), signOut, h('div', { class: 'grid' }, keyForm, tokenForm));

  function done() {
    startLive();
    location.hash = '#/';
  }
}
