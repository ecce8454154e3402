// The whole pipe: a visitor starts a chat with <gc-webchat> in Chromium (custom form fields, `user-data`
// with nested pre-chat data), an agent takes it, and the built gc-attributes command reads it back from
// the local Genesys Cloud (run by the test runner's Node side, see web-test-runner.config.mjs).
import { expect, html, oneEvent } from '@open-wc/testing';
import { render } from 'lit';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { GcWebchat } from '../../src/elements/gc-webchat.js';
import { agent, DEPLOYMENT, ORG, SERVER, until } from './helpers.js';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const gcAttributes = (...args: string[]) =>
  executeServerCommand<CliResult, { args: string[] }>('gc-attributes', { args: [...args, '--client-id', 'demo-client', '--client-secret', 'demo-secret'] }) as Promise<CliResult>;

const USER_DATA = {
  customerId: '59606',
  customField1Label: 'Reason',
  customField1: 'Upgrade my internet subscription',
  preChat: { topic: 'billing', contact: { phone: '555-0100' } },
};
const FORM = {
  inputs: [
    { name: 'firstname', label: 'First name', required: true },
    { name: 'lastname', label: 'Last name' },
    { name: 'email', label: 'Email', type: 'email' },
    { name: 'accountNumber', label: 'Account number', pattern: '[0-9]{8}' },
    { name: 'phoneNumber', label: 'Phone', type: 'tel' },
  ],
};

describe('gc-attributes after a <gc-webchat> chat', () => {
  let el: GcWebchat;
  let conversationId: string;

  before(async () => {
    document.title = 'Account help – Example Telecom';
    // Not fixture(): open-wc removes fixtures after each test, and this widget's chat spans the whole suite.
    const holder = document.createElement('div');
    document.body.append(holder);
    render(html`<gc-webchat transport="purecloud-v2-sockets"
      data-url=${SERVER}
      deployment-key=${DEPLOYMENT}
      org-guid=${ORG}
      target-address="Manual"
      user-data=${JSON.stringify(USER_DATA)}
      form=${JSON.stringify(FORM)}
    ></gc-webchat>`, holder);
    el = holder.firstElementChild as GcWebchat;
    await el.updateComplete;
    const started = oneEvent(el, 'gc-started');
    await el.show({
      form: { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', accountNumber: '12345678', phoneNumber: '+44 20 7946 0000', autoSubmit: true },
    });
    conversationId = (await started).detail.session.sessionId;
    await until(async () => (await agent.chat(conversationId)).sockets > 0, 'event stream attached');
    await agent.accept(conversationId, 'Alex Agent');
    await until(() => el.session?.$state.get() === 'chatting', 'agent connected');
  });

  after(async () => {
    if (el.session?.active) await el.session.endChat().catch(() => undefined);
    el.parentElement?.remove();
    sessionStorage.clear();
  });

  it('prints what the widget sent, page context included, as context.* attributes', async () => {
    const result = await gcAttributes(conversationId);
    expect(result.code, result.stderr).to.equal(0);
    const attributes = JSON.parse(result.stdout);
    expect(attributes).to.include({
      'context.firstName': 'Ada',
      'context.lastName': 'Lovelace',
      'context.email': 'ada@example.com',
      'context.accountNumber': '12345678',
      'context.phoneNumber': '+44 20 7946 0000',
      'context.customerId': '59606',
      'context._genesys_browser': 'Chrome',
      'context._genesys_source': 'web',
      // The test runner's wtr-session-id parameter names a session: the safe default leaves it out.
      'context._genesys_url': `${location.origin}${location.pathname}`,
      'context._genesys_pageTitle': 'Account help – Example Telecom',
      'context.genesys.legacyRoutingTargetQueueAddress': 'Manual',
    });
    expect(JSON.parse(attributes['context.preChat'])).to.deep.equal(USER_DATA.preChat);
  });

  it('flattens the pre-chat data and shows the Interaction Details as a table', async () => {
    const flat = await gcAttributes(conversationId, '--view', 'flat');
    expect(flat.code, flat.stderr).to.equal(0);
    expect(JSON.parse(flat.stdout)).to.include({ preChat_topic: 'billing', preChat_contact_phone: '555-0100', _genesys_browser: 'Chrome', accountNumber: '12345678' });

    const details = await gcAttributes(conversationId, '--view', 'details', '--format', 'table');
    expect(details.code, details.stderr).to.equal(0);
    expect(details.stdout).to.equal(
      [
        'FIELD                  VALUE',
        'Customer Name          Ada Lovelace',
        'Customer Phone Number  +44 20 7946 0000',
        'Customer Email         ada@example.com',
        'Customer ID            59606',
        'Reason                 Upgrade my internet subscription',
        '',
      ].join('\n'),
    );
  });

  it('writes the flattened pre-chat data back while the chat goes on', async () => {
    const result = await gcAttributes(conversationId, '--write', '--view', 'raw');
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/wrote 2 attributes to participant [0-9a-f-]+: context\.preChat_contact_phone, context\.preChat_topic\n$/);
    const attributes = JSON.parse(result.stdout);
    expect(attributes).to.include({ 'context.preChat_topic': 'billing', 'context.preChat_contact_phone': '555-0100', 'context.firstName': 'Ada' });
    expect(el.session?.$state.get()).to.equal('chatting');
  });
});
