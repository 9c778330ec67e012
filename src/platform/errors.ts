/**
 * One error type with stable codes. `onError` (http/errors.ts) maps it to an HTML page or to RFC 9457
 * problem+json. Factories name every code the application uses.
 */
export interface FieldError {
  /** Field name as in the form / JSON body (dot path for nested). */
  field: string;
  /** Message key in the i18n catalogs. */
  key: string;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { fields?: FieldError[]; [k: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const errors = {
  validation: (fields: FieldError[], message = 'The input is not valid.') => new AppError(422, 'validation_failed', message, { fields }),
  unauthenticated: () => new AppError(401, 'unauthenticated', 'You need to sign in.'),
  forbidden: (action?: string) => new AppError(403, 'forbidden', 'You are not allowed to do this.', action ? { action } : {}),
  notFound: (entity = 'resource') => new AppError(404, 'not_found', `The ${entity} was not found.`, { entity }),
  conflict: (code: string, message: string, details: Record<string, unknown> = {}) => new AppError(409, code, message, details),
  csrf: () => new AppError(403, 'csrf_failed', 'The form has expired or was sent from elsewhere. Please try again.'),
  tooManyRequests: (retryAfterSeconds: number) =>
    new AppError(429, 'too_many_requests', 'Too many attempts. Please wait and try again.', { retryAfterSeconds }),
  payloadTooLarge: () => new AppError(413, 'payload_too_large', 'The request is too large.'),
  routeWithoutPolicy: (route: string) => new AppError(500, 'route_without_policy', `No policy entry for ${route}.`),
};
