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
    // Every page view pays for the launcher: it paints with DOM calls, and Lit comes with the window.
    const entryCode = await (await fetch('/dist/gc-webchat.min.js')).text();
    expect(entryCode, 'the launcher carries no Lit').to.not.match(/litHtmlVersions|reactiveElementVersions/);

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

  it('lets a CMS page add a language with registerStrings, and keeps other languages out of the launcher', async () => {
    const entry = '/dist/gc-webchat.min.js';
    const built = (await import(/* @vite-ignore */ entry)) as { registerStrings?: (lang: string, strings: object) => void };
    expect(built.registerStrings, 'registerStrings exported by the script-tag build').to.be.a('function');
    built.registerStrings!('sv', { launcher: 'Chatta med oss' });
    const el = document.createElement('gc-webchat');
    for (const [name, value] of Object.entries({ lang: 'sv', 'data-url': SERVER, 'deployment-key': DEPLOYMENT, 'org-guid': ORG, 'target-address': 'Manual', storage: 'none' })) {
      el.setAttribute(name, value);
    }
    document.body.append(el);
    const launcher = await until(() => el.shadowRoot?.querySelector('.launcher'), 'launcher');
    expect(launcher!.getAttribute('aria-label')).to.equal('Chatta med oss');
    el.remove();
    const code = await (await fetch(entry)).text();
    expect(code, 'French is a chunk of its own').to.not.contain('Discuter avec nous');
  });
});
