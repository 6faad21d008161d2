/**
 * Graceful shutdown (API.md §9) around close-with-grace: on SIGTERM/SIGINT run `onShutdown`
 * (mark not-ready, close the server, drain in-flight work); exit 0 when it finishes within
 * SHUTDOWN_TIMEOUT_SECONDS, 1 when the deadline passes or it throws. A second signal exits 1.
 */
import closeWithGrace from 'close-with-grace';

export interface ShutdownLogger {
  info(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface GracefulShutdownOptions {
  timeoutSeconds: number;
  logger?: ShutdownLogger;
  /** Called once; `reason` is the signal name, or 'error' for an uncaught exception. */
  onShutdown(reason: string): Promise<void>;
}

export interface GracefulShutdown {
  /** Run the shutdown now (same path as a signal); the process then exits. */
  close(): void;
  /** Remove the signal handlers (tests). */
  uninstall(): void;
}

export function installGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const { logger } = options;
  const handle = closeWithGrace(
    {
      delay: options.timeoutSeconds * 1000,
      // close-with-grace logs with (message) only; adapt to pino's (obj, msg).
      logger: logger ? { error: (m: unknown) => logger.error(m, 'shutdown') } : false,
      onTimeout: (delay: number) => logger?.error({ delayMs: delay }, 'shutdown deadline passed; closing remaining connections'),
    },
    async ({ signal, err }) => {
      if (err) logger?.error({ err }, 'uncaught error; shutting down');
      logger?.info({ signal }, 'shutting down');
      await options.onShutdown(signal ?? (err ? 'error' : 'exit'));
    },
  );
  return { close: () => void handle.close(), uninstall: () => handle.uninstall() };
}
