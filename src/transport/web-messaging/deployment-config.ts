// The deployment's published configuration (what an admin set in Messenger Configuration), read before the
// socket opens as Messenger does: whether the deployment is on, typing indicators each way, autoStart, and
// what happens to the conversation when the agent disconnects.
import { toTransportError, TransportError } from '../contract.js';
import { requestJson } from '../http.js';

export interface DeploymentSettings {
  /** Show the agent's typing to the visitor. */
  showAgentTyping: boolean;
  /** Tell the agent when the visitor types. */
  showVisitorTyping: boolean;
  /** Start the conversation (a Presence Join) before the visitor writes. */
  autoStart: boolean;
  /** After the agent disconnects the transcript stays and nothing more can be sent (disconnect type ReadOnly). */
  readOnlyAfterEnd: boolean;
  /** Agents' markdown is rendered (Messenger's markdown setting). */
  markdown: boolean;
  /** The visitor may upload files; the limits come with the session. */
  attachments: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = isObject(current) ? current[key] : undefined;
  return current;
}

/** Reads the settings the transport honours; anything absent takes Messenger's own default. */
export function readDeploymentSettings(config: unknown): DeploymentSettings {
  if (!isObject(config)) {
    throw new TransportError('The Messenger deployment configuration is not a JSON object.', 0, 'deployment.config');
  }
  if (config.status === 'Inactive') {
    throw new TransportError(
      'This Messenger deployment is inactive: activate it in Genesys Cloud (Admin → Message → Messenger Deployments).',
      0,
      'deployment.inactive',
    );
  }
  const conversations = at(config, 'messenger', 'apps', 'conversations');
  const disconnect = at(conversations, 'conversationDisconnect');
  return {
    showAgentTyping: at(conversations, 'showAgentTypingIndicator') !== false,
    showVisitorTyping: at(conversations, 'showUserTypingIndicator') !== false,
    autoStart: at(conversations, 'autoStart', 'enabled') === true,
    readOnlyAfterEnd: at(disconnect, 'enabled') === true && at(disconnect, 'type') === 'ReadOnly',
    markdown: at(conversations, 'markdown', 'enabled') === true,
    attachments: at(config, 'messenger', 'fileUpload', 'enableAttachments') === true,
  };
}

export async function fetchDeploymentSettings(url: string, timeoutMs: number): Promise<DeploymentSettings> {
  let config: unknown;
  try {
    config = await requestJson<unknown>(url, { method: 'GET', timeoutMs });
  } catch (cause) {
    const error = toTransportError(cause);
    if (error.status === 404) {
      throw new TransportError(
        'No Messenger deployment has this deployment-key in this environment: check both attributes against the deployment in Genesys Cloud.',
        404,
        'deployment.not.found',
      );
    }
    throw error;
  }
  return readDeploymentSettings(config);
}
