/**
 * The least the live engine needs of a websocket. The transport adapts a real socket to
 * this; the room never sees the transport.
 */
export interface CollabSocket {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes handed to the socket and not yet written to the network. */
  readonly bufferedAmount: number;
}
