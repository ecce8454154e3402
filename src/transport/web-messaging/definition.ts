// Genesys Cloud Web Messaging (Messenger deployments) as the widget sees it before the protocol is loaded:
// its two attributes, their checks, where its conversation is kept, and the lazily loaded transport chunk.
// This file is in the page's first download: no protocol code here.
import type { ConfigProblem, TransportDefinition } from '../contract.js';
import { parseEnvironment, type Environment } from './environment.js';

export interface WebMessagingConfig {
  /** The Messenger deployment's id (Admin → Message → Messenger Deployments). */
  deploymentKey: string;
  environment: Environment;
}

export type { Environment };

export const WEB_MESSAGING = 'web-messaging';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const webMessaging: TransportDefinition<WebMessagingConfig> = {
  name: WEB_MESSAGING,
  attributes: ['deploymentKey', 'environment'],
  readConfig(values) {
    const errors: ConfigProblem[] = [];
    const key = values.deploymentKey?.trim() ?? '';
    if (!key) {
      errors.push({ attribute: 'deploymentKey', code: 'config.required', message: 'The deployment-key attribute is required: the id of the Messenger deployment.' });
    } else if (!UUID.test(key)) {
      errors.push({
        attribute: 'deploymentKey',
        message: `The deployment-key attribute must be a Messenger deployment id (a UUID such as 1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e), not "${values.deploymentKey}".`,
      });
    }
    const environment = parseEnvironment(values.environment ?? '');
    if (typeof environment === 'string') {
      errors.push({ attribute: 'environment', code: values.environment?.trim() ? 'config.invalid' : 'config.required', message: environment });
    }
    if (errors.length || typeof environment === 'string') return { errors };
    return { config: { deploymentKey: key.toLowerCase(), environment }, errors };
  },
  storageKey: (config) => `gc-webchat:${WEB_MESSAGING}:${config.deploymentKey}`,
  // Messenger keeps a guest's conversation for days across visits: so does the widget.
  keep: 'site',
  load: () => import('./transport.js').then((module) => module.createWebMessagingTransport),
};
