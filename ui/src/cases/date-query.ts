/**
 * Turns what people type as a date ("14/03/2019", "14 March 2019") into the ISO form the API
 * searches by; anything else is sent unchanged. The reading is forms/'s, the server's too. Pure.
 */
import { isoDateOf } from '../../../forms/typed-date.ts';

/** "14/03/2019" → "2019-03-14"; text that is not a date is returned trimmed. */
export function normaliseSearch(text: string): string {
  return isoDateOf(text) ?? text.trim();
}
