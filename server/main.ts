// CLI: npm run server. PORT (default 8787), HOST (default 127.0.0.1), GC_CONFIG (config file path),
// GC_CONTROL_TOKEN (the control token; required when HOST is not a loopback address, random otherwise).
import { startServer } from './app.ts';
import { ConfigError } from './config.ts';

const port = process.env.PORT ? Number(process.env.PORT) : 8787;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be an integer 0-65535, got ${process.env.PORT}`);
  process.exit(1);
}

try {
  const server = await startServer({
    port,
    host: process.env.HOST || '127.0.0.1',
    configPath: process.env.GC_CONFIG || undefined,
    controlToken: process.env.GC_CONTROL_TOKEN || undefined,
  });
  const c = server.config;
  console.log(`Local Genesys Cloud listening on ${server.url}`);
  console.log(`  Customer page:  ${server.url}/`);
  console.log(`  Plain guest page: ${server.url}/guest/`);
  // The console's address carries the control token: this line is the only place it is shown.
  console.log(`  Agent console:  ${server.consoleUrl}`);
  console.log(`  Organization ${c.organizationId}, deployment ${c.deployments[0]?.id}, queues ${c.queues.map((q) => q.name).join(', ')}`);
  console.log('Press Ctrl-C to stop.');
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nStopping...');
    server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
