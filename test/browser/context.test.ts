// The session provider of <gc-webchat> speaks the community context protocol, so a consumer from another
// copy of the library, or @lit/context's, gets the session and hears when it changes.
import { ContextConsumer } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { SessionProvider, sessionContext } from '../../src/elements/context.js';
import type { ChatSession } from '../../src/session/session.js';

class ContextProbe extends LitElement {
  readonly consumer = new ContextConsumer(this, { context: sessionContext, subscribe: true });
}
customElements.define('context-probe', ContextProbe);

const sessionA = { name: 'a' } as unknown as ChatSession;
const sessionB = { name: 'b' } as unknown as ChatSession;

describe('session context', () => {
  it('gives a @lit/context consumer the session, then each new one, until it disconnects', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const provider = new SessionProvider(host);
    provider.setValue(sessionA);
    const probe = document.createElement('context-probe') as ContextProbe;
    host.append(probe);
    expect(probe.consumer.value).to.equal(sessionA);
    provider.setValue(sessionB);
    expect(probe.consumer.value).to.equal(sessionB);
    probe.remove();
    provider.setValue(sessionA);
    expect(probe.consumer.value).to.equal(sessionB);
    host.append(probe);
    expect(probe.consumer.value).to.equal(sessionA);
  });

  it('answers a one-off request once, and leaves requests for other contexts to go on bubbling', async () => {
    const outer = await fixture<HTMLDivElement>(html`<div><p></p></div>`);
    const host = outer.querySelector('p')!;
    const provider = new SessionProvider(host);
    provider.setValue(sessionA);
    const answers: unknown[] = [];
    const request = (context: string) =>
      Object.assign(new Event('context-request', { bubbles: true, composed: true }), { context, callback: (v: unknown) => answers.push(v), subscribe: false });
    let bubbled = 0;
    outer.addEventListener('context-request', () => bubbled++);
    const child = document.createElement('span');
    host.append(child);
    child.dispatchEvent(request('gc-webchat-session'));
    provider.setValue(sessionB);
    child.dispatchEvent(request('something-else'));
    expect(answers).to.deep.equal([sessionA]);
    expect(bubbled).to.equal(1);
  });
});
