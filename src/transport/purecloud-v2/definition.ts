// Guest Chat API v2 (`purecloud-v2-sockets`) as the widget sees it before the transport is loaded: the
// attributes it reads and checks, and where its chats are stored. Retired by Genesys in 2025; kept for sites
// that still run an emulator of it.
import type { ConfigProblem, TransportDefinition } from '../contract.js';
import { ConfigError, parseInteger, parseList, parseUrl } from '../../util/config-parse.js';
import { kebabCase } from '../../util/kebab-case.js';
import { purecloudV2Storage } from './storage-key.js';
import type { PureCloudV2Config } from './wire.js';

const REQUIRED = ['dataUrl', 'deploymentKey', 'orgGuid', 'targetAddress'] as const;

export const purecloudV2: TransportDefinition<PureCloudV2Config> = {
  name: 'purecloud-v2-sockets',
  attributes: [...REQUIRED, 'targetType', 'priority', 'skills', 'language'],
  readConfig(values) {
    const errors: ConfigProblem[] = [];
    const text = (key: string) => values[key]?.trim() || undefined;
    for (const key of REQUIRED) {
      if (!text(key)) errors.push({ attribute: kebabCase(key), message: `The ${kebabCase(key)} attribute is required.`, code: 'config.missing' });
    }
    const targetType = text('targetType')?.toUpperCase() || 'QUEUE';
    if (targetType !== 'QUEUE') {
      errors.push({ attribute: 'target-type', message: `The target-type attribute must be "QUEUE", not "${text('targetType')}".` });
    }
    const parse = <T>(key: string, parser: (attribute: string, value: string) => T): T | undefined => {
      const value = text(key);
      if (value === undefined) return undefined;
      try {
        return parser(kebabCase(key), value);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        errors.push({ attribute: error.attribute, message: error.message, code: error.code });
        return undefined;
      }
    };
    const dataUrl = parse('dataUrl', parseUrl);
    const priority = parse('priority', (attribute, value) => parseInteger(attribute, value, 0, 10));
    const skills = parse('skills', parseList);
    if (errors.length > 0) return { errors };
    return {
      errors,
      config: {
        dataUrl: dataUrl!,
        deploymentKey: text('deploymentKey')!,
        orgGuid: text('orgGuid')!,
        targetType,
        targetAddress: text('targetAddress')!,
        ...(priority !== undefined && { priority }),
        ...(skills !== undefined && { skills }),
        language: text('language'),
      },
    };
  },
  storageKey: purecloudV2Storage.key,
  keep: purecloudV2Storage.keep,
  load: () => import('./transport.js').then((module) => (config, options) => new module.PureCloudV2SocketsTransport(config, options)),
};
