// Windows high contrast (forced colors): the browser replaces every colour with a few system colours and
// drops shadows, so a part drawn only by its background or shadow loses its edge. Each of these must still
// show where it begins and ends.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { agent, DEPLOYMENT, ORG, SERVER, until } from './helpers.js';

const emulateForcedColors = (active: boolean) =>
  executeServerCommand('emulate-media-features', { features: active ? [{ name: 'forced-colors', value: 'active' }] : [] });

/** A solid border or outline in a colour other than the part's own background (forced colours make it CanvasText). */
function visibleEdge(part: Element): boolean {
  const style = getComputedStyle(part);
  const edges = [
    [style.borderTopStyle, style.borderTopWidth, style.borderTopColor],
    [style.outlineStyle, style.outlineWidth, style.outlineColor],
  ];
  return edges.some(([kind, width, colour]) => kind !== 'none' && parseFloat(width!) > 0 && colour !== style.backgroundColor && colour !== 'rgba(0, 0, 0, 0)');
}

describe('<gc-webchat> in forced colors', () => {
  afterEach(() => emulateForcedColors(false));

  it('keeps the edges of the window, the launcher, buttons and message bubbles', async () => {
    sessionStorage.clear();
    const chat = await fixture<GcWebchat>(html`<gc-webchat transport="purecloud-v2-sockets" lang="en" storage="none" data-url=${SERVER} deployment-key=${DEPLOYMENT} org-guid=${ORG} target-address="Manual"></gc-webchat>`);
    await chat.show({ form: { firstname: 'High', lastname: 'Contrast', autoSubmit: true } });
    await until(() => chat.session?.$state.get() === 'waiting', 'waiting');
    const { sessionId } = (await chat.getSessionData())!;
    await agent.accept(sessionId);
    await agent.say(sessionId, 'Hello from the agent');
    await chat.sendMessage('Hello from the visitor');
    const root = chat.shadowRoot!;
    const transcript = root.querySelector('gc-transcript')!.shadowRoot!;
    await until(() => transcript.querySelectorAll('li.message .bubble, li .bubble').length >= 2, 'both bubbles shown');
    await emulateForcedColors(true);
    expect(matchMedia('(forced-colors: active)').matches, 'forced colors emulated').to.equal(true);

    // Each part is checked while it is on screen (minimizing removes the transcript and the composer).
    const edgeless: string[] = [];
    const check = (name: string, part: Element | null) => {
      if (!part || !visibleEdge(part)) edgeless.push(name);
    };
    check('window', root.querySelector('.window'));
    check('send button', root.querySelector('gc-composer')!.shadowRoot!.querySelector('.send'));
    transcript.querySelectorAll('.bubble').forEach((bubble, i) => check(`bubble ${i + 1}`, bubble));
    root.querySelector<HTMLButtonElement>('.end')!.click();
    await chat.updateComplete;
    check('confirm: End chat', root.querySelector('.confirm .primary'));
    chat.minimize();
    await chat.updateComplete;
    check('minimized window', root.querySelector('.window'));
    check('launcher', root.querySelector('.launcher'));
    expect(edgeless, 'parts with no visible edge').to.deep.equal([]);
    await chat.session!.endChat();
  });
});
