import type { Logger } from 'pino';
import { serializeError } from './error-serializer';

/**
 * The last line of a crashing process, written even when the logger itself throws: a
 * throw here would replace the error being reported with one about logging. Falls back
 * to one plain JSON line on stderr carrying both errors.
 */
export function logFatal(
  logger: Pick<Logger, 'fatal'>,
  error: unknown,
  message: string,
  fallback: (line: string) => void = (line) => process.stderr.write(line),
): void {
  try {
    logger.fatal({ err: error }, message);
  } catch (loggingError) {
    const base = { level: 'fatal', time: new Date().toISOString(), pid: process.pid, msg: message };
    const full = attempt(() =>
      JSON.stringify({ ...base, err: serializeError(error), loggingErr: serializeError(loggingError) }),
    );
    const plain = () =>
      JSON.stringify({ ...base, err: { message: text(error) }, loggingErr: { message: text(loggingError) } });
    fallback(`${full ?? plain()}\n`);
  }
}

/** undefined when the errors cannot be serialised or written as JSON (a cycle, a BigInt, a throwing getter). */
function attempt(write: () => string): string | undefined {
  try {
    return write();
  } catch {
    return undefined;
  }
}

function text(value: unknown): string {
  try {
    return value instanceof Error ? value.message : String(value);
  } catch {
    return 'unprintable';
  }
}
