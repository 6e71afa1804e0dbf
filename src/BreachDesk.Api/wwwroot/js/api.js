// The API with the signed-in person's credentials (see auth.js): a development key or the provider's access token.
import { authHeaders, recoverFromUnauthorized, session } from './auth.js';

export { session };

/** A refused request: status, the problem's title/detail and its field errors (400). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The service answered ${status}.`);
    this.status = status;
    this.problem = problem ?? {};
    this.errors = problem?.errors ?? {};
  }
}

/** The service's reason for refusing the credentials (the 401 problem's detail), if it gave one. */
async function refusalOf(response) {
  try { return (await response.json())?.detail ?? null; } catch { return null; }
}

/** headers: extra request headers (an Idempotency-Key, say); the credentials and Accept are added here. */
export async function request(path, { method = 'GET', body, accept = 'application/json', raw = false, signal, headers: extra } = {}) {
  let response;
  for (let attempt = 1; ; attempt++) {
    const headers = { ...extra, Accept: accept, ...(await authHeaders()) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    if (response.status !== 401) break;
    // An expired or revoked token: renewed once with the refresh token, else the person signs in again, told why.
    if (!(await recoverFromUnauthorized(attempt === 1, () => refusalOf(response)))) {
      session.rememberReturnTo(location.hash);
      location.hash = '#/sign-in';
      throw new ApiError(401, { title: 'Please sign in.' });
    }
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
export const post = (path, body, options) => request(path, { ...options, method: 'POST', body: body ?? {} });
