import assert from 'node:assert/strict';
import { createActiveTimer, IDLE_AFTER_MS } from '../../ui/src/drafts/active-time.ts';

describe('active recording time', () => {
  it('counts the time between signs of activity, not pauses over a minute', () => {
    let clock = 0;
    const timer = createActiveTimer(() => clock);
    timer.activity(); // opens the form
    clock += 20_000;
    timer.activity(); // 20 s typing
    clock += IDLE_AFTER_MS + 1; // away for over a minute: not counted
    timer.activity();
    clock += 40_000;
    timer.activity(); // 40 s more
    assert.equal(timer.unsent(), 60);
  });

  it('keeps what a failed save did not send, and forgets what was sent', () => {
    let clock = 0;
    const timer = createActiveTimer(() => clock);
    timer.activity();
    clock += 30_500;
    timer.activity();
    const sending = timer.unsent();
    assert.equal(sending, 30);
    // The save failed: nothing is marked sent, so the next save carries it.
    clock += 10_000;
    timer.activity();
    assert.equal(timer.unsent(), 40);
    timer.sent(40);
    assert.equal(timer.unsent(), 0, 'half a second stays for the next save');
    clock += 600;
    timer.activity();
    assert.equal(timer.unsent(), 1);
  });
});
