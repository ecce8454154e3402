// The three addresses of a deployment, all derived from the configured environment (never from a frame or
// an answer): the Guest API socket, the REST API (history) and the deployment's published configuration.
import type { Environment } from './environment.js';

export interface Endpoints {
  socket: string;
  /** The history resource: newest first, pages numbered from 1. */
  messages: string;
  deploymentConfig: string;
}

export function endpoints(environment: Environment, deploymentId: string): Endpoints {
  const id = encodeURIComponent(deploymentId);
  const configPath = `/webdeployments/v1/deployments/${id}/config.json`;
  if (environment.kind === 'region') {
    const { domain } = environment;
    return {
      socket: `wss://webmessaging.${domain}/v1?deploymentId=${id}`,
      messages: `https://api.${domain}/api/v2/webmessaging/messages`,
      deploymentConfig: `https://api-cdn.${domain}${configPath}`,
    };
  }
  const origin = new URL(environment.origin);
  const socketScheme = origin.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    socket: `${socketScheme}//${origin.host}/v1?deploymentId=${id}`,
    messages: `${origin.origin}/api/v2/webmessaging/messages`,
    deploymentConfig: `${origin.origin}${configPath}`,
  };
}
