/**
 * Argo's API schema (vendored by @argo-ts/server as test data) as a response
 * validator: each answer is checked against the schema the swagger declares
 * for its operation, and every operation checked is recorded so a test can
 * demand that all of them were called.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// ajv is CommonJS; its 2020-12 build matches schema.json's $schema.
const Ajv2020 = require('ajv/dist/2020').default as new (o: object) => {
  addSchema(s: object, key?: string): void;
  addFormat(name: string, f: true | RegExp): void;
  compile(s: object): ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
};
const addFormats = require('ajv-formats').default as (ajv: unknown) => void;

type Obj = Record<string, any>;

export class Contract {
  readonly swagger: Obj;
  private readonly ajv;
  private readonly compiled = new Map<string, ReturnType<InstanceType<typeof Ajv2020>['compile']>>();
  readonly checked = new Set<string>();

  constructor() {
    this.swagger = JSON.parse(readFileSync(require.resolve('@argo-ts/server/testdata/swagger.json'), 'utf8')) as Obj;
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    for (const f of ['int32', 'int64', 'byte', 'binary', 'double', 'float', 'boolean']) this.ajv.addFormat(f, true);
    this.ajv.addSchema({ definitions: this.swagger.definitions }, 'argo');
  }

  /** Every `METHOD path` the swagger declares. */
  operations(): string[] {
    return Object.entries(this.swagger.paths as Obj).flatMap(([p, ops]) => Object.keys(ops as Obj).map((m) => `${m.toUpperCase()} ${p}`));
  }

  private validator(key: string, schema: Obj) {
    let v = this.compiled.get(key);
    if (!v) {
      const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/definitions\//g, '"argo#/definitions/')) as Obj;
      v = this.ajv.compile(rewritten);
      this.compiled.set(key, v);
    }
    return v;
  }

  private schemaFor(method: string, path: string, status: number): Obj {
    const op = (this.swagger.paths as Obj)[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`swagger has no ${method} ${path}`);
    const res = op.responses[String(status)] ?? op.responses.default;
    if (!res?.schema) throw new Error(`swagger declares no schema for ${method} ${path} ${status}`);
    return res.schema as Obj;
  }

  /** Throws with ajv's messages when `body` does not match; records the operation as exercised. */
  check(method: string, path: string, status: number, body: unknown): void {
    const key = `${method.toUpperCase()} ${path} ${status}`;
    const validate = this.validator(key, this.schemaFor(method, path, status));
    if (!validate(body)) {
      const errs = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      throw new Error(`${key}: answer does not match Argo's schema: ${errs}\n${JSON.stringify(body).slice(0, 500)}`);
    }
    this.checked.add(`${method.toUpperCase()} ${path}`);
  }
}
