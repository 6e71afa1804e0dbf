// The router: #/ board, #/incidents/{id}, #/incidents/{id}/drafts/{kind}, #/incidents?q=… (search), #/report, #/audit,
// #/escalations, #/register, #/insights, #/insights/annual-report/{year}, #/sign-in. Hash routes need no server fallback.
import { h } from './dom.js';
import { session, startAuth } from './auth.js';
import { startLive } from './live.js';
import { boardPage } from './board.js';
import { incidentPage } from './incident.js';
import { draftPage } from './draft.js';
import { escalationsPage } from './escalations.js';
import { registerPage } from './register.js';
import { insightsPage } from './insights.js';
import { annualReportPage } from './annual-report.js';
import { signInPage } from './signin.js';
import { reportPage } from './report.js';
import { searchPage } from './search.js';
import { auditPage } from './audit.js';
import { showNavigation } from './nav.js';

let current = null;

async function route() {
  current?.abort();
  current = new AbortController();
  const signal = current.signal;
  const main = document.getElementById('main');
  const [path, query = ''] = (location.hash.replace(/^#/, '') || '/').split('?');
  document.querySelectorAll('.top nav a').forEach((a) => a.toggleAttribute('aria-current', a.getAttribute('href') === `#${path}`));
  await showNavigation();
  if (signal.aborted) return; // another route began while the roles were read

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
      else if (path === '/report') await reportPage(main, signal);
      else if (path === '/incidents') await searchPage(main, signal, new URLSearchParams(query));
      else if (path === '/audit') await auditPage(main, signal);
      else if (path === '/insights') await insightsPage(main, signal);
      else if (/^\/insights\/annual-report\/\d{4}$/.test(path)) await annualReportPage(main, signal, Number(path.slice(-4)));
      else await boardPage(main, signal);
    }
  } catch (error) {
    if (signal.aborted) return;
    main.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'form-error', role: 'alert' },
      error.status === 403 ? 'Your role may not see this page.' : error.message));
  }
}

// "Skip to content" moves the focus to the page's content; it must not follow href="#main", which is a route here
// (the board). The href stays for its meaning; the click (and Enter, which clicks a link) is handled here.
document.querySelector('.skip')?.addEventListener('click', (event) => {
  event.preventDefault();
  const main = document.getElementById('main');
  main.focus();
  main.scrollIntoView();
});

// How to sign in is learnt first, and a sign-in the provider just sent the browser back from is finished.
await startAuth();
window.addEventListener('hashchange', route);
route();
