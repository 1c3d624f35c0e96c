/**
 * A reader that goes away (`confluence status | head -1`) makes the next write to stdout fail with EPIPE, which Node
 * raises as an unhandled 'error' event: a crash with a stack trace. Output nobody reads is dropped instead, and the
 * command finishes what it started (a sync must not stop halfway because its log reader left), then exits quietly.
 */
export interface GuardedStream {
  write(text: string): void;
  /** The reader has gone: further output is dropped. */
  readonly closed: boolean;
}

interface WritableLike {
  write(text: string): unknown;
  on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown;
}

export function guardPipe(stream: WritableLike): GuardedStream {
  let closed = false;
  stream.on('error', (err) => {
    if (err?.code === 'EPIPE' || err?.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    throw err;
  });
  return {
    write(text: string): void {
      if (closed) return;
      try {
        stream.write(text);
      } catch (err) {
        // Synchronous EPIPE (some platforms): same rule.
        if ((err as NodeJS.ErrnoException)?.code === 'EPIPE') closed = true;
        else throw err;
      }
    },
    get closed() {
      return closed;
    },
  };
}
