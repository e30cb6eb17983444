// `npm run dev`: the server with reload (tsx watch) and Vite's dev server with hot reload.
// Open http://127.0.0.1:5173; Vite forwards /api and /collab to the server on :8787.
import { spawn } from 'node:child_process';

const children = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/src/main.ts'], {
    stdio: 'inherit',
    // Pages come from Vite on :5173, which forwards /api and /collab here.
    env: { ...process.env, CLIENT_DIR: '', PUBLIC_ORIGIN: 'http://127.0.0.1:5173', ALLOWED_ORIGINS: 'http://localhost:5173' },
  }),
  spawn('npx', ['vite'], { stdio: 'inherit', env: process.env }),
];

const stop = (signal) => {
  for (const child of children) child.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
for (const child of children) {
  child.on('exit', (code) => {
    stop('SIGTERM');
    process.exitCode = code ?? 0;
  });
}
