// How the transport reads a service's answer headers.
import { expect } from '@open-wc/testing';
import { retryAfterSeconds } from '../../src/transport/http.js';

describe('Retry-After', () => {
  it('reads seconds and HTTP dates; a missing or unreadable header leaves the wait to the caller', () => {
    expect(retryAfterSeconds('3')).to.equal(3);
    expect(retryAfterSeconds(' 0 ')).to.equal(0);
    // Not a date: Chromium's Date.parse would read "1.5" as 5 January 2001.
    expect(retryAfterSeconds('1.5')).to.equal(1.5);
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    expect(retryAfterSeconds(inTwoMinutes)).to.be.within(118, 120);
    expect(retryAfterSeconds(new Date(Date.now() - 60_000).toUTCString())).to.equal(0);
    // Number(null) is 0: without this, a 429 with no header would be retried at once.
    expect(retryAfterSeconds(null)).to.equal(undefined);
    expect(retryAfterSeconds('')).to.equal(undefined);
    expect(retryAfterSeconds('soon')).to.equal(undefined);
  });
});
