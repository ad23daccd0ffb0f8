import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; LOG_LEVEL picks the level (tests default to silent). */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? defaultLevel()): Logger {
  return pino({ name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime });
}

function defaultLevel(): string {
  return process.env.JEST_WORKER_ID ? 'silent' : 'info';
}
