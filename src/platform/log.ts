import pino, { type Logger } from 'pino';

/** JSON logs. Personal data is never logged: no e-mail, names, bodies, cookies or query strings. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'quartier' },
    redact: { paths: ['email', 'password', 'token', '*.email', '*.password', '*.token', 'headers.cookie', 'headers.authorization'], censor: '[redacted]' },
  });
}
