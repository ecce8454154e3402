// Conformance of the local Web Messaging with shapes and clients nobody here wrote: every frame of a full
// guest journey checked against the documented shapes (test/fixtures/web-messaging-shapes.ts), and
// Genesys's own REST client (purecloud-platform-client-v2) reading history and participant attributes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import platformClient from 'purecloud-platform-client-v2';
import type { RunningServer } from '../../server/app.ts';
import { createControl, type Control } from '../../server/control-client.ts';
import { DEMO_DEPLOYMENT_ID, MANUAL_READONLY_DEPLOYMENT_ID } from '../fixtures/demo-deployments.ts';
import {
  checkClientRequest,
  checkHistoryPage,
  checkServerFrame,
  clientRequestKind,
  clientRequestShapes,
  RICH_CLIENT_KINDS,
  RICH_SERVER_KINDS,
  serverFrameKind,
  serverFrameShapes,
} from '../fixtures/web-messaging-shapes.ts';
import { api } from './helpers.ts';
import { Guest, isOutboundEvent, isOutboundText, startWm } from './web-messaging-helpers.ts';

describe('web messaging frame shapes: a full journey', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await startWm();
    control = createControl(server.url, { token: server.controlToken });
  });
  after(() => server.close());

  it('every frame both ways matches its documented shape, and every shape occurs', async () => {
    const tab = await Guest.open(server, DEMO_DEPLOYMENT_ID);
    const otherTab = await Guest.open(server, DEMO_DEPLOYMENT_ID, tab.token);
    await tab.configure(DEMO_DEPLOYMENT_ID, {
      startNew: false,
      journeyContext: { customer: { id: tab.token, idType: 'cookie' }, customerSession: { id: '', type: 'web' } },
    });
    await otherTab.configure(DEMO_DEPLOYMENT_ID);
    await tab.join({ firstName: 'Ana', orderId: 'A-1001' });
    await tab.waitFor(isOutboundText(/^Hi Ana/));
    tab.typing();
    await tab.text('Where is my order?', { orderId: 'A-1002' });
    await tab.waitFor(isOutboundText(/Where is my order/));
    await control.messagingFaults(tab.token, { rateLimited: 1 });
    assert.equal((await tab.text('refused')).class, 'TooManyRequestsErrorMessage');
    await tab.echo();
    const jwt = (await tab.getJwt()).body.jwt as string;
    const history = await api(server, 'GET', '/api/v2/webmessaging/messages?pageNumber=1&pageSize=25', { jwt });
    assert.deepEqual(checkHistoryPage(history.body), []);
    assert.deepEqual(
      history.body.entities.map((e: any) => e.direction),
      ['Outbound', 'Inbound', 'Outbound'],
      'answer, question, greeting: newest first, the refused message absent',
    );

    await tab.text('/end');
    await tab.waitFor(isOutboundEvent('Presence'));
    assert.equal((await tab.text('read-only now')).code, 409);
    await tab.closeSession(true);
    await otherTab.waitFor((f) => f.class === 'ConnectionClosedEvent');
    assert.equal((await tab.configure(DEMO_DEPLOYMENT_ID, { startNew: true })).body.newSession, true);
    await control.expireMessagingSession(tab.token);
    await tab.waitFor((f) => f.class === 'SessionExpiredEvent');

    const received = [...tab.received, ...otherTab.received];
    for (const frame of received) assert.deepEqual(checkServerFrame(frame), [], JSON.stringify(frame));
    for (const frame of tab.sent) assert.deepEqual(checkClientRequest(frame), [], JSON.stringify(frame));
    const serverKinds = new Set(received.map(serverFrameKind));
    // Rich messaging (structured content, attachments) has its own journey in web-messaging-rich.test.ts.
    const missing = Object.keys(serverFrameShapes).filter(
      (k) => !serverKinds.has(k as never) && k !== 'SessionClearedEvent' && !RICH_SERVER_KINDS.includes(k as never),
    );
    assert.deepEqual(missing, [], 'server shapes not exercised');
    const clientKinds = new Set(tab.sent.map(clientRequestKind));
    assert.deepEqual(
      Object.keys(clientRequestShapes).filter((k) => !clientKinds.has(k as never) && !RICH_CLIENT_KINDS.includes(k as never)),
      [],
      'requests not exercised',
    );
    tab.close();
  });

  it('the validators catch what a wrong frame gets wrong', () => {
    const legacy = {
      action: 'onMessage',
      token: 't',
      channel: { metadata: { customAttributes: { a: 'b' } } },
      message: { type: 'Text', text: 'hi' },
    };
    assert.deepEqual(checkClientRequest(legacy), [
      'frame.channel: customAttributes belong in message.channel.metadata (the top-level channel is ignored)',
    ]);
    const numberAttribute = { action: 'onMessage', token: 't', message: { type: 'Text', text: 'hi', channel: { metadata: { customAttributes: { n: 1 } } } } };
    assert.deepEqual(checkClientRequest(numberAttribute), ['frame.message.channel.metadata.customAttributes.n: expected a string, got number']);
    assert.deepEqual(checkClientRequest({ action: 'configureSession', token: 't' }), ['frame.deploymentId: missing']);
    assert.deepEqual(checkClientRequest({ action: 'getConversationHistory', token: 't' }), ['frame: unknown action "getConversationHistory"']);

    const millis = { type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, expirationDate: Date.now() } };
    assert.deepEqual(checkServerFrame(millis), ['frame.body.expirationDate: expected epoch seconds']);
    const wrongClass = { type: 'response', class: 'TooManyRequestsErrorResponse', code: 429, body: {} };
    assert.deepEqual(checkServerFrame(wrongClass), ['frame: unknown class "TooManyRequestsErrorResponse"']);
    const noFrom = { type: 'message', class: 'StructuredMessage', code: 200, body: { id: 'm', channel: { time: '2024-05-01T10:00:07.000Z', type: 'Private' }, type: 'Text', text: 'x', direction: 'Outbound', originatingEntity: 'Human', metadata: { correlationId: 'c' } } };
    assert.deepEqual(checkServerFrame(noFrom), ['frame.body.channel.from: missing']);
    const numericEcho = { type: 'response', class: 'StructuredMessage', code: 200, body: { id: 'e', type: 'Text', text: 'ping', direction: 'Inbound', metadata: { durationSeconds: 60, expirationDate: '1700000000' } } };
    assert.deepEqual(checkServerFrame(numericEcho), ['frame.body.metadata.durationSeconds: expected a string of digits']);
  });
});

