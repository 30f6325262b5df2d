/**
 * What log-out asks when some changes could not be sent: plainly, how many forms would lose
 * words, and that cancelling keeps them. Pure.
 */

/** The question asked before logging out would lose changes to `forms` forms. */
export function unsentChangesQuestion(forms: number): string {
  const what = forms === 1 ? 'Your changes to 1 form' : `Your changes to ${forms} forms`;
  return (
    `${what} could not be sent to the server, so they are only on this device. ` +
    'Log out anyway and lose them? Choose Cancel to stay logged in and keep them.'
  );
}
