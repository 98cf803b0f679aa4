import type { ChildProcess } from 'node:child_process';

/**
 * Collects a child's stdout and stderr and resolves with the first match of `pattern`;
 * rejects with everything it printed if the child exits first.
 */
export function waitForOutput(child: ChildProcess, pattern: RegExp) {
  let output = '';
  const matched = new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) resolve(match);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before printing ${pattern}:\n${output}`)));
  });
  return { matched, output: () => output };
}

/** Where `server.ts` says it is listening, once it has finished starting. */
export const SERVER_READY = /running at (http:\/\/\S+)[\s\S]*Ctrl-C to stop/;
