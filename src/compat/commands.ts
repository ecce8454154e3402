// The commands of Genesys Widgets v2's WebChat and WebChatService plugins, served by a `<gc-webchat>`
// through its public methods. Each resolves or rejects as Genesys documents it: a rejection carries the
// documented reason text (what v2 pages compare against), or, where Genesys returned the AJAX response,
// an object with the HTTP `status` and the service's message.
import type { GcWebchat, ShowOptions } from '../elements/gc-webchat.js';
import type { CommandCall } from './bus.js';

type Handler = (call: CommandCall) => void;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** jQuery objects (`$('input')`) carry their elements by index: WebChat's examples pass them. */
const unwrap = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && 'jquery' in value ? (value as unknown as ArrayLike<unknown>)[0] : value;

/** A command's failure as a v2 page reads it. */
export function failureOf(error: unknown): unknown {
  const cause = isObject(error) ? (error as { cause?: unknown }).cause : undefined;
  const status = isObject(cause) && typeof cause.status === 'number' ? cause.status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (status !== undefined) {
    return { status, statusText: message, responseText: message, code: (error as { code?: string }).code };
  }
  return message;
}

/** A handler that settles the command's deferred with what `run` returns or throws. */
const serve =
  (run: (data: unknown) => unknown): Handler =>
  ({ data, deferred }) => {
    Promise.resolve()
      .then(() => run(data))
      .then(
        (value) => deferred.resolve(value),
        (error: unknown) => deferred.reject(failureOf(error)),
      );
  };

export const Reasons = {
  alreadyOpened: 'Already opened',
  alreadyClosed: 'Already closed',
  noDownloads: "This transport doesn't support file downloads.",
} as const;

/** WebChat: the window. */
export function webChatCommands(widget: GcWebchat): Record<string, Handler> {
  return {
    configure: serve(() => undefined),
    open: serve(async (data) => {
      if (widget.open && !widget.minimized) throw new Error(Reasons.alreadyOpened);
      const options = isObject(data) ? data : {};
      const show: ShowOptions = {};
      if (isObject(options.form)) show.form = options.form;
      if (options.formJSON !== undefined) show.formJSON = options.formJSON;
      if (isObject(options.userData)) show.userData = options.userData;
      if (options.proactive === true) show.proactive = true;
      await widget.show(show);
    }),
    close: serve(async () => {
      if (!widget.open) throw new Error(Reasons.alreadyClosed);
      await widget.close();
    }),
    minimize: serve((data) => {
      const minimized = isObject(data) && typeof data.minimized === 'boolean' ? data.minimized : undefined;
      widget.minimize(minimized);
    }),
    endChat: serve(() => widget.endChat()),
    showChatButton: serve(() => {
      widget.noLauncher = false;
    }),
    hideChatButton: serve(() => {
      widget.noLauncher = true;
    }),
  };
}

/** WebChatService: the chat session. */
export function webChatServiceCommands(widget: GcWebchat): Record<string, Handler> {
  const object = (data: unknown) => (isObject(data) ? data : {});
  return {
    configure: serve(() => undefined),
    startChat: serve((data) => widget.startChat(object(data))),
    endChat: serve(() => widget.endChat()),
    sendMessage: serve((data) => widget.sendMessage(object(data))),
    sendCustomNotice: serve((data) => widget.sendCustomNotice(object(data))),
    sendTyping: serve(() => widget.sendTyping()),
    sendFilteredMessage: serve((data) => widget.sendFilteredMessage(object(data) as { message?: string; regex?: RegExp })),
    addPrefilter: serve((data) => widget.addPrefilter(object(data) as { filters?: RegExp | RegExp[] })),
    updateUserData: serve((data) => widget.updateUserData(data as Record<string, unknown>)),
    poll: serve(() => widget.poll()),
    startPoll: serve(() => widget.startPoll()),
    stopPoll: serve(() => widget.stopPoll()),
    resetPollExceptions: serve(() => widget.resetPollExceptions()),
    restore: serve(() => widget.restore()),
    getTranscript: serve(() => widget.getTranscript()),
    getAgents: serve(() => widget.getAgents()),
    getStats: serve(() => widget.getStats()),
    getSessionData: serve(() => widget.getSessionData()),
    fetchHistory: serve(() => widget.fetchHistory()),
    // {files}: a file input (or a jQuery object holding one), its FileList or Files; Web Messaging uploads them.
    sendFile: serve((data) => widget.sendFile({ files: unwrap(object(data).files) })),
    downloadFile: serve((data) => widget.downloadFile(object(data) as { fileId?: string; fileName?: string })),
    registerTypingPreviewInput: serve((data) => widget.registerTypingPreviewInput({ input: unwrap(object(data).input) })),
    registerPreProcessor: serve((data) => widget.registerPreProcessor(object(data) as { preprocessor?: unknown } as never)),
    verifySession: serve(() => widget.verifySession()),
  };
}
