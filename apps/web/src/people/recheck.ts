// Which people the search finds with a registration's full details are worth stopping the registration for
// (register-page.tsx): the search is broad on purpose (any name part, typing errors), which helps someone looking
// for a person, but a registration stopped for every stranger whose names share two parts with a typing error
// teaches people to click through the warning.
import type { SearchHit } from '@corridor/contracts';

/**
 * A hit worth asking about before registering: the same document, or a name together with the date of birth, or
 * every part of the name, or most of them matched better than as a typing error.
 */
export function worthRechecking(hit: SearchHit): boolean {
  const m = hit.match;
  if (m.document) return true;
  if (m.name === null) return false;
  if (m.dateOfBirth !== null) return true;
  if (m.name.matched >= m.name.of) return true;
  return m.name.level !== 'typo' && m.name.matched * 2 > m.name.of;
}
