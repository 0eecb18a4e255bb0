/*
 * Errors that are answers, not faults (a 4xx, a refused token or handshake), are built with
 * stack capture off. Nobody reads their stack, and capturing one (walking the frames, later
 * formatting them through source maps) cost chat ~9 % of its CPU when clients were refused at
 * rate. This module is the one place the global limit is touched.
 */

/**
 * Turns stack capture off until the returned function is called. For a `super(...)` call, which
 * cannot be wrapped in a closure: `const resume = pauseStackCapture(); super(message); resume();`.
 */
export function pauseStackCapture(): () => void {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = stackTraceLimit;
  };
}

/** What `construct` returns, built with stack capture off; the limit is put back even if it throws. */
export function withoutStack<T>(construct: () => T): T {
  const resume = pauseStackCapture();
  try {
    return construct();
  } finally {
    resume();
  }
}
