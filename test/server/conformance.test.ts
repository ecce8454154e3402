// Conformance: Genesys's own published guest chat client (purecloud-guest-chat-client), unchanged
// except for its base path, drives whole chats against this server.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../server/app.ts';
import { createControl } from '../../server/control-client.ts';
import { DEPLOYMENT_ID, isMemberChange, isMessage, ORG_ID, start, StreamClient } from './helpers.ts';

const require = createRequire(import.meta.url);
// CommonJS, untyped: a module-level singleton whose ApiClient class we instantiate per test.
const sdk = require('purecloud-guest-chat-client') as any;

interface Sdk {
  client: any;
  api: any;
}

/** A fresh ApiClient pointed at our server. setEnvironment() forces https://api.<env>, so set basePath. */
function sdkFor(server: RunningServer): Sdk {
  const client = new sdk.ApiClient.constructor();
  client.config.basePath = server.url;
  const api = new sdk.WebChatApi(client);
  return { client, api };
}

/**
 * SDK 13.2.0 quirk: a call made without a JWT (create) merges its headers into the ApiClient's
 * shared defaultHeaders, and the log formatter then overwrites Authorization there with
 * "[REDACTED]", so every later call on that ApiClient sends "Authorization: [REDACTED]" (a real
 * server answers 401 too). Creating with one ApiClient and using another for the JWT calls avoids it.
 */
async function guestSession(server: RunningServer, body: unknown) {
  const created = await sdkFor(server).api.postWebchatGuestConversations(body);
  const { client, api } = sdkFor(server);
  client.setJwt(created.jwt);
  return { created, client, api };
}

function createRequest(queue = 'Support') {
  return {
    organizationId: ORG_ID,
    deploymentId: DEPLOYMENT_ID,
    routingTarget: { targetType: 'QUEUE', targetAddress: queue },
    memberInfo: {
      displayName: 'Grace Hopper',
      avatarImageUrl: 'https://example.com/grace.png',
      customFields: { firstName: 'Grace', lastName: 'Hopper', subject: 'Compilers' },
    },
  };
}

