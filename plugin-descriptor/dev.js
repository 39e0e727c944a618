// @ts-check
'use strict';
/**
 * `npm run dev [-- <emulator flags>] [--sign]` or `npm run dev -- --url <Bitbucket> --user u --password p [--sign]`
 *
 * Edit, save, reload: webpack watches frontend/ (and this script the i18n properties); after every
 * successful build it assembles the descriptor, packages the JAR (optionally signs it with the
 * development key) and redeploys it through UPM's REST API, to the emulator it started (PORT, default
 * 7990) or to the Bitbucket given by --url. The emulator replaces the running plugin without a restart,
 * so reloading the page shows the change.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const webpack = require('webpack');
const { assemble } = require('./assemble');
const { packageJar, JAR_FILE } = require('./package-jar');
const { deployPlugin } = require('./deploy');
const { signJar, ensureDevelopmentKey } = require('./sign');

const ROOT = path.resolve(__dirname, '..');

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ url?: string, user: string, password: string, token?: string, sign: boolean, emulatorArgs: string[] }} */
  const options = { user: 'admin', password: 'admin', sign: false, emulatorArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => argv[++i] ?? '';
    if (arg === '--url') options.url = next();
    else if (arg === '--user') options.user = next();
    else if (arg === '--password') options.password = next();
    else if (arg === '--token') options.token = next();
    else if (arg === '--sign') options.sign = true;
    else options.emulatorArgs.push(arg);
  }
  if (options.url && options.emulatorArgs.length) throw new Error(`emulator flags (${options.emulatorArgs.join(' ')}) make no sense with --url`);
  return options;
}

/** @param {string} url */
async function waitUntilUp(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/rest/api/latest/application-properties`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the emulator did not answer at ${url} within ${timeoutMs / 1000} s`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const port = process.env.PORT ?? '7990';
  const url = options.url ?? `http://127.0.0.1:${port}/bitbucket`;
  /** @type {import('child_process').ChildProcess | null} */
  let emulator = null;
  let busy = Promise.resolve();

  const redeploy = (/** @type {string} */ why) => {
    busy = busy.then(async () => {
      const started = Date.now();
      try {
        assemble();
        await packageJar();
        if (options.sign) {
          const { keyFile, certFile } = ensureDevelopmentKey();
          signJar({ jarFile: JAR_FILE, keyFile, certFile });
          // Acting as the emulator's admin: trust the development certificate in its truststore.
          const truststore = options.emulatorArgs.find((arg) => arg.startsWith('--upm-truststore='))?.slice('--upm-truststore='.length);
          if (truststore) {
            fs.mkdirSync(path.resolve(truststore), { recursive: true });
            fs.copyFileSync(certFile, path.join(path.resolve(truststore), path.basename(certFile)));
          }
        }
        if (!emulator && !options.url) {
          // First build: start the emulator, which installs the JAR through UPM itself and prints its URLs.
          emulator = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'emulator/main.ts'), ...options.emulatorArgs], { stdio: 'inherit', env: { ...process.env, PORT: port } });
          emulator.on('exit', (code) => {
            process.stdout.write(`dev: the emulator exited (${code}); stopping\n`);
            process.exit(code ?? 1);
          });
          await waitUntilUp(url);
          return;
        }
        const result = await deployPlugin({ url, user: options.user, password: options.password, token: options.token, jar: JAR_FILE, signature: options.sign ? undefined : null });
        process.stdout.write(`dev: ${why} → redeployed ${result.key} ${result.version} to ${url} in ${Date.now() - started} ms — reload the page\n`);
      } catch (error) {
        process.stdout.write(`dev: ${why} → not deployed: ${/** @type {Error} */ (error).message}\n`);
      }
    });
  };

  // webpack.config.js builds `entry` as `{}` and fills it, which its inferred type cannot express.
  const webpackConfig = /** @type {(env: object, argv: { mode: string }) => import('webpack').Configuration} */ (/** @type {unknown} */ (require('../webpack.config.js')));
  const config = webpackConfig({}, { mode: 'production' });
  const compiler = webpack(config);
  compiler.watch({ aggregateTimeout: 300, ignored: /node_modules|target/ }, (error, stats) => {
    if (error || !stats || stats.hasErrors()) {
      process.stdout.write(`dev: build failed, nothing deployed\n${error ? error.message : stats?.toString({ all: false, errors: true, colors: true })}\n`);
      return;
    }
    const changed = [...(compiler.modifiedFiles ?? [])].map((file) => path.relative(ROOT, file));
    redeploy(changed.length ? `changed ${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''}` : 'built');
  });
  // The i18n bundle is copied by assemble(), outside webpack's graph.
  /** @type {NodeJS.Timeout | undefined} */
  let i18nTimer;
  fs.watch(path.join(ROOT, 'frontend/i18n'), () => {
    // One save fires several events.
    clearTimeout(i18nTimer);
    i18nTimer = setTimeout(() => redeploy('changed frontend/i18n'), 200);
  });

  const stop = () => {
    compiler.close(() => undefined);
    if (emulator) emulator.kill('SIGTERM');
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`dev: watching frontend/ — every save rebuilds, packages and redeploys to ${url}\n`);
}

main().catch((error) => {
  process.stderr.write(`dev: ${error.message}\n`);
  process.exit(1);
});
