// An `ashyq collector` for the browser tests: on 127.0.0.1, on a port free a moment ago (tried
// again on another port when something took it first), ready once GET /health answers as the
// collector, and killed whatever happens — by stop(), and by the process's exit as a last resort.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

const HOST = '127.0.0.1';

// A port nothing listens on right now (the kernel's pick for port 0, released again).
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

async function health(url) {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return false;
    const body = await res.json();
    return body && body.service === 'ashyq collector';
  } catch {
    return false;
  }
}

function stopper(child) {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) { running.delete(child); return; }
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
    running.delete(child);
  };
}

// Starts `binary collector --listen 127.0.0.1:PORT --store sqlite:STORE`; its stderr goes to
// `log` (a file path) when given. Resolves to {url, port, child, stop}; rejects with the
// collector's last words when it never became healthy.
export async function startCollector({ binary, store, log, attempts = 5, readyTimeoutMs = 60000 }) {
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = await freePort();
    const url = `http://${HOST}:${port}`;
    const args = ['collector', '--listen', `${HOST}:${port}`, '--store', `sqlite:${store}`];
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    let stderr = '';
    const logStream = log ? fs.createWriteStream(log, { flags: 'a' }) : null;
    logStream?.write(`--- ${binary} ${args.join(' ')}\n`);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      logStream?.write(chunk);
    });
    child.once('exit', () => logStream?.end());
    let spawnError = null;
    child.once('error', (e) => { spawnError = e; });
    const stop = stopper(child);
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (spawnError) {
        running.delete(child);
        throw new Error(`could not start ${binary}: ${spawnError.message}`);
      }
      if (child.exitCode !== null || child.signalCode !== null) break;
      // Healthy, and still ours: something else on the port would answer while ours has exited.
      if (await health(url) && child.exitCode === null) return { url, port, child, stop };
      await sleep(100);
    }
    await stop();
    last = stderr.trim().split('\n').slice(-5).join('\n');
    if (!/in use|EADDRINUSE|bind/i.test(last)) {
      throw new Error(`the collector did not answer GET ${url}/health (exit ${child.exitCode ?? child.signalCode}):\n${last}`);
    }
    // The port was taken between our check and the collector's bind: another one.
  }
  throw new Error(`the collector found no free port in ${attempts} attempts:\n${last}`);
}
