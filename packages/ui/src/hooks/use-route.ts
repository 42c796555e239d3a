import { useEffect, useState } from 'preact/hooks';
import { parseRoute, type Route } from '../model/urls';

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

const NS_KEY = 'argo-ts.namespace';

/** The namespace the list and submit pages use, remembered in localStorage ("default" at first). */
export function useNamespace(): [string, (ns: string) => void] {
  const [ns, setNs] = useState(() => localStorage.getItem(NS_KEY) || 'default');
  return [ns, (next: string) => {
    localStorage.setItem(NS_KEY, next);
    setNs(next);
  }];
}
