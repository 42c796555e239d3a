/** Settings kept across daemon restarts: ports (stable URLs) and S3 credentials. */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const SettingsSchema = z.object({
  apiPort: z.number().int().min(0).max(65535).optional(),
  s3Port: z.number().int().min(0).max(65535).optional(),
  serverPort: z.number().int().min(0).max(65535).optional(),
  /** The bearer token the Argo Server demands in server mode (`argo local ui` logs the browser in with it). */
  serverToken: z.string().min(1).optional(),
  /** The admin's bearer token for the API server (the daemon's kubeconfig carries it; nothing else is admin). */
  apiToken: z.string().min(1).optional(),
  accessKey: z.string().min(1),
  secretKey: z.string().min(1),
  /** How the kubelet gets images: auto (pull, host tools when no registry answers), pull, host. */
  images: z.enum(['auto', 'pull', 'host']).optional(),
  /** Registries (host[:port]) pulled from over plain http besides loopback. */
  insecureRegistries: z.array(z.string().min(1)).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function loadSettings(path: string): Settings & { serverToken: string; apiToken: string } {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return { accessKey: 'argo-ts', secretKey: randomBytes(18).toString('base64url'), serverToken: newToken(), apiToken: newToken() };
  }
  const parsed = SettingsSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  // State from before the Argo Server (or the admin token) existed gets its token now.
  return { ...parsed.data, serverToken: parsed.data.serverToken ?? newToken(), apiToken: parsed.data.apiToken ?? newToken() };
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function saveSettings(path: string, settings: Settings): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}
