// The header's navigation follows who is signed in: their name on the sign-in link, and only the links their roles
// may use (data-may="<action>", roles.js MAY; unknown roles see all). Called on every route and right after signing
// out, which stays on the sign-in page and so starts no route.
import { session } from './auth.js';
import { currentRoles, may } from './roles.js';

export async function showNavigation() {
  document.getElementById('who').textContent = session.signedIn ? `Signed in: ${session.name}` : 'Sign in';
  const roles = session.signedIn ? await currentRoles() : [];
  document.querySelectorAll('.top nav a[data-may]').forEach((a) => { a.hidden = !session.signedIn || !may(roles, a.dataset.may); });
}
