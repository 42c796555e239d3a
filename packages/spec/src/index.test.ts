import { packageName } from './index.js';
it('names the package', () => { expect(packageName).toBe('@argo-ts/spec'); });
