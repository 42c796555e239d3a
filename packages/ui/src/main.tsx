import { render } from 'preact';
import { setToken } from './api/client';
import { App } from './app';
import './styles.css';

// `argo local ui` (or a user) may hand the token over as `?token=`: keep it
// (localStorage and Argo's `authorization` cookie) and drop it from the address bar.
const params = new URLSearchParams(location.search);
const handed = params.get('token');
if (handed) {
  setToken(handed);
  params.delete('token');
  history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}${location.hash}`);
}

render(<App />, document.getElementById('app')!);
