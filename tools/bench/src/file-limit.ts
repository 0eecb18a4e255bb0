// The services and k6 hold one file descriptor per socket: the chat suite's 10,000 connections
// (and k6's side of them) need more than the 1,024 many systems default to. The command runs
// under /bin/sh with the soft limit raised (to FILE_LIMIT, else as far as the hard limit
// allows), then exec's, so the pid is the command's own.

export const FILE_LIMIT = 65_536;

export function withFileLimit(command: string, args: string[]): [string, string[]] {
  const raise = `ulimit -n ${FILE_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"`;
  return ['/bin/sh', ['-c', raise, 'sh', command, ...args]];
}
