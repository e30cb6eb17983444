/**
 * The driver's side of the IPC channel: asks the orchestrator to act on the server
 * (read its RSS, count its rooms, restart it) and waits for the answer.
 */
import type { ControlOp, DriverMessage, OrchestratorMessage } from './protocol.js';

export interface Control {
  /** Resident memory of the server process, in bytes. */
  rss(): Promise<number>;
  /** Rooms the server holds in memory. */
  rooms(): Promise<number>;
  /** Graceful stop and start again on the same database and port. */
  restart(): Promise<void>;
}

export function send(message: DriverMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('the driver must run with an IPC channel'));
    process.send(message, undefined, undefined, (error) => (error ? reject(error) : resolve()));
  });
}

export function ipcControl(): Control {
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: number | null) => void; reject: (error: Error) => void }>();
  process.on('message', (raw) => {
    const message = raw as OrchestratorMessage;
    if (message.type !== 'control-reply') return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message.value);
  });
  const ask = (op: ControlOp) =>
    new Promise<number | null>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      send({ type: 'control', id, op }).catch(reject);
    });
  return {
    rss: async () => (await ask('rss')) ?? 0,
    rooms: async () => (await ask('rooms')) ?? -1,
    restart: async () => {
      await ask('restart');
    },
  };
}
