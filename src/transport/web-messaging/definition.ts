// Genesys Cloud Web Messaging (Messenger deployments) as the widget sees it before the protocol is loaded:
// its two attributes, their checks, where its conversation is kept, and the lazily loaded transport chunk.
// This file is in the page's first download: no protocol code here.
import type { ConfigProblem, TransportDefinition } from '../contract.js';
import { parseEnvironment, type Environment } from './environment.js';
import { webMessagingStorage } from './storage-key.js';

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
      errors.push({ attribute: 'deployment-key', code: 'config.missing', message: 'The deployment-key attribute is required: the id of the Messenger deployment.' });
    } else if (!UUID.test(key)) {
      errors.push({
        attribute: 'deployment-key',
        message: `The deployment-key attribute must be a Messenger deployment id (a UUID such as 1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e), not "${values.deploymentKey}".`,
      });
    }
    const environment = typeof values.environment === 'object' && values.environment ? (values.environment as Environment) : parseEnvironment(String(values.environment ?? ''));
    if (typeof environment === 'string') {
      errors.push({ attribute: 'environment', code: values.environment?.trim() ? 'config.invalid' : 'config.missing', message: environment });
    }
    if (errors.length || typeof environment === 'string') return { errors };
    return { config: { deploymentKey: key.toLowerCase(), environment }, errors };
  },
  storageKey: webMessagingStorage.key,
  keep: webMessagingStorage.keep,
  // A session built in code may give the environment as the page would (text); it is checked like the attribute.
  load: () =>
    import('./transport.js').then((module) => (config, options) => {
      const { config: checked, errors } = webMessaging.readConfig(config as unknown as Record<string, string>);
      if (!checked) throw new Error(errors.map((error) => error.message).join(' '));
      return module.createWebMessagingTransport(checked, options);
    }),
};
