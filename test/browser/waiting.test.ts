// Waiting for an agent, seen from both sides. The agent console as the README tells a developer to use it: opening it to watch chats must not take the
// scripted agent away from visitors; only ticking "I'm answering chats" does.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { cleanupSessions, DEPLOYMENT, newSession, ORG, SERVER, until } from './helpers.js';

afterEach(cleanupSessions);

describe('the agent console', () => {
  it('leaves the scripted agent answering while it is only open, not ticked', async () => {
    const frame = document.createElement('iframe');
    frame.src = await executeServerCommand<string, undefined>('agent-console-url');
    frame.style.cssText = 'width: 800px; height: 500px';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    // Time for the console's control stream to connect and say whether it answers chats.
    await new Promise((resolve) => setTimeout(resolve, 700));
    try {
      const session = newSession({ targetAddress: 'Support' });
      await session.startChat({ firstname: 'Ada' });
      await until(() => session.$state.get() === 'chatting', 'the scripted agent answered', 6000);
      expect(session.$agents.get().some((a) => a.connected)).to.equal(true);
    } finally {
      frame.remove();
    }
  });
});

describe('<gc-webchat> while the visitor waits for an agent', () => {
  afterEach(() => sessionStorage.clear());

  it('shows that it is waiting with moving dots, still ones under reduced motion', async () => {
    const el = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" storage="none"
      data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>`);
    await el.startChat({ firstname: 'Ada' });
    await el.show();
    const status = await until(() => el.shadowRoot!.querySelector<HTMLElement>('.status'), 'waiting line');
    expect(status!.textContent).to.contain('Waiting for an agent');
    const dots = status!.querySelector('.dots');
    expect(dots, 'a waiting animation').to.not.equal(null);
    expect(dots!.querySelector('i')!.getAnimations().length).to.be.above(0);
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      expect(dots!.querySelector('i')!.getAnimations().length, 'no movement under reduced motion').to.equal(0);
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
    await el.endChat();
  });
});
