// Plain customer page: creates a chat with the Guest Chat API v2, opens the event stream, shows
// messages, sends and types. No framework, no build.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const API = '/api/v2/webchat/guest';
  const DEFAULTS = {
    organizationId: '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c',
    deploymentId: '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e',
  };
  const members = new Map(); // id -> member info (to know names and roles)
  const seen = new Set(); // message ids already shown
  let chat = null; // { id, jwt, memberId, eventStreamUri }
  let socket = null;
  let ended = false;
  let lastMessageId = null;
  let lastTypingSent = 0;
  let typingTimer = null;

  function status(text) {
    $('status').textContent = text;
  }

  async function call(method, path, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (chat) headers.Authorization = `Bearer ${chat.jwt}`;
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const err = new Error((data && data.message) || `HTTP ${res.status}`);
      err.status = res.status;
      err.code = data && data.code;
      throw err;
    }
    return data;
  }

  async function member(id) {
    if (!members.has(id)) {
      members.set(id, call('GET', `${API}/conversations/${chat.id}/members/${id}`).catch(() => ({ id, displayName: 'Agent', role: 'AGENT' })));
    }
    return members.get(id);
  }

  $('start').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const firstName = String(form.get('firstName') || '').trim();
    const lastName = String(form.get('lastName') || '').trim();
    if (!firstName) {
      $('form-error').textContent = 'Please enter your first name.';
      $('firstName').setAttribute('aria-invalid', 'true');
      $('firstName').focus();
      return;
    }
    $('form-error').textContent = '';
    const customFields = { firstName, lastName, email: String(form.get('email') || ''), subject: String(form.get('subject') || '') };
    try {
      const ids = await fetch('/control/config').then((r) => (r.ok ? r.json() : DEFAULTS)).catch(() => DEFAULTS);
      const created = await call('POST', `${API}/conversations`, {
        organizationId: ids.organizationId,
        deploymentId: (ids.deployments && ids.deployments[0].id) || ids.deploymentId,
        routingTarget: { targetType: 'QUEUE', targetAddress: String(form.get('queue')) },
        memberInfo: { displayName: `${firstName} ${lastName}`.trim(), customFields },
      });
      chat = { id: created.id, jwt: created.jwt, memberId: created.member.id, eventStreamUri: created.eventStreamUri };
      $('start').hidden = true;
      $('chat').hidden = false;
      status('Waiting for an agent…');
      openStream();
      $('message').focus();
    } catch (err) {
      $('form-error').textContent = `Could not start the chat: ${err.message}`;
    }
  });

  function openStream() {
    socket = new WebSocket(chat.eventStreamUri);
    socket.addEventListener('open', () => {
      if (lastMessageId) catchUp();
    });
    socket.addEventListener('message', (event) => onFrame(JSON.parse(event.data)));
    socket.addEventListener('close', () => {
      if (ended) return;
      status('Connection lost, reconnecting…');
      setTimeout(openStream, 1000);
    });
  }

  // After a reconnect, fetch what was missed while the socket was down.
  async function catchUp() {
    let path = `${API}/conversations/${chat.id}/messages?after=${lastMessageId}`;
    try {
      while (path) {
        const page = await call('GET', path);
        for (const m of page.entities) await showMessage(m);
        path = page.next || null;
      }
      const self = await call('GET', `${API}/conversations/${chat.id}/members/${chat.memberId}`);
      if (self.state === 'DISCONNECTED') finish();
      else status('Connection restored.');
    } catch (err) {
      status(`Could not catch up: ${err.message}`);
    }
  }

  async function onFrame(frame) {
    const type = frame.metadata && frame.metadata.type;
    if (type === 'message') {
      await showMessage(frame.eventBody);
    } else if (type === 'typing-indicator' && frame.eventBody.sender.id !== chat.memberId) {
      const who = await member(frame.eventBody.sender.id);
      $('typing').textContent = `${who.displayName} is typing…`;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => ($('typing').textContent = ''), 4000);
    } else if (type === 'member-change') {
      const { id, state } = frame.eventBody.member;
      members.delete(id); // state changed: refresh on next use
      if (id === chat.memberId && state === 'DISCONNECTED') finish();
      else if (id !== chat.memberId && state === 'ALERTING') status('An agent is being connected…');
      else if (id !== chat.memberId && state === 'CONNECTED') status('Connected to an agent.');
    }
  }

  async function showMessage(m) {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    lastMessageId = m.id;
    const mine = m.sender.id === chat.memberId;
    const who = mine ? { displayName: 'You' } : await member(m.sender.id);
    const li = document.createElement('li');
    if (m.bodyType === 'member-join' || m.bodyType === 'member-leave') {
      li.className = 'system';
      li.textContent = `${who.displayName} ${m.bodyType === 'member-join' ? 'joined' : 'left'} the chat`;
    } else {
      li.className = mine ? 'mine' : 'theirs';
      const from = document.createElement('span');
      from.className = 'from';
      from.textContent = `${who.displayName} · ${new Date(m.timestamp).toLocaleTimeString()}`;
      const text = document.createElement('span');
      text.textContent = m.body;
      li.append(from, text);
      if (!mine) $('typing').textContent = '';
    }
    $('transcript').append(li);
    $('transcript').scrollTop = $('transcript').scrollHeight;
  }

  function finish() {
    if (ended) return;
    ended = true;
    status('The chat has ended.');
    $('message').disabled = true;
    $('composer').querySelector('button').disabled = true;
    $('end').disabled = true;
    if (socket) socket.close();
  }

  $('message').addEventListener('input', () => {
    if (Date.now() - lastTypingSent < 2000 || ended) return;
    lastTypingSent = Date.now();
    call('POST', `${API}/conversations/${chat.id}/members/${chat.memberId}/typing`).catch(() => undefined);
  });

  $('message').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      $('composer').requestSubmit();
    }
  });

  $('composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('message').value.trim();
    if (!text || ended) return;
    try {
      // The message is shown when its echo arrives on the stream, as the Genesys widget does.
      await call('POST', `${API}/conversations/${chat.id}/members/${chat.memberId}/messages`, { body: text });
      $('message').value = '';
      lastTypingSent = 0;
    } catch (err) {
      status(`Message not sent: ${err.message}`);
    }
  });

  $('end').addEventListener('click', async () => {
    try {
      await call('DELETE', `${API}/conversations/${chat.id}/members/${chat.memberId}`);
    } catch (err) {
      if (err.code !== 'chat.error.conversation.state' && err.code !== 'chat.error.member.state') {
        status(`Could not end the chat: ${err.message}`);
        return;
      }
    }
    finish();
  });
})();
