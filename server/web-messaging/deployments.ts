// Messenger deployments: which deployment ids speak Web Messaging, the config.json Messenger fetches
// before it connects, and the deployment's allowed domains.
import type { DeploymentConfig, MessengerConfig, QueueConfig, ServerConfig } from '../config.ts';
import { errors } from '../errors.ts';
import { json, type Route } from '../http.ts';
import { findQueue } from '../messaging.ts';

export const CONFIG_PATH = '/webdeployments/v1/deployments/:deploymentId/config.json';

export interface MessengerDeployment {
  deployment: DeploymentConfig;
  messenger: MessengerConfig;
  queue: QueueConfig;
}

export function findMessengerDeployment(config: ServerConfig, id: string | null | undefined): MessengerDeployment | undefined {
  const deployment = config.deployments.find((d) => d.id === id);
  if (!deployment?.messenger) return undefined;
  const queue = findQueue(config, deployment.messenger.queue);
  return queue ? { deployment, messenger: deployment.messenger, queue } : undefined;
}

/**
 * Messenger rejects pages whose origin is missing from the deployment's allowed domains. Entries are host
 * names, optionally with a scheme, and `*.example.com` allows every subdomain. No list allows any origin.
 */
export function originAllowed(messenger: MessengerConfig, origin: string | undefined): boolean {
  const list = messenger.allowedDomains;
  if (!list || list.length === 0) return true;
  let host: string;
  try {
    host = new URL(origin ?? '').hostname.toLowerCase();
  } catch {
    return false;
  }
  return list.some((entry) => {
    const domain = entry.replace(/^[a-z]+:\/\//i, '').replace(/[:/].*$/, '').toLowerCase();
    if (domain.startsWith('*.')) return host.endsWith(domain.slice(1));
    return host === domain;
  });
}

/** The published deployment configuration, with the fields Messenger and the transport SDKs read. */
export function deploymentConfigBody(d: MessengerDeployment, apiBase: string, wsBase: string): Record<string, unknown> {
  const m = d.messenger;
  return {
    id: d.deployment.id,
    version: '1',
    languages: ['en-us'],
    defaultLanguage: 'en-us',
    apiEndpoint: apiBase,
    messenger: {
      enabled: true,
      apps: {
        conversations: {
          enabled: true,
          messagingEndpoint: wsBase,
          showAgentTypingIndicator: m.showAgentTypingIndicator,
          showUserTypingIndicator: m.showUserTypingIndicator,
          autoStart: { enabled: m.autoStart },
          conversationDisconnect: { enabled: m.conversationDisconnect.enabled, type: m.conversationDisconnect.type },
          conversationClear: { enabled: m.conversationClear },
          markdown: { enabled: m.markdown },
        },
      },
      styles: { primaryColor: '#1d4ed8' },
      launcherButton: { visibility: 'On' },
      // Without attachments Messenger hides its upload button; with them it checks type and size before asking.
      fileUpload: m.fileUpload?.enableAttachments
        ? { enableAttachments: true, modes: m.fileUpload.modes.map((mode) => ({ fileTypes: [...mode.fileTypes], maxFileSizeKB: mode.maxFileSizeKB })) }
        : { enableAttachments: false, modes: [] },
    },
    journeyEvents: { enabled: false },
    auth: { enabled: false, allowSessionUpgrade: false },
    status: m.status,
  };
}

export function deploymentConfigRoutes(config: ServerConfig): Route[] {
  return [
    {
      method: 'GET',
      path: CONFIG_PATH,
      handler: (ctx) => {
        const d = findMessengerDeployment(config, ctx.params.deploymentId);
        if (!d) throw errors.notFound(`Deployment ${ctx.params.deploymentId} was not found.`);
        const host = ctx.req.headers.host ?? 'localhost';
        return json(deploymentConfigBody(d, `http://${host}`, `ws://${host}`));
      },
    },
  ];
}
