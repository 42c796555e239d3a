/**
 * `resource.flags`: Argo appends these to its `kubectl <action>` command line. We run no kubectl,
 * so the flags are parsed into what they mean: an optional target (`kind name` or `kind/name`,
 * which for patch replaces the manifest as the thing to change) and the few options we honour.
 * Any other flag is refused by name rather than silently ignored.
 */
import { ExecutorError } from '../errors.js';

export interface Target { type: string; name: string }

export interface KubectlFlags {
  target?: Target;
  namespace?: string;
  ignoreNotFound?: boolean;
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

type Setter = (f: KubectlFlags, value: string, where: string) => void;
interface FlagSpec { names: string[]; actions?: string[]; boolean?: boolean; set: Setter }

const bad = (where: string, msg: string) => new ExecutorError('BadTemplate', `${where}: ${msg}`);

function bool(value: string, where: string): boolean {
  if (value === 'true' || value === '') return true;
  if (value === 'false') return false;
  throw bad(where, `expected true or false, got "${value}"`);
}

const CASCADE: Record<string, KubectlFlags['propagationPolicy']> = {
  background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan',
};

const SPECS: FlagSpec[] = [
  { names: ['-n', '--namespace'], set: (f, v, w) => { if (!v) throw bad(w, 'namespace is empty'); f.namespace = v; } },
  { names: ['--ignore-not-found'], actions: ['get', 'delete'], boolean: true, set: (f, v, w) => { f.ignoreNotFound = bool(v, w); } },
  {
    names: ['--grace-period'], actions: ['delete'], set: (f, v, w) => {
      if (!/^-?\d+$/.test(v)) throw bad(w, `expected whole seconds, got "${v}"`);
      // kubectl: a negative grace period means the object's own default.
      if (Number(v) >= 0) f.gracePeriodSeconds = Number(v);
    },
  },
  {
    names: ['--cascade'], actions: ['delete'], set: (f, v, w) => {
      const p = CASCADE[v || 'background'];
      if (!p) throw bad(w, `expected background, foreground or orphan, got "${v}"`);
      f.propagationPolicy = p;
    },
  },
];

const supported = (action: string) =>
  SPECS.filter((s) => !s.actions || s.actions.includes(action)).map((s) => s.names.join('/')).join(', ');

function addTarget(f: KubectlFlags, positional: string[], where: string): void {
  if (positional.length === 0) return;
  const [first = '', second] = positional;
  if (positional.length > 2 || (first.includes('/') && second !== undefined)) {
    throw bad(where, `one target only, as "kind name" or "kind/name"; got "${positional.join(' ')}"`);
  }
  const [type, name] = first.includes('/') ? [first.slice(0, first.indexOf('/')), first.slice(first.indexOf('/') + 1)] : [first, second];
  if (!type || !name) throw bad(where, `a target needs a kind and a name ("kind name" or "kind/name"); got "${positional.join(' ')}"`);
  f.target = { type, name };
}

/** Parses `resource.flags` for `action`; errors name the flag's index and list what is accepted. */
export function parseFlags(action: string, flags: readonly string[]): KubectlFlags {
  const out: KubectlFlags = {};
  const positional: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const arg = flags[i]!;
    const where = `resource.flags[${i}]`;
    if (!arg.startsWith('-') || arg === '-') {
      if (!arg) throw bad(where, 'empty argument (did a parameter resolve to nothing?)');
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = SPECS.find((s) => s.names.includes(name) && (!s.actions || s.actions.includes(action)));
    if (!spec) throw bad(where, `kubectl flag "${name}" is not supported for action ${action} (supported: ${supported(action)})`);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (spec.boolean) value = '';
    else {
      if (i + 1 >= flags.length) throw bad(where, `"${name}" needs a value`);
      value = flags[++i]!;
    }
    spec.set(out, value, where);
  }
  addTarget(out, positional, 'resource.flags');
  return out;
}
