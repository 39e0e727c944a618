// @ts-check
'use strict';
/**
 * `npm start [-- --verbose] [emulator flags]`: builds and packages the JAR, then runs the emulator
 * (emulator/main.ts), which installs it and prints what a newcomer needs first. The build's output is
 * shown only when the build fails, or with --verbose: otherwise it would push those lines off the screen.
 */
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');

const build = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: verbose ? 'inherit' : 'pipe', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (build.status !== 0) {
  if (!verbose) process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  process.stderr.write(`npm start: the build failed${build.error ? ` (${build.error.message})` : ''}; nothing was started.\n`);
  process.exit(build.status || 1);
}

const emulator = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'emulator/main.ts'), ...args.filter((a) => a !== '--verbose')], { cwd: process.cwd(), stdio: 'inherit' });
// Ctrl-C reaches the emulator too (same process group); it closes its store and exits, and so do we.
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => emulator.kill(signal));
emulator.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
