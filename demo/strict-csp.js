// The strict-CSP page's own script (external, as the policy demands): lists violations on the page and,
// when a test embeds the page and asks, drives a whole chat and reports what happened to the parent.
const violations = [];
const output = document.getElementById('violations');

document.addEventListener('securitypolicyviolation', (event) => {
  violations.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample });
  output.textContent = violations.map((v) => `${v.directive}: ${v.blocked || v.sample}`).join('\n');
});

function until(check, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const value = check();
      if (value) resolve(value);
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
      else setTimeout(tick, 50);
    };
    tick();
  });
}

async function driveChat() {
  await customElements.whenDefined('gc-webchat');
  const widget = document.querySelector('gc-webchat');
  const agentSaid = [];
  widget.addEventListener('gc-message-received', (event) => {
    for (const message of event.detail.messages) if (message.from.type === 'Agent' && message.type === 'Message') agentSaid.push(message.text);
  });
  await widget.show({ form: { firstname: 'Strict', lastname: 'Policy', autoSubmit: true } });
  await until(() => agentSaid.length >= 1);
  await widget.sendMessage('Is <b>this</b> safe? https://example.com/help');
  await until(() => agentSaid.length >= 2);
  const transcript = widget.shadowRoot.querySelector('gc-transcript');
  const text = transcript.shadowRoot.querySelector('[part~="log"]').textContent;
  const links = [...transcript.shadowRoot.querySelectorAll('a')].map((a) => a.href);
  await widget.endChat();
  return { agentSaid, text, links };
}

window.addEventListener('message', async (event) => {
  if (event.data?.type !== 'gc-strict-csp-run') return;
  try {
    const result = await driveChat();
    // Reports are dispatched asynchronously: give any late one a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    event.source.postMessage({ type: 'gc-strict-csp-result', ok: true, violations, ...result }, '*');
  } catch (error) {
    event.source.postMessage({ type: 'gc-strict-csp-result', ok: false, error: String(error), violations }, '*');
  }
});
