// Who is signed in, and the credentials every API call carries: a development key (X-Api-Key) or the access token from
// the organisation's OpenID Connect provider (Authorization: Bearer).
//
// The OpenID Connect part is oidc-client-ts (its browser build, /vendor/oidc-client-ts.min.js, the global `oidc`):
// authorization code with PKCE (S256) and state, the redirect back to this page, the code exchange and refreshes. Both
// its user (the tokens) and its sign-in state are kept in this tab's sessionStorage, never localStorage: they are gone
// when the tab closes and no other tab or later visitor finds them. No iframes (the CSP allows none): a refresh uses
// the refresh token; without one, the person signs in again when the API answers 401.

const KEY = 'breachdesk.apiKey';
const RETURN_TO = 'breachdesk.returnTo';
// A token is renewed when three quarters of what was left of its life has passed, so a call never carries one about to
// expire; but never sooner than 30 s after the last renewal, so a provider issuing very short tokens is not asked every
// few seconds (a call with an expired token renews it first, see authHeaders).
const RENEW_AFTER = 0.75;
const RENEW_AT_MOST_EVERY_MS = 30_000;

let settings = { devKeys: false, oidc: null };
let manager = null;
let user = null;
let refreshing = null;
let renewal = null;
let problem = null;

/** Reads how to sign in (GET /dashboard/config.json, anonymous), then finishes a sign-in the provider sent us back from. */
export async function startAuth() {
  try {
    const response = await fetch('/dashboard/config.json', { headers: { Accept: 'application/json' } });
    if (response.ok) settings = await response.json();
  } catch { /* the sign-in page says nothing is configured */ }
  if (settings.oidc && !window.oidc) problem = 'The sign-in library did not load (/vendor/oidc-client-ts.min.js).';
  if (!settings.oidc || !window.oidc) return;

  const { UserManager, WebStorageStateStore } = window.oidc;
  const { resource, prompt, extraAuthorizeParameters } = settings.oidc;
  manager = new UserManager({
    authority: settings.oidc.authority,
    client_id: settings.oidc.clientId,
    scope: settings.oidc.scope,
    response_type: 'code',
    // RFC 8707: a provider such as oidc-provider issues a JWT for BreachDesk only when asked for its resource, at the
    // authorization request (`resource`) and again at the token endpoint (extraTokenParams; refreshes: see refresh()).
    resource: resource ?? undefined,
    extraTokenParams: resource ? { resource } : {},
    // `consent` by default with offline_access: without it a provider may drop that scope and give no refresh token.
    prompt: prompt ?? undefined,
    extraQueryParams: extraAuthorizeParameters ?? {},
    // The dashboard itself: the provider sends the browser back to /?code=…&state=… and this module finishes there.
    redirect_uri: `${location.origin}/`,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    // Renewals are scheduled here (scheduleRenewal), only with a refresh token: the library's own silent renew would
    // fall back to an iframe, and renews a minute before expiry, which for a short token means again and again.
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  });
  const params = new URLSearchParams(location.search);
  if (params.has('state') && (params.has('code') || params.has('error'))) {
    try {
      const signedIn = await manager.signinRedirectCallback();
      sessionStorage.removeItem(KEY);
      user = signedIn;
    } catch (error) {
      problem = `Sign-in failed: ${error.error_description || error.message || error}`;
    }
    // Never leave the code in the address bar or the history.
    const back = user ? takeReturnTo() : '#/sign-in';
    history.replaceState(null, '', `/${back}`);
  }
  user = await manager.getUser();
  if (user?.expired && !(await refresh())) await dropUser();
  scheduleRenewal();
}

/** Plans the next renewal of the current token (see RENEW_AFTER); none without a refresh token. */
function scheduleRenewal() {
  clearTimeout(renewal);
  renewal = null;
  if (!user?.refresh_token || !user.expires_in) return;
  const wait = Math.max(user.expires_in * 1000 * RENEW_AFTER, RENEW_AT_MOST_EVERY_MS);
  renewal = setTimeout(() => { refresh(); }, wait);
}

export const session = {
  get settings() { return settings; },
  get providerReady() { return !!manager; },
  get apiKey() { return sessionStorage.getItem(KEY); },
  get signedIn() { return !!(this.apiKey || user); },
  get name() {
    if (this.apiKey) return this.apiKey;
    const p = user?.profile ?? {};
    return user ? (p.preferred_username || p.email || p.name || p.sub || 'signed in') : null;
  },
  /** Set by a failed sign-in or an ended session; shown once on the sign-in page. */
  takeProblem() { const p = problem; problem = null; return p; },
  useKey(key) { dropUser(); sessionStorage.setItem(KEY, key); },
  rememberReturnTo(hash) { if (hash && hash !== '#/sign-in') sessionStorage.setItem(RETURN_TO, hash); },
  takeReturnTo,
  /** Goes to the provider; it comes back to this page with a code (startAuth finishes). */
  async signInWithProvider() {
    await manager.signinRedirect();
  },
  /** Forgets every credential of this tab: the key, the tokens, any half-finished sign-in. */
  async signOut() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(RETURN_TO);
    await dropUser();
    await manager?.clearStaleState();
  },
};

function takeReturnTo() {
  const hash = sessionStorage.getItem(RETURN_TO) || '#/';
  sessionStorage.removeItem(RETURN_TO);
  return hash;
}

async function dropUser() {
  user = null;
  clearTimeout(renewal);
  if (manager) await manager.removeUser();
}

/**
 * Renews the access token with the refresh token; one refresh at a time (a rotated refresh token works once).
 * Resolves to true when there is a fresh token.
 */
export function refresh() {
  if (!manager || !user?.refresh_token) return Promise.resolve(false);
  const resource = settings.oidc.resource ?? undefined;
  refreshing ??= manager.signinSilent({ resource })
    .then((renewed) => { user = renewed; return !!renewed; })
    .catch(() => false)
    .finally(() => { refreshing = null; scheduleRenewal(); });
  return refreshing;
}

/** The current credentials as headers, refreshing first an access token that has already expired. */
export async function authHeaders() {
  const key = sessionStorage.getItem(KEY);
  if (key) return { 'X-Api-Key': key };
  if (user?.expired) await refresh();
  if (user?.access_token) return { Authorization: `Bearer ${user.access_token}` };
  return {};
}

/**
 * The API refused the credentials (401). The first time, with a refresh token: renew, and the caller tries once more
 * (answers true). Otherwise the session is over: forget it, and the caller sends the person to the sign-in page.
 */
export async function recoverFromUnauthorized(firstTime) {
  if (firstTime && !sessionStorage.getItem(KEY) && user?.refresh_token && await refresh()) return true;
  await session.signOut();
  problem = 'Your session has ended. Please sign in again.';
  return false;
}
