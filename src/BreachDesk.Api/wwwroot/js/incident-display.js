// How the incident page words statuses and shows times: the dashboard's one vocabulary (words.js) and one time
// convention (clock.js: UTC and the person's zone; inputs read in their zone and sent with its offset).
import { formatTime, inputZoneLabel, localInputValue, isoFromLocalInput } from './clock.js';
import { DEADLINE_STATUS, INCIDENT_STATUS, ESCALATION_STATUS, DEADLINE_KIND, word, taskWord } from './words.js';

export const time = formatTime;
export { taskWord, DEADLINE_KIND };

/** The word for a stopped deadline; a met clock says when it was met ("Met at 2026-12-02 09:30 UTC"). */
export function deadlineWord(status, metAt) {
  const said = word(DEADLINE_STATUS, status);
  return metAt && (status === 'met' || status === 'met-late') ? `${said} at ${time(metAt)}` : said;
}
export const incidentWord = (status) => word(INCIDENT_STATUS, status);
export const escalationWord = (status) => word(ESCALATION_STATUS, status);

/** The zone a time input is read in, for its label: "UTC", or "Paris time (Europe/Paris, UTC+01:00)". */
export const zone = () => inputZoneLabel();

/** The value a datetime-local input shows for now, in the person's zone, to the second. */
export const inputNow = () => localInputValue();

/** A datetime-local value (the person's zone) as ISO-8601 with that zone's offset; unreadable text as typed. */
export const inputToIso = isoFromLocalInput;
