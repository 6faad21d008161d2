import { Type, type Static } from 'typebox';

/** Error codes of API.md §3.1. */
export const ErrorCode = {
  INVALID_REQUEST: 'INVALID_REQUEST',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  NOT_FOUND: 'NOT_FOUND',
  NO_MATCHING_RULE: 'NO_MATCHING_RULE',
  RATE_LIMIT_EXCEEDED: 'RATE_LIMIT_EXCEEDED',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  TIMEOUT: 'TIMEOUT',
  UNAUTHORIZED: 'UNAUTHORIZED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_STATUS: Record<ErrorCode, number> = {
  INVALID_REQUEST: 400,
  METHOD_NOT_ALLOWED: 405,
  NOT_FOUND: 404,
  NO_MATCHING_RULE: 404,
  RATE_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 504,
  UNAUTHORIZED: 401,
};

export const ERROR_RETRYABLE: Record<ErrorCode, boolean> = {
  INVALID_REQUEST: false,
  METHOD_NOT_ALLOWED: false,
  NOT_FOUND: false,
  NO_MATCHING_RULE: false,
  RATE_LIMIT_EXCEEDED: true,
  INTERNAL_ERROR: true,
  SERVICE_UNAVAILABLE: true,
  TIMEOUT: true,
  UNAUTHORIZED: false,
};

export type ErrorDetails = Record<string, unknown>;

export interface AicrErrorOptions {
  /** Overrides the code's usual status (413/431/408 share INVALID_REQUEST, API.md §3.1). */
  status?: number;
  /** Extra response headers, e.g. Retry-After or Allow. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error type of the service. Libraries throw it; the gateway's single error handler
 * turns it into the envelope. Plain data so it can cross the queue (see toJSON/fromJSON).
 */
export class AicrError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetails;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails, options: AicrErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AicrError';
    this.code = code;
    if (details !== undefined && Object.keys(details).length > 0) this.details = details;
    this.status = options.status ?? ERROR_STATUS[code];
    this.headers = options.headers ?? {};
  }

  get retryable(): boolean {
    return ERROR_RETRYABLE[this.code];
  }

  toJSON(): SerializedAicrError {
    return { code: this.code, message: this.message, details: this.details, status: this.status, headers: this.headers };
  }

  static fromJSON(s: SerializedAicrError): AicrError {
    return new AicrError(s.code, s.message, s.details, { status: s.status, headers: s.headers });
  }

  static is(e: unknown): e is AicrError {
    return e instanceof AicrError;
  }
}

export interface SerializedAicrError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
  status: number;
  headers: Record<string, string>;
}

export const invalidRequest = (message: string, details?: ErrorDetails, status?: number) =>
  new AicrError(ErrorCode.INVALID_REQUEST, message, details, status ? { status } : {});

/** The error body of API.md §3: every 4xx/5xx of every route. */
export const ErrorEnvelope = Type.Object(
  {
    code: Type.Union(Object.values(ErrorCode).map((c) => Type.Literal(c))),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    requestId: Type.String(),
    timestamp: Type.String({ format: 'date-time' }),
    retryable: Type.Boolean(),
  },
  { $id: 'ErrorEnvelope' },
);
export type ErrorEnvelope = Static<typeof ErrorEnvelope>;
