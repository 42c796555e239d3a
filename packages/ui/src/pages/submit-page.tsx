/** Submit a workflow: paste YAML, or pick a WorkflowTemplate and fill its parameters. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { parameterArgs, readWorkflowManifest } from '../model/manifest';
import type { WorkflowTemplate } from '../model/types';
import { routes } from '../model/urls';

const EXAMPLE = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: dag-diamond-
spec:
  entrypoint: diamond
  templates:
  - name: diamond
    dag:
      tasks:
      - {name: A, template: echo, arguments: {parameters: [{name: message, value: A}]}}
      - {name: B, depends: A, template: echo, arguments: {parameters: [{name: message, value: B}]}}
      - {name: C, depends: A, template: echo, arguments: {parameters: [{name: message, value: C}]}}
      - {name: D, depends: B && C, template: echo, arguments: {parameters: [{name: message, value: D}]}}
  - name: echo
    inputs:
      parameters:
      - name: message
    container:
      image: busybox
      command: [echo, "{{inputs.parameters.message}}"]
`;

type Mode = 'yaml' | 'template';

export function SubmitPage({ namespace }: { namespace: string }) {
  const [mode, setMode] = useState<Mode>('yaml');
  return (
    <section aria-labelledby="submit-title">
      <div class="page-head">
        <h1 id="submit-title">Submit a workflow <span class="muted">to {namespace}</span></h1>
      </div>
      <div class="tabs" role="tablist" aria-label="How to submit">
        {(['yaml', 'template'] as const).map((m) => (
          <button key={m} type="button" role="tab" id={`tab-${m}`} aria-selected={mode === m} aria-controls={`panel-${m}`}
            class={`tab${mode === m ? ' tab--on' : ''}`} onClick={() => setMode(m)}>
            {m === 'yaml' ? 'Paste YAML' : 'From a workflow template'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${mode}`} aria-labelledby={`tab-${mode}`}>
        {mode === 'yaml' ? <YamlForm namespace={namespace} /> : <TemplateForm namespace={namespace} />}
      </div>
    </section>
  );
}

function useSubmit(): [string | undefined, boolean, (f: () => Promise<{ metadata: { name?: string; namespace?: string } }>, ns: string) => Promise<void>] {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const go = async (f: () => Promise<{ metadata: { name?: string; namespace?: string } }>, ns: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const wf = await f();
      location.hash = routes.workflow(wf.metadata.namespace ?? ns, wf.metadata.name ?? '');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return [error, busy, go];
}

function YamlForm({ namespace }: { namespace: string }) {
  const [text, setText] = useState(EXAMPLE);
  const [localError, setLocalError] = useState<string>();
  const [error, busy, go] = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    const r = readWorkflowManifest(text);
    if (!r.ok) { setLocalError(r.error); return; }
    setLocalError(undefined);
    const ns = r.namespace ?? namespace;
    void go(() => api.createWorkflow(ns, r.workflow), ns);
  };
  const shown = localError ?? error;
  return (
    <form class="submit-form" onSubmit={submit}>
      <label for="manifest">Workflow manifest (YAML or JSON)</label>
      <textarea id="manifest" name="manifest" spellcheck={false} rows={22} value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} aria-describedby={shown ? 'submit-error' : undefined} />
      {shown && <p id="submit-error" class="notice notice--error" role="alert">{shown}</p>}
      <div><button type="submit" class="button button--primary" disabled={busy}>{busy ? 'Submitting…' : 'Submit'}</button></div>
    </form>
  );
}

function TemplateForm({ namespace }: { namespace: string }) {
  const [templates, setTemplates] = useState<WorkflowTemplate[]>();
  const [loadError, setLoadError] = useState<string>();
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, busy, go] = useSubmit();
  useEffect(() => {
    api.listTemplates(namespace).then((r) => setTemplates(r.items ?? []), (e: Error) => setLoadError(e.message));
  }, [namespace]);
  const template = templates?.find((t) => t.metadata.name === chosen);
  const params = template?.spec.arguments?.parameters ?? [];
  const pick = (name: string) => {
    setChosen(name);
    const t = templates?.find((x) => x.metadata.name === name);
    setValues(Object.fromEntries((t?.spec.arguments?.parameters ?? []).map((p) => [p.name, String(p.value ?? p.default ?? p.enum?.[0] ?? '')])));
  };
  if (loadError) return <p class="notice notice--error" role="alert">{loadError}</p>;
  if (!templates) return <p class="muted">Loading templates…</p>;
  if (templates.length === 0) return <p class="muted">No workflow templates in {namespace}.</p>;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!chosen) return;
    void go(() => api.submitFromTemplate(namespace, chosen, parameterArgs(values)), namespace);
  };
  return (
    <form class="submit-form" onSubmit={submit}>
      <label for="template">Workflow template</label>
      <select id="template" value={chosen} onChange={(e) => pick((e.target as HTMLSelectElement).value)} required>
        <option value="">Choose a template…</option>
        {templates.map((t) => <option key={t.metadata.name} value={t.metadata.name}>{t.metadata.name}</option>)}
      </select>
      {params.length > 0 && (
        <fieldset>
          <legend>Parameters</legend>
          {params.map((p) => (
            <div class="field" key={p.name}>
              <label for={`param-${p.name}`}>{p.name}</label>
              {p.enum?.length ? (
                <select id={`param-${p.name}`} value={values[p.name]} onChange={(e) => setValues({ ...values, [p.name]: (e.target as HTMLSelectElement).value })}>
                  {p.enum.map((v) => <option key={String(v)} value={String(v)}>{String(v)}</option>)}
                </select>
              ) : (
                <input id={`param-${p.name}`} value={values[p.name] ?? ''} onInput={(e) => setValues({ ...values, [p.name]: (e.target as HTMLInputElement).value })} />
              )}
              {p.description && <small class="muted">{p.description}</small>}
            </div>
          ))}
        </fieldset>
      )}
      {error && <p class="notice notice--error" role="alert">{error}</p>}
      <div><button type="submit" class="button button--primary" disabled={busy || !chosen}>{busy ? 'Submitting…' : 'Submit'}</button></div>
    </form>
  );
}
