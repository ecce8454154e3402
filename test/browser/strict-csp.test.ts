// The script-tag build on a page served with a strict CSP (no inline code or styles, no eval, connections
// to the server only, Trusted Types required): a whole chat with the scripted agent and zero violations.
import { expect } from '@open-wc/testing';
import { SERVER } from './helpers.js';

interface Result {
  ok: boolean;
  error?: string;
  violations: { directive: string; blocked: string; sample: string }[];
  agentSaid?: string[];
  text?: string;
  links?: string[];
}

describe('strict Content Security Policy', function () {
  this.timeout(40_000);

  it('serves the page with the policy, and the widget chats with zero violations', async () => {
    // The header itself is checked by test/server/static-cors-config.test.ts (a cross-origin fetch cannot read it).
    const frame = document.createElement('iframe');
    frame.src = `${SERVER}/demo/widget.strict-csp.html`;
    frame.style.width = '800px';
    frame.style.height = '700px';
    document.body.append(frame);
    try {
      await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      const result = await new Promise<Result>((resolve) => {
        const onMessage = (event: MessageEvent) => {
          if (event.data?.type !== 'gc-strict-csp-result') return;
          window.removeEventListener('message', onMessage);
          resolve(event.data as Result);
        };
        window.addEventListener('message', onMessage);
        frame.contentWindow!.postMessage({ type: 'gc-strict-csp-run' }, '*');
      });
      expect(result.error).to.equal(undefined);
      expect(result.violations, JSON.stringify(result.violations)).to.deep.equal([]);
      expect(result.ok).to.equal(true);
      expect(result.agentSaid!.length).to.be.greaterThanOrEqual(2);
      expect(result.text).to.include('Is <b>this</b> safe?');
      expect(result.links).to.include('https://example.com/help');
    } finally {
      frame.remove();
    }
  });
});
