// The built script-tag files (dist/gc-webchat.min.js and its chunk), as a CMS page loads them: the launcher
// alone at first, the window chunk on opening, then a real chat with the local Genesys Cloud.
// Needs `npm run build` first (CI and the gate run it before the tests).
import { expect } from '@open-wc/testing';
import { agent, DEPLOYMENT, ORG, SERVER, until } from './helpers.js';

type Widget = HTMLElement & {
  show(): Promise<void>;
  startChat(options: object): Promise<{ sessionId: string }>;
  endChat(): Promise<void>;
};

const fetched = (part: string) => performance.getEntriesByType('resource').some((entry) => entry.name.includes(part));

describe('dist/gc-webchat.min.js', () => {
  it('paints the launcher from the entry file, loads the window chunk on opening, and chats', async () => {
    const probe = await fetch('/dist/gc-webchat.min.js', { method: 'HEAD' });
    if (!probe.ok) throw new Error('dist/gc-webchat.min.js is missing: run `npm run build` before the tests.');
    const script = document.createElement('script');
    script.type = 'module';
    script.src = '/dist/gc-webchat.min.js';
    document.head.append(script);
    await customElements.whenDefined('gc-webchat');

    const el = document.createElement('gc-webchat') as Widget;
    for (const [name, value] of Object.entries({
      transport: 'purecloud-v2-sockets', 'data-url': SERVER, 'deployment-key': DEPLOYMENT, 'org-guid': ORG, 'target-address': 'Manual', storage: 'none',
    })) el.setAttribute(name, value);
    document.body.append(el);
    await until(() => el.shadowRoot?.querySelector('.launcher'), 'launcher');
    expect(fetched('/dist/chunks/')).to.equal(false);

    await el.show();
    await until(() => el.shadowRoot!.querySelector('gc-registration-form')?.shadowRoot?.querySelector('input'), 'form');
    expect(fetched('/dist/chunks/gc-webchat-window-')).to.equal(true);

    const { sessionId } = await el.startChat({ firstname: 'Ada' });
    await until(async () => (await agent.chat(sessionId)).sockets > 0, 'stream');
    await agent.accept(sessionId, 'Robin');
    await agent.say(sessionId, 'hello from the built bundle');
    const log = () => el.shadowRoot!.querySelector('gc-transcript')?.shadowRoot?.querySelector('.log')?.textContent ?? '';
    await until(() => log().includes('hello from the built bundle'), 'agent message shown');
    expect(log()).to.contain('Robin joined the chat');
    await el.endChat();
    el.remove();
  });
});
