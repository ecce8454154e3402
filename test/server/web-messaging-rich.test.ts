// Rich messaging on the local Web Messaging: structured content from the scripted agent and the control
// API (quick replies, card, carousel, list and date pickers, markdown text, a type widgets do not know),
// the guest's button answers, and attachments both ways: presigned upload, the documented refusals
// (type, size, name, empty, expired URL), injected upload failures, download URLs and their refresh.
// Every frame is checked against the shared shapes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../server/app.ts';
import { createControl, ControlError, type Control, type RichKind } from '../../server/control-client.ts';
import { samplePng } from '../../server/sample-files.ts';
import {
  DEMO_DEPLOYMENT_ID,
  MANUAL_READONLY_DEPLOYMENT_ID,
  RESTRICTED_ALLOWED_ORIGIN,
  RESTRICTED_DEPLOYMENT_ID,
} from '../fixtures/demo-deployments.ts';
import { checkClientRequest, checkHistoryPage, checkServerFrame, clientRequestKind, RICH_CLIENT_KINDS, RICH_SERVER_KINDS, serverFrameKind } from '../fixtures/web-messaging-shapes.ts';
import { api } from './helpers.ts';
import { Guest, startWm, type WmFrame } from './web-messaging-helpers.ts';

const isStructured = (contentType: string) => (f: WmFrame) =>
  f.class === 'StructuredMessage' && f.body.direction === 'Outbound' && f.body.type === 'Structured' && f.body.content?.[0]?.contentType === contentType;

function assertShapes(guest: Guest): void {
  for (const f of guest.received) assert.deepEqual(checkServerFrame(f), [], `${f.class}: ${JSON.stringify(f)}`);
  for (const r of guest.sent) if (typeof r === 'object') assert.deepEqual(checkClientRequest(r), [], JSON.stringify(r));
}

async function guestWithAgent(server: RunningServer, control: Control, deploymentId = MANUAL_READONLY_DEPLOYMENT_ID) {
  const guest = await Guest.open(server, deploymentId);
  await guest.configure(deploymentId);
  await guest.join({ firstName: 'Ana' });
  const chat = await control.waitForMessagingChat(guest.token);
  await control.accept(chat.id, 'Alice');
  return { guest, chat };
}

async function put(url: string, body: Buffer | string, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'PUT', body, headers });
  return { status: res.status, text: await res.text() };
}

describe('web messaging: structured content', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await startWm();
    control = createControl(server.url, { token: server.controlToken });
  });
  after(() => server.close());

  it('the scripted agent sends each content type on request, and answers the button the guest chose', async () => {
    const guest = await Guest.open(server, DEMO_DEPLOYMENT_ID);
    await guest.configure(DEMO_DEPLOYMENT_ID);
    await guest.join({ firstName: 'Ana' });
    await guest.waitFor((f) => f.body?.text?.startsWith?.('Hi Ana'), 5000);
    const asks: Array<[string, string]> = [
      ['/quickreplies', 'QuickReply'],
      ['/card', 'Card'],
      ['/carousel', 'Carousel'],
      ['/listpicker', 'ListPicker'],
      ['/datepicker', 'DatePicker'],
      ['/unsupported', 'Form'],
      ['/file', 'Attachment'],
    ];
    for (const [command, type] of asks) {
      await guest.text(command);
      const frame = await guest.waitFor(isStructured(type), 5000, type);
      assert.deepEqual(checkServerFrame(frame), []);
      assert.equal(frame.body.originatingEntity, 'Human', 'the scripted agent plays a person');
    }
    const quick = guest.received.find(isStructured('QuickReply'))!;
    assert.deepEqual(
      quick.body.content.map((c: any) => c.quickReply.text),
      ['Track my order', 'Change delivery', 'Talk to a person'],
    );
    // Pictures in cards point at this server, on the host the guest used, and load.
    const card = guest.received.find(isStructured('Card'))!.body.content[0].card;
    assert.equal(new URL(card.image).host, new URL(server.url).host);
    const image = await fetch(card.image);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.deepEqual(card.actions.map((a: any) => a.type), ['Postback', 'Link']);
    const carousel = guest.received.find(isStructured('Carousel'))!.body.content[0].carousel;
    assert.equal(carousel.cards.length, 3);
    // The unsupported type has no text: widgets must show their own fallback.
    assert.equal(guest.received.find(isStructured('Form'))!.body.text, '');

    // Markdown text is plain Text with the markup in it (Messenger renders it when the deployment enables it).
    await guest.text('/markdown');
    const md = await guest.waitFor((f) => f.body?.direction === 'Outbound' && /\*\*you can do\*\*/.test(f.body.text ?? ''), 5000);
    assert.equal(md.body.type, 'Text');

    // A quick reply answer: empty text, the ButtonResponse in content; echoed, and the bot answers it.
    const echo = await guest.request({
      action: 'onMessage',
      token: guest.token,
      message: { type: 'Text', text: '', content: [{ contentType: 'ButtonResponse', buttonResponse: { type: 'QuickReply', text: 'Track my order', payload: 'track' } }] },
    });
    assert.equal(echo.body.type, 'Structured');
    assert.equal(echo.body.text, '');
    assert.equal(echo.body.content[0].buttonResponse.payload, 'track');
    await guest.waitFor((f) => f.body?.text === 'You chose "Track my order" (QuickReply, track).', 5000);

    // History carries the structured messages with their content.
    const jwt = (await guest.getJwt()).body.jwt;
    const history = await api(server, 'GET', '/api/v2/webmessaging/messages?pageSize=100', { jwt });
    assert.deepEqual(checkHistoryPage(history.body), []);
    assert.ok(history.body.entities.some((e: any) => e.content?.[0]?.contentType === 'Carousel'));
    assertShapes(guest);
    guest.close();
  });

  it('the control API sends each demo message and any content; bad content is refused', async () => {
    const { guest, chat } = await guestWithAgent(server, control);
    const kinds: RichKind[] = ['quickreplies', 'card', 'carousel', 'listpicker', 'datepicker', 'unsupported'];
    for (const kind of kinds) {
      const sent = await control.sendRichAsAgent(chat.id, kind);
      assert.ok(sent.content?.length, kind);
    }
    await guest.waitFor(isStructured('Form'));
    const custom = await control.sendContentAsAgent(chat.id, '', [{ contentType: 'Card', card: { title: 'Only a card', actions: [] } }]);
    assert.equal(custom.body, '');
    const frame = await guest.waitFor((f) => f.body?.content?.[0]?.card?.title === 'Only a card');
    assert.equal(frame.body.originatingEntity, 'Human');
    for (const bad of [{ body: '', content: 'x' }, { body: '', content: [{ card: {} }] }, { body: '' }, { kind: 'poster' }]) {
      const path = 'kind' in bad ? 'rich' : 'messages';
      const res = await api(server, 'POST', `/control/chats/${chat.id}/${path}`, { body: bad });
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
    assertShapes(guest);
    guest.close();
  });
});

