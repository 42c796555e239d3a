/** The shell: a header with navigation, namespace and token, and the routed page. */
import { useState } from 'preact/hooks';
import { setToken } from './api/client';
import { useNamespace, useRoute } from './hooks/use-route';
import { routes } from './model/urls';
import { SubmitPage } from './pages/submit-page';
import { WorkflowList } from './pages/workflow-list';
import { WorkflowPage } from './pages/workflow-page';

export function App() {
  const route = useRoute();
  const [namespace, setNamespace] = useNamespace();
  const [draftNs, setDraftNs] = useState(namespace);
  const [token, setDraftToken] = useState('');
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header class="top">
        <a class="brand" href={routes.list()}>argo-ts</a>
        <nav aria-label="Main">
          <a href={routes.list()} aria-current={route.page === 'list' ? 'page' : undefined}>Workflows</a>
          <a href={routes.submit()} aria-current={route.page === 'submit' ? 'page' : undefined}>Submit</a>
        </nav>
        <form class="top__ns" onSubmit={(e) => { e.preventDefault(); setNamespace(draftNs.trim() || 'default'); }}>
          <label for="ns">Namespace</label>
          <input id="ns" value={draftNs} size={12} onInput={(e) => setDraftNs((e.target as HTMLInputElement).value)} />
          <button type="submit" class="button button--small">Use</button>
        </form>
        <details class="top__token">
          <summary>Token</summary>
          <form onSubmit={(e) => { e.preventDefault(); setToken(token); setDraftToken(''); location.reload(); }}>
            <label for="token">Bearer token (for auth mode client)</label>
            <input id="token" type="password" autocomplete="off" value={token} onInput={(e) => setDraftToken((e.target as HTMLInputElement).value)} />
            <button type="submit" class="button button--small">Save</button>
          </form>
        </details>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === 'workflow' ? <WorkflowPage key={`${route.namespace}/${route.name}`} namespace={route.namespace} name={route.name} node={route.node} />
          : route.page === 'submit' ? <SubmitPage namespace={namespace} />
            : <WorkflowList namespace={namespace} />}
      </main>
    </>
  );
}
