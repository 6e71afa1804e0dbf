// Sign-in, as the service is configured (GET /dashboard/config.json): "Sign in with <provider>" when OpenID Connect is
// set up (BreachDesk:Auth:Oidc:Authority and :ClientId), the development keys only when they are on
// (BreachDesk:Auth:DevKeys, the local run command). No pasted tokens: tools call the API directly.
import { h } from './dom.js';
import { session } from './api.js';
import { startLive, stopLive } from './live.js';
import { showNavigation } from './nav.js';

const DEV_KEYS = ['dev-dpo', 'dev-oncall', 'dev-reporter', 'dev-auditor', 'dev-admin'];

export function signInPage(main) {
  stopLive();
  const { devKeys, oidc } = session.settings;
  const problem = session.takeProblem();
  const status = h('p', { class: 'form-error', role: 'alert', id: 'sign-in-problem', hidden: !problem }, problem ?? '');

  const providerForm = oidc && session.providerReady ? h('form', { 'aria-label': `Sign in with ${oidc.name}` },
    h('h3', {}, 'Your organisation account'),
    h('p', { class: 'muted' }, `You sign in at ${oidc.name} and come back here.`),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'oidc-sign-in' }, `Sign in with ${oidc.name}`))) : null;
  providerForm?.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await session.signInWithProvider();
    } catch (error) {
      status.textContent = `Could not reach ${oidc.name}: ${error.message}`;
      status.hidden = false;
    }
  });

  const key = h('select', { id: 'dev-key', name: 'key' }, DEV_KEYS.map((k) => h('option', { value: k }, k)));
  const keyForm = devKeys ? h('form', { 'aria-label': 'Sign in with a development key' },
    h('h3', {}, 'Development key'),
    h('p', { class: 'muted' }, 'The service runs with development keys on (the local run command). Never in production.'),
    h('label', { for: 'dev-key' }, 'Development key'), key,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'sign-in' }, 'Sign in'))) : null;
  keyForm?.addEventListener('submit', (e) => {
    e.preventDefault();
    session.useKey(key.value);
    startLive();
    location.hash = session.takeReturnTo();
  });

  const none = !oidc && !devKeys
    ? h('p', { class: 'form-error', role: 'alert' },
      'No sign-in is configured: set BreachDesk:Auth:Oidc:Authority, :Audience and :ClientId (or, on a developer machine, BreachDesk:Auth:DevKeys).')
    : null;

  const signedIn = session.signedIn
    ? h('p', { id: 'signed-in-as' }, `Signed in as ${session.name}. `, h('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: async () => {
      await session.signOut();
      await showNavigation();
      signInPage(main);
      const done = document.getElementById('sign-in-problem');
      // Only this tab's tokens are forgotten; the provider's own session is the provider's (see README).
      done.textContent = oidc ? `You are signed out of BreachDesk. On a shared computer, sign out of ${oidc.name} too.` : 'You are signed out.';
      done.className = 'muted';
      done.hidden = false;
    } }, 'Sign out'))
    : null;
  // replaceChildren would write a null as the text "null".
  main.replaceChildren(...[h('h1', {}, 'Sign in'), status, signedIn, none, h('div', { class: 'grid' }, providerForm, keyForm)].filter(Boolean));
}