describe('conformance with purecloud-guest-chat-client', () => {
  let server: RunningServer;
  before(async () => {
    server = await start({ agentTypingMs: 10 });
  });
  after(() => server.close());

  it('runs a whole chat with the scripted agent: create, stream, send, type, page, members, leave', async () => {
    const { created, api } = await guestSession(server, createRequest());
    assert.ok(created.id && created.jwt && created.eventStreamUri && created.member.id);
    const me = created.member.id;

    const stream = await StreamClient.open(created.eventStreamUri);
    const alerting = await stream.waitFor(isMemberChange(undefined, 'ALERTING'), 3000, 'agent alerting');
    const agentId = alerting.eventBody.member.id;
    await stream.waitFor(isMessage((b) => b.sender.id === agentId && b.bodyType === 'standard'), 3000, 'greeting');

    const typing = await api.postWebchatGuestConversationMemberTyping(created.id, me);
    assert.equal(typing.sender.id, me);
    const sent: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const msg = await api.postWebchatGuestConversationMemberMessages(created.id, me, { body: `question ${i}`, bodyType: 'standard' });
      assert.equal(msg.body, `question ${i}`);
      sent.push(msg.id);
      await stream.waitFor(isMessage((b) => b.id === msg.id), 2000, 'echo');
      await stream.waitFor(isMessage((b) => b.sender.id === agentId && b.body.includes(`question ${i}`)), 2000, 'answer');
    }

    // Page through everything, oldest first, two at a time, by following `after`.
    const seen: any[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await api.getWebchatGuestConversationMessages(created.id, { after, sortOrder: 'ascending', maxResults: 2 });
      seen.push(...page.entities);
      if (!page.next) break;
      after = page.entities.at(-1).id;
    }
    const all = await api.getWebchatGuestConversationMessages(created.id);
    assert.deepEqual(seen.map((m) => m.id), all.entities.map((m: any) => m.id));
    assert.ok(all.entities.length >= 13, `join x2 + greeting + 5 questions + 5 answers, got ${all.entities.length}`);
    // Newest first, then older with `before`.
    const newest = await api.getWebchatGuestConversationMessages(created.id, { sortOrder: 'descending', maxResults: 3 });
    assert.equal(newest.entities[0].id, all.entities.at(-1).id);
    const older = await api.getWebchatGuestConversationMessages(created.id, { before: newest.entities.at(-1).id, sortOrder: 'descending', maxResults: 3 });
    assert.equal(older.entities[0].id, all.entities.at(-4).id);

    const one = await api.getWebchatGuestConversationMessage(created.id, sent[2]);
    assert.equal(one.body, 'question 3');

    const members = await api.getWebchatGuestConversationMembers(created.id, { pageSize: 1, pageNumber: 1, excludeDisconnectedMembers: false });
    assert.equal(members.total, 2);
    assert.equal(members.pageCount, 2);
    assert.equal(members.entities[0].role, 'CUSTOMER');
    const page2 = await api.getWebchatGuestConversationMembers(created.id, { pageSize: 1, pageNumber: 2 });
    assert.equal(page2.entities[0].role, 'AGENT');
    const self = await api.getWebchatGuestConversationMember(created.id, me);
    assert.equal(self.displayName, 'Grace Hopper');
    assert.equal(self.avatarImageUrl, 'https://example.com/grace.png');
    assert.equal(self.state, 'CONNECTED');
    assert.deepEqual(await api.getWebchatGuestConversationMediarequests(created.id), { entities: [] });

    await api.deleteWebchatGuestConversationMember(created.id, me);
    await stream.waitFor(isMemberChange(me, 'DISCONNECTED'));
    const after2 = await api.getWebchatGuestConversationMembers(created.id, { excludeDisconnectedMembers: true });
    assert.equal(after2.total, 0);
    assert.equal((await stream.closed).code, 1000);
  });

  it('sees an agent end a Manual chat and the guest member go DISCONNECTED', async () => {
    const control = createControl(server.url, { token: server.controlToken });
    const { created, api } = await guestSession(server, createRequest('Manual'));
    const stream = await StreamClient.open(created.eventStreamUri);
    await control.accept(created.id, 'Ada');
    await control.sendAsAgent(created.id, 'Hello Grace');
    await stream.waitFor(isMessage((b) => b.body === 'Hello Grace'));
    await control.end(created.id);
    await stream.waitFor(isMemberChange(created.member.id, 'DISCONNECTED'));
    const self = await api.getWebchatGuestConversationMember(created.id, created.member.id);
    assert.equal(self.state, 'DISCONNECTED');
    await assert.rejects(
      api.postWebchatGuestConversationMemberMessages(created.id, created.member.id, { body: 'late' }),
      (err: any) => err.status === 400 && err.code === 'chat.error.conversation.state',
    );
    stream.close();
  });

  it('surfaces the server errors through the SDK rejection (status and ErrorBody)', async () => {
    const { api: anon, client: anonClient } = sdkFor(server);
    // Default mode: the rejection is the ErrorBody itself.
    await assert.rejects(
      anon.postWebchatGuestConversations({ ...createRequest(), memberInfo: { displayName: '' } }),
      (err: any) => err.status === 400 && err.code === 'chat.error.notnull.createconversationrequest.memberinfo.displayname',
    );
    await assert.rejects(
      anon.postWebchatGuestConversations(createRequest('No Such Queue')),
      (err: any) => err.code === 'chat.error.invalid.queue',
    );
    // Extended mode: { status, body, headers }.
    anonClient.setReturnExtendedResponses(true);
    const created = (await anon.postWebchatGuestConversations(createRequest('Manual'))).body;
    // The quirk described at guestSession(), observed: after its create calls this ApiClient sends
    // "Authorization: [REDACTED]", which is a bad credential.
    await assert.rejects(anon.getWebchatGuestConversationMessages(created.id), (err: any) => {
      assert.equal(err.status, 401);
      assert.equal(err.body.code, 'bad.credentials');
      return true;
    });
    // A fresh ApiClient without a JWT sends no Authorization header at all.
    const fresh = sdkFor(server);
    fresh.client.setReturnExtendedResponses(true);
    await assert.rejects(fresh.api.getWebchatGuestConversationMessages(created.id), (err: any) => {
      assert.equal(err.status, 401);
      assert.equal(err.body.code, 'authentication.required');
      return true;
    });
    const { client, api } = sdkFor(server);
    client.setReturnExtendedResponses(true);
    client.setJwt('not.a.jwt');
    await assert.rejects(api.getWebchatGuestConversationMember(created.id, created.member.id), (err: any) => err.status === 401 && err.body.code === 'bad.credentials');
    client.setJwt(created.jwt);
    await assert.rejects(api.getWebchatGuestConversationMessage(created.id, 'missing'), (err: any) => err.status === 404 && err.body.code === 'chat.error.not.found');
    await assert.rejects(api.getWebchatGuestConversationMediarequest(created.id, 'missing'), (err: any) => err.status === 404);
    await assert.rejects(
      api.postWebchatGuestConversationMemberMessages(created.id, created.member.id, { body: 'x'.repeat(4001) }),
      (err: any) => err.status === 400 && err.body.code === 'chat.error.bad.request',
    );
    await assert.rejects(api.postWebchatGuestConversationMemberMessages(created.id, created.member.id, {}), (err: any) => err.status === 400 && err.body.code === 'chat.error.notnull.createconversationmessagerequest.body');
    const other = (await sdkFor(server).api.postWebchatGuestConversations(createRequest('Manual')));
    await assert.rejects(api.getWebchatGuestConversationMembers(other.id), (err: any) => err.status === 403);
    // Injected 429s reach the SDK with their Retry-After header.
    await createControl(server.url, { token: server.controlToken }).fault({ path: `/api/v2/webchat/guest/conversations/${created.id}/members`, status: 429, retryAfter: 2 });
    await assert.rejects(api.getWebchatGuestConversationMembers(created.id), (err: any) => {
      assert.equal(err.status, 429);
      assert.equal(err.headers['retry-after'], '2');
      return true;
    });
    const ok = await api.getWebchatGuestConversationMembers(created.id);
    assert.equal(ok.status, 200);
    const del = await api.deleteWebchatGuestConversationMember(created.id, created.member.id);
    assert.equal(del.status, 204);
  });
});
