/**
 * The live document's websocket, handling what arrives in batches of one frame.
 *
 * Each change from a colleague makes the editor update the changed blocks and the page.
 * Handled one message at a time, a busy page falls behind and local keys queue behind
 * remote ones. Handled together, every message that arrived within a frame becomes one
 * Yjs transaction (so one editor update), run just after the frame is drawn: the browser
 * gives a waiting keystroke the turn before it, and the frame that shows the keystroke
 * does not also carry the colleagues' changes.
 *
 * Until the document's first sync on a connection, messages are handled as they arrive:
 * nothing typed can be waiting yet, and the editor shows the document a frame sooner.
 */

/** Runs a batch of message handlers, e.g. inside one Yjs transaction. */
export type BatchRunner = (handleAll: () => void) => void;

export interface MessageBatcherOptions {
  /** Asks for `flush` to run soon, just after the next frame where there is one. */
  schedule: (flush: () => void) => void;
  runBatch: BatchRunner;
  /** While this holds, each message is handled as it arrives (say, before the first sync). */
  handleAtOnce?: () => boolean;
  /** A handler threw: the others in the batch still run. */
  onError: (error: unknown) => void;
}

/** Messages waiting for the next batch, handled in the order they arrived. */
export class MessageBatcher<Message> {
  private queued: Message[] = [];
  private scheduled = false;

  constructor(
    private readonly handle: (message: Message) => void,
    private readonly options: MessageBatcherOptions,
  ) {}

  add(message: Message): void {
    this.queued.push(message);
    if (this.options.handleAtOnce?.()) {
      this.flush();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    this.options.schedule(this.flush);
  }

  /** Handles everything queued now (before a close, say, so nothing that arrived is dropped). */
  readonly flush = (): void => {
    this.scheduled = false;
    if (this.queued.length === 0) return;
    const batch = this.queued;
    this.queued = [];
    this.options.runBatch(() => {
      for (const message of batch) {
        try {
          this.handle(message);
        } catch (error) {
          this.options.onError(error);
        }
      }
    });
  };
}

/** Just after the next frame is drawn; in a hidden tab, whose frames stop, soon all the same. */
function afterNextFrame(flush: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    flush();
  };
  // A task queued from the frame's callback runs once that frame is painted.
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, hiddenTabDelayMs);
}

/** Long enough that a visible page always draws a frame first. */
const hiddenTabDelayMs = 100;

/**
 * A WebSocket class for y-websocket's `WebSocketPolyfill` option: the handler the
 * provider sets as `onmessage` receives messages in batches run by `runBatch`, and a close
 * is handled only after every message that arrived before it.
 */
export function frameBatchedWebSocket(runBatch: BatchRunner, handleAtOnce?: () => boolean): typeof WebSocket {
  return class FrameBatchedWebSocket extends WebSocket {
    private messageHandler: ((event: MessageEvent) => void) | null = null;
    private closeHandler: ((event: CloseEvent) => void) | null = null;
    private readonly batcher = new MessageBatcher<MessageEvent>((event) => this.messageHandler?.(event), {
      schedule: afterNextFrame,
      runBatch,
      handleAtOnce,
      onError: (error) => reportError(error),
    });

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      super.addEventListener('message', (event) => this.batcher.add(event));
      super.addEventListener('close', (event) => {
        this.batcher.flush();
        this.closeHandler?.(event);
      });
    }

    // y-websocket sets these handlers as properties; the events reach them through the batch.
    override get onmessage(): ((event: MessageEvent) => void) | null {
      return this.messageHandler;
    }
    override set onmessage(handler: ((event: MessageEvent) => void) | null) {
      this.messageHandler = handler;
    }
    override get onclose(): ((event: CloseEvent) => void) | null {
      return this.closeHandler;
    }
    override set onclose(handler: ((event: CloseEvent) => void) | null) {
      this.closeHandler = handler;
    }
  };
}
