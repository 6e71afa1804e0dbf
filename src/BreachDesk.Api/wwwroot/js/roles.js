// Which roles the signed-in person has, to decide which links and pages to offer. Only a convenience: the API
// decides every request (403), and a page refused by it says so. The roles are the service's own answer
// (GET /api/me, asked once per credential by me.js); when it cannot be had, the answer is null and every link is offered.
import { whoAmI } from './me.js';

/** Who may do what on the dashboard, as API.md's routes allow it. */
export const MAY = Object.freeze({
  report: ['reporter', 'dpo', 'admin'],
  audit: ['auditor', 'dpo', 'admin'],
  register: ['dpo', 'auditor', 'admin'],
  insights: ['dpo', 'auditor', 'admin'],
});

/** The person's BreachDesk roles, or null when the service could not be asked. */
export async function currentRoles() {
  try { return (await whoAmI()).roles; } catch { return null; }
}

/** Whether roles (from currentRoles) allow an action of MAY; unknown roles allow it (the API still decides). */
export function may(roles, action) { return roles === null || roles.some((r) => MAY[action].includes(r)); }
