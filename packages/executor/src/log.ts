/** Log lines in the logfmt shape Argo's executor prints, so `argo logs` reads the same. */
export function logger(out: NodeJS.WritableStream) {
  const line = (level: string, msg: string, fields: Record<string, unknown> = {}) => {
    const extra = Object.entries(fields).map(([k, v]) => ` ${k}=${JSON.stringify(v)}`).join('');
    out.write(`time="${new Date().toISOString()}" level=${level} msg=${JSON.stringify(msg)}${extra}\n`);
  };
  return {
    info: (msg: string, fields?: Record<string, unknown>) => line('info', msg, fields),
    warn: (msg: string, fields?: Record<string, unknown>) => line('warning', msg, fields),
    error: (msg: string, fields?: Record<string, unknown>) => line('error', msg, fields),
  };
}
export type Logger = ReturnType<typeof logger>;
