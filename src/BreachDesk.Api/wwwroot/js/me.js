// Who is signed in and with which roles (GET /api/me), asked once per credential. It decides which forms are shown;
// the API still checks every command, so a stale answer can only show a form that is then refused.
import { get, session } from './api.js';

let cached = null;

export function whoAmI() {
  if (cached?.name !== session.name) {
    const name = session.name;
    cached = { name, answer: get('/api/me').catch((error) => {
      if (cached?.name === name) cached = null; // asked again next time
      throw error;
    }) };
  }
  return cached.answer;
}

/** True when the person has any of the roles. */
export const can = (me, ...roles) => roles.some((role) => me.roles.includes(role));
