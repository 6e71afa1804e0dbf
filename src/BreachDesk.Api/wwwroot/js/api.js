// The API with the signed-in person's credentials: a development key (X-Api-Key) or an OIDC bearer token.
const KEY = 'breachdesk.apiKey';
const TOKEN = 'breachdesk.bearer';

export const session = {
  get apiKey() { return sessionStorage.getItem(KEY); },
  get token() { return sessionStorage.getItem(TOKEN); },
  get signedIn() { return !!(this.apiKey || this.token); },
  get name() { return this.apiKey ?? (this.token ? 'bearer token' : null); },
  useKey(key) { sessionStorage.removeItem(TOKEN); sessionStorage.setItem(KEY, key); },
  useToken(token) { sessionStorage.removeItem(KEY); sessionStorage.setItem(TOKEN, token); },
  signOut() { sessionStorage.removeItem(KEY); sessionStorage.removeItem(TOKEN); },
};

export function authHeaders() {
  if (session.apiKey) return { 'X-Api-Key': session.apiKey };
  if (session.token) return { Authorization: `Bearer ${session.token}` };
  return {};
}

/** A refused request: status, the problem's title/detail and its field errors (400). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The service answered ${status}.`);
    this.status = status;
    this.problem = problem ?? {};
    this.errors = problem?.errors ?? {};
  }
}

export async function request(path, { method = 'GET', body, accept = 'application/json', raw = false, signal } = {}) {
  const headers = { Accept: accept, ...authHeaders() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  if (response.status === 401) {
    session.signOut();
    location.hash = '#/sign-in';
    throw new ApiError(401, { title: 'Please sign in.' });
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  if (response.status === 204) return null;
  return accept === 'application/json' ? response.json() : response.text();
}

export const get = (path, options) => request(path, options);
export const post = (path, body) => request(path, { method: 'POST', body: body ?? {} });
