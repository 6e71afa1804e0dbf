// Which roles the signed-in person has, to decide which links and pages to offer. Only a convenience: the API
// decides every request (403), and a page refused by it says so. A development key carries its role in its name
// (dev-admin has all of them); a provider's access token is read for a `roles` claim (also Keycloak's
// realm_access.roles). When the roles cannot be told (another API key, a token naming them elsewhere) the answer is
// null and every link is offered.
import { authHeaders, session } from './auth.js';

export const ALL_ROLES = Object.freeze(['reporter', 'dpo', 'oncall', 'auditor', 'admin']);

/** Who may do what on the dashboard, as API.md's routes allow it. */
export const MAY = Object.freeze({
  report: ['reporter', 'dpo', 'admin'],
  audit: ['auditor', 'dpo', 'admin'],
  register: ['dpo', 'auditor', 'admin'],
});

function fromToken(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    const claim = payload.roles ?? payload.realm_access?.roles ?? payload.role;
    const roles = (Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : []).filter((r) => ALL_ROLES.includes(r));
    return roles.length ? roles : null;
  } catch { return null; }
}

/** The person's BreachDesk roles, or null when they cannot be told here. */
export async function currentRoles() {
  const key = session.apiKey;
  if (key) {
    if (key === 'dev-admin') return [...ALL_ROLES];
    const role = /^dev-(\w+)$/.exec(key)?.[1];
    return role && ALL_ROLES.includes(role) ? [role] : null;
  }
  const bearer = /^Bearer (.+)$/.exec((await authHeaders()).Authorization ?? '')?.[1];
  return bearer ? fromToken(bearer) : null;
}

/** Whether roles (from currentRoles) allow an action of MAY; unknown roles allow it (the API still decides). */
export function may(roles, action) { return roles === null || roles.some((r) => MAY[action].includes(r)); }
