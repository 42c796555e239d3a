/** Where commands write, and their clock: injectable so handlers are testable. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stdout is a terminal (redraw in place, colours). */
  isTTY: boolean;
  now(): Date;
}

export const processIo: Io = {
  out: (text) => { process.stdout.write(text.endsWith('\n') ? text : `${text}\n`); },
  err: (text) => { process.stderr.write(text.endsWith('\n') ? text : `${text}\n`); },
  get isTTY() { return process.stdout.isTTY === true; },
  now: () => new Date(),
};
