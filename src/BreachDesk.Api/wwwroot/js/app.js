// The router: #/ board, #/incidents/{id}, #/incidents/{id}/drafts/{kind}, #/escalations, #/register, #/sign-in. Hash routes need no server fallback.
import { h } from './dom.js';
import { session, startAuth } from './auth.js';
import { startLive } from './live.js';
import { boardPage } from './board.js';
import { incidentPage } from './incident.js';
import { draftPage } from './draft.js';
import { escalationsPage } from './escalations.js';
import { registerPage } from './register.js';
import { signInPage } from './signin.js';

let current = null;

async function route() {
  current?.abort();
  current = new AbortController();
  const signal = current.signal;
  const main = document.getElementById('main');
  const path = location.hash.replace(/^#/, '') || '/';
  document.getElementById('who').textContent = session.signedIn ? `Signed in: ${session.name}` : 'Sign in';
  document.querySelectorAll('.top nav a').forEach((a) => a.toggleAttribute('aria-current', a.getAttribute('href') === `#${path}`));

  if (!session.signedIn && path !== '/sign-in') {
    // Back to this page after signing in (a link someone followed, a page open when the session ended).
    session.rememberReturnTo(location.hash);
    location.hash = '#/sign-in';
    return;
  }
  try {
    if (path === '/sign-in') signInPage(main);
    else {
      startLive();
      const incident = /^\/incidents\/([0-9a-f-]{36})$/i.exec(path);
      const draft = /^\/incidents\/([0-9a-f-]{36})\/drafts\/([a-z-]+)$/i.exec(path);
      if (incident) await incidentPage(main, signal, incident[1]);
      else if (draft) await draftPage(main, signal, draft[1], draft[2]);
      else if (path === '/escalations') await escalationsPage(main, signal);
      else if (path === '/register') await registerPage(main, signal);
      else await boardPage(main, signal);
    }
  } catch (error) {
    if (signal.aborted) return;
    main.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'form-error', role: 'alert' },
      error.status === 403 ? 'Your role may not see this page.' : error.message));
  }
}

// How to sign in is learnt first, and a sign-in the provider just sent the browser back from is finished.
await startAuth();
window.addEventListener('hashchange', route);
route();
