// Agent console: a person answers chats through the control API; live updates come from the
// control stream (WebSocket /control/stream). Plain script, no build step.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const chats = new Map(); // id -> summary
  const transcripts = new Map(); // id -> messages (loaded when a chat is opened)
  let selectedId = null;
  let socket = null;
  let typingTimer = null;
  let lastTypingSent = 0;

  // The control token arrives in the address's fragment (never sent to a server, never in a Referer), is kept
  // for this tab only, and is taken out of the address bar and the history at once.
  const TOKEN_KEY = 'gc-control-token';
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem(TOKEN_KEY, fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) || '';

  /** Untrusted text (a visitor's name, a message) isolated so its direction marks cannot reorder what is around it. */
  function isolated(text) {
    const bdi = document.createElement('bdi');
    bdi.textContent = text;
    return bdi;
  }

  const availableBox = $('available');
  // Unticked unless asked (?available=1): opening the console to watch must not take the scripted agent away.
  availableBox.checked = params.get('available') === '1';
  const nameInput = $('agent-name');
  nameInput.value = localStorage.getItem('gc-agent-name') || nameInput.value;
  nameInput.addEventListener('change', () => localStorage.setItem('gc-agent-name', nameInput.value.trim()));

  function announce(text) {
    const el = $('announcer');
    el.textContent = '';
    setTimeout(() => (el.textContent = text), 50);
  }

  async function call(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: body ? { 'Content-Type': 'application/json', 'x-gc-control-token': token } : { 'x-gc-control-token': token },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Error((data && data.message) || `HTTP ${res.status}`);
    return data;
  }

  // ---- control stream ----
  function connect() {
    if (!token) {
      $('connection').textContent = 'No access token: open the agent console from the address the server printed when it started.';
      return;
    }
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const query = `available=${availableBox.checked ? 1 : 0}&token=${encodeURIComponent(token)}`;
    socket = new WebSocket(`${proto}://${location.host}/control/stream?${query}`);
    socket.addEventListener('open', () => {
      $('connection').textContent = 'Connected';
      $('connection').classList.add('online');
    });
    socket.addEventListener('close', () => {
      $('connection').textContent = 'Disconnected, retrying…';
      $('connection').classList.remove('online');
      setTimeout(connect, 1000);
    });
    socket.addEventListener('message', (event) => {
      const msg = JSON.parse(event.data);
      if (msg.type === 'snapshot') {
        chats.clear();
        for (const chat of msg.chats) chats.set(chat.id, chat);
        renderLists();
        if (selectedId) openChat(selectedId);
      } else if (msg.type === 'chat') {
        const before = chats.get(msg.chat.id);
        chats.set(msg.chat.id, msg.chat);
        if (msg.chat.state === 'queued' && msg.chat.routedAt && (!before || !before.routedAt)) {
          announce(`New chat waiting from ${msg.chat.customer.displayName}`);
          chime();
        }
        renderLists();
        if (msg.chat.id === selectedId) renderChat();
      } else if (msg.type === 'removed') {
        chats.delete(msg.chatId);
        transcripts.delete(msg.chatId);
        if (selectedId === msg.chatId) selectedId = null;
        renderLists();
        renderChat();
      } else if (msg.type === 'message') {
        const list = transcripts.get(msg.chatId);
        if (list && !list.some((m) => m.id === msg.message.id)) {
          list.push(msg.message);
          if (msg.chatId === selectedId) {
            appendMessage(msg.message);
            if (msg.message.senderRole === 'CUSTOMER') setTyping('');
          }
        }
      } else if (msg.type === 'typing' && msg.chatId === selectedId && msg.role === 'CUSTOMER') {
        const chat = chats.get(selectedId);
        setTyping(`${chat ? `\u2068${chat.customer.displayName}\u2069` : 'The customer'} is typing…`);
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => setTyping(''), 4000);
      }
    });
  }

  availableBox.addEventListener('change', () => {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'availability', available: availableBox.checked }));
    }
    announce(availableBox.checked ? 'You are answering chats.' : 'The scripted agent answers chats.');
  });

  // ---- alerting the agent ----
  // A new waiting chat: a short chime (once the page has been interacted with, as browsers require) and the
  // count in the tab title, so an agent working in another tab notices.
  const baseTitle = document.title;
  let audio = null;
  function chime() {
    try {
      audio = audio || new AudioContext();
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
      tone.connect(gain).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.4);
    } catch {
      // no sound available: the title and the announcement still tell
    }
  }
  function updateTitle(waiting) {
    document.title = waiting > 0 ? `(${waiting}) waiting · ${baseTitle}` : baseTitle;
  }

  /** A visitor whose page is gone (the tab closed, the network lost) keeps the chat open but answers nothing. */
  const idle = (chat) => chat.state !== 'ended' && chat.channel !== 'messaging' && chat.sockets === 0;
  const stateText = (chat) => (idle(chat) ? `${chat.state}, idle (the visitor's page is closed)` : chat.state);

  // ---- lists ----
  function renderLists() {
    const groups = { waiting: [], active: [], ended: [] };
    for (const chat of chats.values()) {
      if (chat.state === 'ended') groups.ended.push(chat);
      else if (chat.state === 'queued') groups.waiting.push(chat);
      else groups.active.push(chat);
    }
    for (const [name, list] of Object.entries(groups)) {
      list.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
      const ul = $(name);
      ul.replaceChildren(...list.map(listItem));
      $(`${name}-count`).textContent = String(list.length);
    }
    updateTitle(groups.waiting.length);
  }

  // One console for both guest channels: the list and the header say which one a conversation uses.
  function channelName(chat) {
    return chat.channel === 'messaging' ? 'Messenger' : 'Web chat';
  }

  function listItem(chat) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('aria-current', String(chat.id === selectedId));
    const who = document.createElement('span');
    who.className = 'who';
    who.append(isolated(chat.customer.displayName));
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.append(`${channelName(chat)} · ${chat.queue.name} · ${stateText(chat)}`);
    if (chat.agent) meta.append(' · ', isolated(chat.agent.displayName), chat.agent.scripted ? ' (script)' : '');
    if (chat.customer.customFields.subject) meta.append(' · ', isolated(chat.customer.customFields.subject));
    if (idle(chat)) li.classList.add('idle');
    button.append(who, meta);
    button.addEventListener('click', () => openChat(chat.id));
    li.append(button);
    return li;
  }

  // ---- the open chat ----
  async function openChat(id) {
    selectedId = id;
    setTyping('');
    renderLists();
    try {
      const detail = await call('GET', `/control/chats/${id}`);
      transcripts.set(id, detail.messages);
      chats.set(id, { ...chats.get(id), ...detail });
    } catch (err) {
      announce(`Could not load the chat: ${err.message}`);
    }
    renderChat(true);
  }

  function renderChat(full) {
    const chat = chats.get(selectedId);
    $('chat').hidden = !chat;
    $('empty').hidden = !!chat;
    if (!chat) return;
    $('chat-title').replaceChildren('Chat with ', isolated(chat.customer.displayName));
    $('chat-state').replaceChildren(`${channelName(chat)} · ${stateText(chat)} · queue ${chat.queue.name} · agent: `);
    if (chat.agent) $('chat-state').append(isolated(chat.agent.displayName), chat.agent.scripted ? ' (scripted agent)' : '');
    else $('chat-state').append('nobody yet');
    const mine = chat.agent && !chat.agent.scripted && chat.agent.state === 'CONNECTED';
    $('accept').disabled = chat.state !== 'queued';
    $('end').disabled = chat.state === 'ended';
    $('message').disabled = !mine;
    $('composer').querySelector('button').disabled = !mine;
    for (const control of $('rich').querySelectorAll('button, input')) control.disabled = !mine;

    $('details').replaceChildren(...detailRows(chat).flatMap(([label, value]) => {
      const dt = document.createElement('dt');
      dt.append(isolated(label));
      const dd = document.createElement('dd');
      dd.dir = 'auto';
      dd.append(...linked(value));
      return [dt, dd];
    }));
    if (full) {
      $('transcript').replaceChildren();
      for (const m of transcripts.get(selectedId) || []) appendMessage(m);
    }
  }

  // Known attribute keys by the label an agent reads; the rest keep their key. Keys compare without case, so
  // the form's firstname and the widget's firstName are one row.
  const LABELS = {
    firstname: 'First name', lastname: 'Last name', nickname: 'Nickname', email: 'Email', subject: 'Subject',
    phonenumber: 'Phone number', phonetype: 'Phone type', customerid: 'Customer ID', accountnumber: 'Account number',
    addressstreet: 'Street', addresscity: 'City', addressstate: 'State', addresspostalcode: 'Postal code',
    _genesys_source: 'Source', _genesys_referrer: 'Came from', _genesys_url: 'Page', _genesys_pagetitle: 'Page title',
    _genesys_browser: 'Browser', _genesys_os: 'Operating system',
  };

  /** [label, value] rows: the name first, each key once, customFieldN shown under its customFieldNLabel. */
  function detailRows(chat) {
    const fields = { ...chat.customer.customFields };
    for (const [key, value] of Object.entries({ firstName: chat.customer.firstName, lastName: chat.customer.lastName, email: chat.customer.email })) {
      if (value && !Object.keys(fields).some((k) => k.toLowerCase() === key.toLowerCase())) fields[key] = value;
    }
    const rows = [['Name', chat.customer.displayName]];
    const seen = new Set(['displayname']);
    for (const [key, value] of Object.entries(fields)) {
      const lower = key.toLowerCase();
      if (value === undefined || value === '' || seen.has(lower) || /^customfield\dlabel$/.test(lower)) continue;
      seen.add(lower);
      const custom = /^customfield(\d)$/.exec(lower);
      const label = custom ? fields[`customField${custom[1]}Label`] || key : LABELS[lower] || key;
      rows.push([label, String(value)]);
    }
    return rows;
  }

  /** Text with its http(s) links as anchors that open apart from the console; everything else stays text. */
  function linked(text) {
    const parts = [];
    let last = 0;
    for (const match of text.matchAll(/https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g)) {
      let url;
      try {
        url = new URL(match[0]);
      } catch {
        continue;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      parts.push(text.slice(last, match.index));
      const a = document.createElement('a');
      a.href = url.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.dir = 'ltr';
      a.textContent = match[0];
      parts.push(a);
      last = match.index + match[0].length;
    }
    parts.push(text.slice(last));
    return parts;
  }

  function appendMessage(m) {
    const li = document.createElement('li');
    const name = m.senderName || (m.senderRole === 'CUSTOMER' ? 'Customer' : 'Agent');
    if (m.bodyType === 'member-join' || m.bodyType === 'member-leave') {
      li.className = 'system';
      li.append(isolated(name), m.bodyType === 'member-join' ? ' joined' : ' left');
    } else {
      li.className = m.senderRole === 'AGENT' ? 'agent' : 'customer';
      const from = document.createElement('span');
      from.className = 'from';
      from.append(isolated(name), ` · ${new Date(m.timestamp).toLocaleTimeString()}${m.bodyType === 'notice' ? ' · notice' : ''}`);
      const text = document.createElement('span');
      text.dir = 'auto';
      text.append(...linked(m.body));
      li.append(from, text);
      // Structured content is summarised by type; files link to nothing here (the guest gets signed URLs).
      const kinds = (m.content || []).map((c) => (c.attachment ? `file ${c.attachment.filename}` : c.contentType));
      if (kinds.length) {
        const note = document.createElement('span');
        note.className = 'from';
        note.textContent = `[${[...new Set(kinds)].join(', ')}]`;
        li.append(note);
      }
    }
    const list = $('transcript');
    list.append(li);
    list.scrollTop = list.scrollHeight;
  }

  function setTyping(text) {
    $('typing').textContent = text;
  }

  $('accept').addEventListener('click', async () => {
    try {
      await call('POST', `/control/chats/${selectedId}/accept`, { agentName: nameInput.value.trim() || 'Agent' });
      $('message').focus();
    } catch (err) {
      announce(`Could not accept: ${err.message}`);
    }
  });

  $('end').addEventListener('click', async () => {
    const chat = chats.get(selectedId);
    if (!confirm(`End the chat with ${chat ? chat.customer.displayName : 'this customer'}? They will see that you ended it.`)) return;
    try {
      await call('POST', `/control/chats/${selectedId}/end`);
      announce('Chat ended.');
    } catch (err) {
      announce(`Could not end the chat: ${err.message}`);
    }
  });

  $('message').addEventListener('input', () => {
    // Like the widget: one typing indicator per 2 s of typing at most.
    if (Date.now() - lastTypingSent < 2000 || !selectedId) return;
    lastTypingSent = Date.now();
    call('POST', `/control/chats/${selectedId}/typing`).catch(() => undefined);
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
    if (!text) return;
    try {
      await call('POST', `/control/chats/${selectedId}/messages`, { body: text });
      $('message').value = '';
      lastTypingSent = 0;
    } catch (err) {
      announce(`Message not sent: ${err.message}`);
    }
  });

  for (const button of $('rich').querySelectorAll('button[data-rich]')) {
    button.addEventListener('click', async () => {
      try {
        await call('POST', `/control/chats/${selectedId}/rich`, { kind: button.dataset.rich });
        announce(`${button.textContent} sent.`);
      } catch (err) {
        announce(`Not sent: ${err.message}`);
      }
    });
  }

  $('agent-file').addEventListener('change', async (event) => {
    const input = event.target;
    const file = input.files && input.files[0];
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      await call('POST', `/control/chats/${selectedId}/files`, { fileName: file.name, mime: file.type || 'application/octet-stream', data: btoa(binary) });
      announce(`${file.name} sent.`);
    } catch (err) {
      announce(`File not sent: ${err.message}`);
    } finally {
      input.value = '';
    }
  });

  connect();
})();
