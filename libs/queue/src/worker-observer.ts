/** Hook for metrics (the worker app counts jobs and times renders with it). */
export interface JobEvent {
  queue: 'render' | 'assemble';
  /** Component name (render jobs). */
  component?: string;
  /** false: this attempt failed (it may still be retried). */
  ok: boolean;
  seconds: number;
}

export type JobObserver = (event: JobEvent) => void;