describe('web messaging: attachments', () => {
  let server: RunningServer;
  let control: Control;
  before(async () => {
    server = await startWm();
    control = createControl(server.url, { token: server.controlToken });
  });
  after(() => server.close());

  const png = samplePng();

  it('a guest uploads a picture through the presigned URL, sends it, and the agent side gets a download link', async () => {
    const { guest, chat } = await guestWithAgent(server, control);
    const session = await guest.configure(MANUAL_READONLY_DEPLOYMENT_ID);
    assert.deepEqual(session.body.allowedMedia.inbound.maxFileSizeKB, 10240);
    assert.ok(session.body.allowedMedia.inbound.fileTypes.some((t: any) => t.type === 'image/png'));
    assert.ok(session.body.blockedExtensions.includes('.exe'));

    const presigned = await guest.request({ action: 'onAttachment', token: guest.token, attachmentId: 'a1b2c3', fileName: 'meter.png', fileType: 'image/png', fileSize: png.length, errorsAsJson: true });
    assert.equal(presigned.class, 'PresignedUrlResponse');
    assert.equal(presigned.body.attachmentId, 'a1b2c3', 'the id the guest chose');
    const { url, headers } = presigned.body;
    // Without the signed headers the storage refuses it, as a presigned URL does.
    assert.equal((await put(url, png, { 'Content-Type': 'image/png' })).status, 403);
    assert.equal((await put(url, png, { ...headers, 'Content-Type': 'image/png' })).status, 200);
    const success = await guest.waitFor((f) => f.class === 'UploadSuccessEvent');
    assert.equal(success.body.attachmentId, 'a1b2c3');
    const direct = await fetch(success.body.downloadUrl);
    assert.deepEqual(Buffer.from(await direct.arrayBuffer()), png);

    const echo = await guest.request({ action: 'onMessage', token: guest.token, message: { type: 'Text', text: '', content: [{ contentType: 'Attachment', attachment: { id: 'a1b2c3' } }] } });
    assert.equal(echo.body.text, '', 'the guest sent no text');
    const named = (await control.chat(chat.id)).messages.find((m) => m.content?.length);
    assert.equal(named?.body, 'meter.png', 'the agent side names a file alone by its file name');
    const attachment = echo.body.content[0].attachment;
    assert.equal(attachment.mediaType, 'Image');
    assert.equal(attachment.filename, 'meter.png');
    assert.equal(attachment.contentSizeBytes, png.length);
    const download = await fetch(attachment.url);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/png');
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(download.headers.get('access-control-allow-origin'), '*');
    const detail = await control.chat(chat.id);
    assert.ok(detail.messages.some((m: any) => m.content?.[0]?.attachment?.id === 'a1b2c3'));

    // getAttachment refreshes the URL (empty headers); a foreign or tampered URL answers 404.
    const refreshed = await guest.request({ action: 'getAttachment', token: guest.token, attachmentId: 'a1b2c3' });
    assert.equal(refreshed.class, 'PresignedUrlResponse');
    assert.deepEqual(refreshed.body.headers, {});
    assert.equal((await fetch(refreshed.body.url)).status, 200);
    assert.equal((await fetch(refreshed.body.url.replace(/signature=[^&]+/, 'signature=forged'))).status, 404);
    assertShapes(guest);
    guest.close();
  });

  it('refuses what the deployment does not allow before any upload, each with its documented code', async () => {
    const { guest } = await guestWithAgent(server, control);
    const ask = (fileName: string, fileType: string, fileSize: number) =>
      guest.request({ action: 'onAttachment', token: guest.token, fileName, fileType, fileSize, errorsAsJson: true });
    const cases: Array<[string, string, number, number, RegExp]> = [
      ['tool.zip', 'application/zip', 10, 4001, /not allowed/],
      ['setup.exe', 'application/pdf', 10, 4001, /\.exe/],
      ['huge.pdf', 'application/pdf', 10240 * 1024 + 1, 4002, /larger than/],
      ['noextension', 'image/png', 10, 4004, /extension/],
      [`${'n'.repeat(1100)}.png`, 'image/png', 10, 4005, /longer than/],
      ['empty.png', 'image/png', 0, 4102, /empty/],
    ];
    for (const [name, type, size, code, message] of cases) {
      const answer = await ask(name, type, size);
      assert.equal(answer.class, 'GenerateUrlError', name);
      assert.equal(answer.body.errorCode, code, name);
      assert.match(answer.body.errorMessage, message);
    }
    assertShapes(guest);
    guest.close();
  });

  it('upload failures: an expired URL, an injected failure, a body that differs from the declaration; a retry succeeds', async () => {
    const { guest } = await guestWithAgent(server, control);
    const presign = async (fileSize = png.length, fileType = 'image/png') =>
      (await guest.request({ action: 'onAttachment', token: guest.token, fileName: 'bill.png', fileType, fileSize })).body;
    const failure = (id: string) => guest.waitFor((f) => f.class === 'UploadFailureEvent' && f.body.attachmentId === id);

    await control.messagingFaults(guest.token, { expireUploadUrls: 1 });
    const expired = await presign();
    assert.equal((await put(expired.url, png, { ...expired.headers, 'Content-Type': 'image/png' })).status, 403);
    assert.equal((await failure(expired.attachmentId)).body.errorCode, 4008);

    await control.messagingFaults(guest.token, { failUploads: 1 });
    const failed = await presign();
    assert.equal((await put(failed.url, png, { ...failed.headers, 'Content-Type': 'image/png' })).status, 500);
    assert.equal((await failure(failed.attachmentId)).body.errorCode, 5000);
    // Sending a file whose upload failed is refused (4010); an unknown id is 4009.
    const send = (id: string) => guest.request({ action: 'onMessage', token: guest.token, message: { type: 'Text', text: '', content: [{ contentType: 'Attachment', attachment: { id } }] } });
    assert.equal((await send(failed.attachmentId)).code, 4010);
    assert.equal((await send('no-such-file')).code, 4009);

    const empty = await presign();
    assert.equal((await put(empty.url, '', { ...empty.headers, 'Content-Type': 'image/png' })).status, 400);
    assert.equal((await failure(empty.attachmentId)).body.errorCode, 4102);
    const larger = await presign(10);
    assert.equal((await put(larger.url, png, { ...larger.headers, 'Content-Type': 'image/png' })).status, 400);
    assert.equal((await failure(larger.attachmentId)).body.errorCode, 4002);
    const wrongType = await presign();
    assert.equal((await put(wrongType.url, png, { ...wrongType.headers, 'Content-Type': 'text/html' })).status, 400);
    assert.equal((await failure(wrongType.attachmentId)).body.errorCode, 4003);

    // The retry: a new URL, a clean upload, the message goes through.
    const retry = await presign();
    assert.equal((await put(retry.url, png, { ...retry.headers, 'Content-Type': 'image/png' })).status, 200);
    await guest.waitFor((f) => f.class === 'UploadSuccessEvent' && f.body.attachmentId === retry.attachmentId);
    assert.equal((await send(retry.attachmentId)).body.content[0].attachment.id, retry.attachmentId);

    // deleteAttachment drops an upload that was never sent; afterwards it is unknown.
    const unsent = await presign();
    await put(unsent.url, png, { ...unsent.headers, 'Content-Type': 'image/png' });
    const deleted = await guest.request({ action: 'deleteAttachment', token: guest.token, attachmentId: unsent.attachmentId });
    assert.equal(deleted.class, 'AttachmentDeletedResponse');
    assert.equal((await send(unsent.attachmentId)).code, 4009);
    assertShapes(guest);
    guest.close();
  });

  it('agents send files through the control API; a deployment without attachments answers 4000', async () => {
    const { guest, chat } = await guestWithAgent(server, control);
    const pdf = Buffer.from('%PDF-1.4\n% a tiny test file\n');
    const sent = await control.sendFileAsAgent(chat.id, { fileName: 'invoice.pdf', mime: 'application/pdf', data: pdf.toString('base64'), text: 'Your invoice' });
    assert.equal(sent.body, 'Your invoice');
    const frame = await guest.waitFor(isStructured('Attachment'));
    const attachment = frame.body.content[0].attachment;
    assert.equal(attachment.mediaType, 'File');
    assert.equal(attachment.mime, 'application/pdf');
    const res = await fetch(attachment.url);
    assert.equal(res.headers.get('content-disposition'), "attachment; filename*=UTF-8''invoice.pdf");
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), pdf);
    // Anything not a picture or a PDF is served as bytes to download, never as a page.
    const html = await control.sendFileAsAgent(chat.id, { fileName: 'page.html', mime: 'text/html', data: Buffer.from('<script>alert(1)</script>').toString('base64') });
    const htmlRes = await fetch(await guest.waitFor((f) => f.body?.content?.[0]?.attachment?.filename === 'page.html').then((f) => f.body.content[0].attachment.url));
    assert.equal(htmlRes.headers.get('content-type'), 'application/octet-stream');
    assert.ok(html.content);
    await assert.rejects(control.sendFileAsAgent(chat.id, { fileName: 'x.pdf', mime: 'application/pdf', data: '' }), (e: unknown) => e instanceof ControlError && e.status === 400);
    // A guest of another session cannot refresh this file's URL.
    const stranger = await Guest.open(server, MANUAL_READONLY_DEPLOYMENT_ID);
    await stranger.configure(MANUAL_READONLY_DEPLOYMENT_ID);
    assert.equal((await stranger.request({ action: 'getAttachment', token: stranger.token, attachmentId: attachment.id })).code, 4009);
    const own = await guest.request({ action: 'getAttachment', token: guest.token, attachmentId: attachment.id });
    assert.equal(own.class, 'PresignedUrlResponse');

    const restricted = await Guest.open(server, RESTRICTED_DEPLOYMENT_ID, undefined, { origin: RESTRICTED_ALLOWED_ORIGIN });
    await restricted.configure(RESTRICTED_DEPLOYMENT_ID);
    const off = await restricted.request({ action: 'onAttachment', token: restricted.token, fileName: 'a.png', fileType: 'image/png', fileSize: 3 });
    assert.equal(off.code, 4000);
    assertShapes(guest);
    for (const g of [guest, stranger, restricted]) g.close();
  });

  it('every rich shape and request occurs in these journeys', async () => {
    const { guest, chat } = await guestWithAgent(server, control);
    await control.sendRichAsAgent(chat.id, 'card');
    await guest.waitFor(isStructured('Card'));
    const ok = (await guest.request({ action: 'onAttachment', token: guest.token, fileName: 'a.png', fileType: 'image/png', fileSize: png.length })).body;
    await put(ok.url, png, { ...ok.headers, 'Content-Type': 'image/png' });
    await guest.waitFor((f) => f.class === 'UploadSuccessEvent');
    await guest.request({ action: 'getAttachment', token: guest.token, attachmentId: ok.attachmentId });
    await guest.request({ action: 'deleteAttachment', token: guest.token, attachmentId: ok.attachmentId });
    await guest.request({ action: 'onAttachment', token: guest.token, fileName: 'a.zip', fileType: 'application/zip', fileSize: 1 });
    const bad = (await guest.request({ action: 'onAttachment', token: guest.token, fileName: 'b.png', fileType: 'image/png', fileSize: png.length })).body;
    await put(bad.url, '', { ...bad.headers, 'Content-Type': 'image/png' });
    await guest.waitFor((f) => f.class === 'UploadFailureEvent');
    const kinds = new Set(guest.received.map(serverFrameKind));
    assert.deepEqual(RICH_SERVER_KINDS.filter((k) => !kinds.has(k)), []);
    const requests = new Set(guest.sent.map(clientRequestKind));
    assert.deepEqual(RICH_CLIENT_KINDS.filter((k) => !requests.has(k)), []);
    assertShapes(guest);
    guest.close();
  });
});