describe('web messaging with Genesys\'s platform client (purecloud-platform-client-v2)', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await startWm();
    control = createControl(server.url, { token: server.controlToken });
    platformClient.ApiClient.instance.setGateway({ host: '127.0.0.1', protocol: 'http', port: server.port });
  });
  after(() => server.close());

  it('reads history with the guest JWT and the customer\'s attributes with an OAuth token', async () => {
    const guest = await Guest.open(server, MANUAL_READONLY_DEPLOYMENT_ID);
    await guest.configure(MANUAL_READONLY_DEPLOYMENT_ID);
    await guest.text('Hello from Ana', { firstName: 'Ana', orderId: 'A-1001' });
    const chat = await control.waitForMessagingChat(guest.token);
    await control.accept(chat.id, 'Alice');
    await control.sendAsAgent(chat.id, 'Hi Ana');
    await guest.waitFor(isOutboundText('Hi Ana'));

    const client = platformClient.ApiClient.instance;
    client.setAccessToken((await guest.getJwt()).body.jwt);
    const page = await new platformClient.WebMessagingApi().getWebmessagingMessages({ pageSize: 25, pageNumber: 1 });
    assert.deepEqual(page.entities?.map((e) => [e.direction, e.text]), [['Outbound', 'Hi Ana'], ['Inbound', 'Hello from Ana']]);
    assert.equal(page.total, 2);

    const oauth = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
    });
    client.setAccessToken(((await oauth.json()) as { access_token: string }).access_token);
    const conversation = await new platformClient.ConversationsApi().getConversationsMessage(chat.id);
    const customer = conversation.participants?.find((p) => p.purpose === 'customer');
    assert.deepEqual(customer?.attributes, { 'context.firstName': 'Ana', 'context.orderId': 'A-1001' });
    assert.equal(conversation.participants?.find((p) => p.purpose === 'agent')?.name, 'Alice');
    guest.close();
  });
});
