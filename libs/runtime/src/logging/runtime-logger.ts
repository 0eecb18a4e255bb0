/** The pino-shaped subset the runtime logs through (an object first, then a message). */
export interface RuntimeLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}
