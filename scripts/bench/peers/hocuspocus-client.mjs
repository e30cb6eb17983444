// The Hocuspocus client side for the bench driver: its provider together with the
// very yjs instance it uses, so documents made by the driver are ones it accepts.
export * as Y from 'yjs';
export { HocuspocusProvider } from '@hocuspocus/provider';
export { default as WebSocket } from 'ws';
