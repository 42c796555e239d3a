/**
 * Live data: a snapshot from the REST API, then the workflow-events stream
 * applied on top of it. The stream is opened before the snapshot is read so
 * no change between the two is lost (an event older than the held object is
 * ignored by resourceVersion).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, followStream } from '../api/client';
import { applyEvent, sortWorkflows } from '../model/list';
import type { WatchEvent, Workflow } from '../model/types';
import { streams } from '../api/client';

export interface Live<T> { data: T; error?: string; loading: boolean }

export function useWorkflowList(namespace: string): Live<Workflow[]> {
  const [state, setState] = useState<Live<Workflow[]>>({ data: [], loading: true });
  useEffect(() => {
    const abort = new AbortController();
    let list: Workflow[] = [];
    let pending: Array<WatchEvent<Workflow>> | undefined = [];
    setState({ data: [], loading: true });
    void followStream<WatchEvent<Workflow>>(streams.workflowEvents(namespace), {
      onResult: (ev) => {
        if (pending) { pending.push(ev); return; }
        list = applyEvent(list, ev);
        setState({ data: list, loading: false });
      },
      onError: (message) => setState((s) => ({ ...s, error: message })),
      onOpen: () => setState((s) => ({ ...s, error: undefined })),
    }, abort.signal);
    api.listWorkflows(namespace).then((res) => {
      list = sortWorkflows(res.items ?? []);
      for (const ev of pending ?? []) list = applyEvent(list, ev);
      pending = undefined;
      if (!abort.signal.aborted) setState({ data: list, loading: false });
    }, (e: Error) => {
      pending = undefined;
      if (!abort.signal.aborted) setState({ data: list, loading: false, error: e.message });
    });
    return () => abort.abort();
  }, [namespace]);
  return state;
}

export function useWorkflow(namespace: string, name: string): Live<Workflow | undefined> {
  const [state, setState] = useState<Live<Workflow | undefined>>({ data: undefined, loading: true });
  useEffect(() => {
    const abort = new AbortController();
    let held: Workflow | undefined;
    const take = (wf: Workflow) => {
      if (held && Number(wf.metadata.resourceVersion) < Number(held.metadata.resourceVersion)) return;
      held = wf;
      setState({ data: wf, loading: false });
    };
    setState({ data: undefined, loading: true });
    void followStream<WatchEvent<Workflow>>(streams.workflowEvents(namespace, name), {
      onResult: (ev) => {
        if (ev.object?.metadata?.name !== name) return;
        if (ev.type === 'DELETED') setState({ data: held, loading: false, error: 'This workflow was deleted.' });
        else take(ev.object);
      },
      onError: (message) => setState((s) => ({ ...s, error: message })),
      onOpen: () => setState((s) => ({ ...s, error: undefined })),
    }, abort.signal);
    api.getWorkflow(namespace, name).then(take, (e: Error) => {
      if (!abort.signal.aborted) setState((s) => ({ ...s, loading: false, error: e.message }));
    });
    return () => abort.abort();
  }, [namespace, name]);
  return state;
}
